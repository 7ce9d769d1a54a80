// Cluster state: how a stored cluster is loaded, settled and shown, shared by
// every handler family that touches clusters (clusters, snapshots, tags…).
//
// A stored cluster is its API shape (the model's Cluster structure) plus
// internal members whose names start with '_' (never encoded). A transition
// (creating, modifying, renaming, resizing, rebooting, pausing, resuming,
// rotating-keys, cancelling-resize → available or paused; deleting /
// final-snapshot → gone) is recorded as _SettleAt/_SettleTo plus _Apply (the
// members the settled cluster takes) and applied lazily when the cluster is next
// read at or after _SettleAt on the injected clock; with --transition-delay 0
// the next read sees the settled state. Settling also finishes what the
// transitional state was doing: PendingModifiedValues empties, IAM roles
// adding → in-sync (removing → gone), parameter groups applying →
// pending-reboot, HSM applying → active, the endpoint and nodes are recomputed,
// a resize in progress (_Resize) succeeds.
// Thread-safety: call inside the request's transaction only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/request_context.h"
#include "api/value.h"
#include "common/status.h"
#include "storage/resource_store.h"

namespace rsemu::api::handlers {

inline constexpr const char* kClusterType = "cluster";
inline constexpr const char* kSnapshotType = "snapshot";
// Internal members of a stored resource (not in the model, never encoded).
inline constexpr const char* kSettleAt = "_SettleAt";
inline constexpr const char* kSettleTo = "_SettleTo";
inline constexpr const char* kSettleDeleted = "deleted";
inline constexpr const char* kSettleAvailable = "available";
inline constexpr const char* kSettlePaused = "paused";
// Members set on the body when the transition settles (a null value erases).
inline constexpr const char* kApply = "_Apply";
// The last resize: TargetNodeType, TargetNumberOfNodes, TargetClusterType,
// ResizeType, Status, StartMillis, EndMillis, Message.
inline constexpr const char* kResize = "_Resize";
// The cluster's audit-logging settings (LoggingStatus shape).
inline constexpr const char* kLogging = "_Logging";
inline constexpr const char* kQuotaType = "quota";

struct LoadedCluster {
  storage::ResourceRecord record;
  Value body;
};

// ClusterNotFound (404) with AWS's message.
Status ClusterNotFound(std::string_view id);
// The configured transition delay in milliseconds.
int64_t DelayMillis(const RequestContext& context);
// "<id>.<token>.<region>.redshift.amazonaws.com", the token stable per account and region.
std::string EndpointAddress(const RequestContext& context, std::string_view id);
std::string VpcId(const RequestContext& context);
std::string DefaultVpcSecurityGroupId(const RequestContext& context);
// The ClusterNodes list for a body's NumberOfNodes and PubliclyAccessible.
Value ClusterNodes(const Value& body);

// Loads `row` (a cluster of the caller), applying a due transition and
// persisting it; nullopt when the cluster just finished deleting.
Result<std::optional<LoadedCluster>> LoadCluster(RequestContext& context,
                                                 const storage::ResourceRecord& row);
// `body` with its transition applied, as the next read would, when that
// transition is already due (a zero --transition-delay); nullopt otherwise,
// and for a due deletion.
std::optional<Value> SettledCopy(const RequestContext& context, const Value& body);
// The caller's cluster `id` in the request's region, settled; nullopt if none.
Result<std::optional<LoadedCluster>> FindCluster(RequestContext& context, const std::string& id);
// The caller's cluster `id` or ClusterNotFound.
Result<LoadedCluster> RequireCluster(RequestContext& context, const std::string& id);
// Starts a transition on `body`: it shows `status` and `availability` now
// (unchanged when empty) and settles to `target` after the configured delay,
// taking the members of `apply` then (merged with those of a transition already
// pending). Does not save.
void BeginTransition(const RequestContext& context, Value* body, std::string_view status,
                     std::string_view availability, std::string_view target,
                     Value apply = Value::Object());
// True for the statuses that settle by themselves (creating, modifying, ...).
bool IsTransitional(std::string_view status);
// InvalidClusterState (AWS's message) unless the cluster's status is `allowed`.
Status RequireStatus(const LoadedCluster& cluster, std::string_view allowed);
// Adds `delta` nodes to the caller's running node count in the request's
// region (a row of type "quota"); NumberOfNodesQuotaExceeded when an increase
// would pass kNodeQuotaPerAccountRegion. O(1): no scan of the clusters.
Status AdjustNodeCount(RequestContext& context, int64_t delta);
// Renames the cluster's row (identifier, ARN; tags follow the row) and points
// the snapshots taken of this cluster at the new identifier. ClusterAlreadyExists
// if `new_id` is taken. Saves the cluster.
Status RenameCluster(RequestContext& context, LoadedCluster& cluster, const std::string& new_id);
// Records a cluster event (source type "cluster").
Status RecordClusterEvent(RequestContext& context, const std::string& cluster_id,
                          std::string_view category, std::string_view event_id,
                          std::string message);

// Writes `cluster.body` back to its row.
Status SaveCluster(RequestContext& context, LoadedCluster& cluster);
// The cluster as the API shows it: the body plus its Tags.
Result<Value> ClusterOutput(RequestContext& context, const LoadedCluster& cluster);
// The same, moving the body out of `cluster` (for pages: no copy per cluster).
Result<Value> ClusterOutput(RequestContext& context, LoadedCluster&& cluster);

// The Snapshot shape (plus internal members) of a snapshot of `cluster` named
// `snapshot_id` ("manual" or "automated"), available at once; not stored.
Value SnapshotBodyOfCluster(const RequestContext& context, const LoadedCluster& cluster,
                            const std::string& snapshot_id, std::string_view snapshot_type,
                            int64_t retention_days);
// Stores `snapshot` (a SnapshotBodyOfCluster body) in the caller's account and
// region. ClusterSnapshotAlreadyExists if its name is taken there.
Result<storage::ResourceRecord> InsertSnapshot(RequestContext& context, const Value& snapshot);
// Stores a snapshot of `cluster` named `snapshot_id` ("manual" or
// "automated"), available at once. ClusterSnapshotAlreadyExists if the name is
// taken in the caller's account and region. Returns the stored record.
Result<storage::ResourceRecord> CreateSnapshotOfCluster(RequestContext& context,
                                                        const LoadedCluster& cluster,
                                                        const std::string& snapshot_id,
                                                        std::string_view snapshot_type,
                                                        int64_t retention_days);

}  // namespace rsemu::api::handlers
