// Cluster builder: validates CreateCluster-shaped settings with Redshift's rules
// and builds the stored body of a new cluster in its "creating" state; then
// inserts it. Used by CreateCluster and RestoreFromClusterSnapshot (which
// passes the snapshot's configuration merged with the restore request).
// Thread-safety: call inside the request's transaction only.
#pragma once

#include <string>
#include <vector>

#include "api/request_context.h"
#include "api/value.h"
#include "common/status.h"
#include "storage/resource_store.h"

namespace rsemu::api::handlers {

enum class ClusterSource {
  kCreate,   // CreateCluster: MasterUserPassword or ManageMasterPassword required
  kRestore,  // RestoreFromClusterSnapshot: the password comes from the snapshot
};

struct NewCluster {
  std::string identifier;
  Value body;  // the Cluster shape (without Tags) plus internal members
  std::vector<storage::Tag> tags;
};

// Validates `input` (members of CreateClusterMessage) and builds the new
// cluster. Errors: InvalidParameterValue, InvalidParameterCombination,
// MissingParameter, InvalidRetentionPeriodFault, NumberOfNodesPerClusterLimitExceeded,
// *NotFound for referenced groups/HSM resources, InvalidTagFault, TagLimitExceededFault.
Result<NewCluster> PrepareNewCluster(RequestContext& context, const Value& input,
                                     ClusterSource source);
// Stores it (ClusterAlreadyExists if the identifier is taken in the caller's
// account and region) and returns the Cluster output with its tags.
Result<Value> InsertNewCluster(RequestContext& context, NewCluster& cluster);

}  // namespace rsemu::api::handlers
