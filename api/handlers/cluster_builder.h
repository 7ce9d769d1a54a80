// Cluster builder: validates CreateCluster-shaped settings with Redshift's rules
// and builds the stored body of a new cluster in its "creating" state; then
// inserts it (counting its nodes against the account's node quota). Used by
// CreateCluster and RestoreFromClusterSnapshot (which passes the snapshot's
// configuration merged with the restore request). The reference checks and
// body parts are shared with ModifyCluster.
// Thread-safety: call inside the request's transaction only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/handlers/cluster_state.h"
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
// Settings checks shared with ModifyCluster.
inline constexpr const char* kDefaultParameterGroup = "default.redshift-1.0";
// Encrypted=false is refused (clusters are always encrypted).
Status ValidateEncrypted(const Value& input);
// At most 50 role ARNs, each well formed; `default_role` (if given) among them.
Status ValidateIamRoles(const std::vector<std::string>& roles, const Value* default_role);
Status ValidateElasticIp(const std::string& ip);  // InvalidElasticIpFault
// ClusterParameterGroupNotFound / ClusterSecurityGroupNotFound / Hsm*NotFoundFault.
Status RequireParameterGroup(RequestContext& context, const std::string& name);
Status RequireSecurityGroups(RequestContext& context, const std::vector<std::string>& groups);
Status RequireHsm(RequestContext& context, const Value& input);
// Body parts of the Cluster shape.
Value SecurityGroupMemberships(const std::vector<std::string>& groups);
// The VPC's default group when `ids` is empty.
Value VpcSecurityGroupMemberships(const RequestContext& context, std::vector<std::string> ids);
Value ParameterGroupStatuses(const std::string& name, std::string_view apply_status);
Value HsmStatusOf(const Value& input, std::string_view status);
Value ElasticIpStatusOf(const std::string& ip);
std::string MasterPasswordSecretArn(RequestContext& context, const std::string& cluster_id,
                                    const std::string& master_username);

// Stores it (ClusterAlreadyExists if the identifier is taken in the caller's
// account and region; NumberOfNodesQuotaExceeded beyond the node quota) and
// returns the cluster as created (its row, and the body the answer shows: the
// stored row may already be settled when the transition delay is zero).
Result<LoadedCluster> InsertNewCluster(RequestContext& context, NewCluster& cluster);

}  // namespace rsemu::api::handlers
