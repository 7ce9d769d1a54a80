// Cluster handler families: the operations on clusters are split by theme over
// several files, all registered from RegisterClusterHandlers (clusters.cpp).
// Also the small helpers those handlers share.
// Thread-safety: handlers run inside the request's transaction only.
#pragma once

#include <string>
#include <vector>

#include "api/handlers/cluster_state.h"
#include "api/request_context.h"
#include "api/value.h"
#include "common/status.h"

namespace rsemu::api {
class Registry;
}

namespace rsemu::api::handlers {

// ModifyCluster (cluster_modify.cpp).
void RegisterClusterModifyHandlers(Registry* registry);
// Reboot, Pause, Resume, Resize, DescribeResize, CancelResize, RotateEncryptionKey,
// ModifyClusterIamRoles, ModifyClusterMaintenance, ModifyClusterDbRevision
// (cluster_lifecycle.cpp).
void RegisterClusterLifecycleHandlers(Registry* registry);
// Enable/Disable/DescribeLoggingStatus, snapshot copy, cluster credentials
// (cluster_logging.cpp).
void RegisterClusterLoggingHandlers(Registry* registry);
// DescribeClusterVersions, DescribeOrderableClusterOptions, DescribeClusterTracks,
// DescribeClusterDbRevisions (cluster_catalog.cpp).
void RegisterClusterCatalogHandlers(Registry* registry);

// A page of the caller's clusters for a Describe* input: ClusterIdentifier
// (one cluster or ClusterNotFound; not with Marker), TagKeys/TagValues,
// MaxRecords/Marker. `marker` is empty on the last page.
struct ClusterPage {
  std::vector<LoadedCluster> clusters;
  std::string marker;
};
Result<ClusterPage> ReadClusterPage(RequestContext& context, const Value& input);

// {"Cluster": <the cluster as the API shows it>}.
Result<Value> ClusterResult(RequestContext& context, const LoadedCluster& cluster);
// Saves the cluster, then answers ClusterResult.
Result<Value> SaveAndAnswer(RequestContext& context, LoadedCluster& cluster);

// Starts a resize of `cluster` to the node type / count / cluster type given in
// `input` (members of ResizeClusterMessage; current values when absent),
// validated with CreateCluster's rules and the node quota. `classic` picks
// ClassicResize (cancellable) over ElasticResize. False (and nothing done) when
// the node configuration would not change. Does not save.
Result<bool> StartResize(RequestContext& context, LoadedCluster& cluster, const Value& input,
                         bool classic);

}  // namespace rsemu::api::handlers
