// Cluster rules: Redshift's validation of cluster settings — node types and
// node counts, ports, master user name and password, database name,
// maintenance windows, retention periods — as tables and small checks.
// Thread-safety: pure functions over constant tables.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/regions.h"
#include "common/status.h"

namespace rsemu::api::handlers {

struct NodeTypeInfo {
  std::string_view name;
  bool single_node_allowed;
  int max_nodes;
  bool ra3_ports;  // ra3/rg port ranges (5431-5455, 8191-8215) instead of 1150-65535
  int64_t storage_megabytes_per_node;
};

// Every current node type, in the order AWS lists them.
std::span<const NodeTypeInfo> NodeTypes();
// Null when `node_type` is not a current Redshift node type.
const NodeTypeInfo* FindNodeType(std::string_view node_type);
Status ValidateNodeType(std::string_view node_type);
// Resolves ClusterType/NumberOfNodes into a node count (see redshift-behaviour.md §1).
// cluster_type and number_of_nodes are empty/-1 when not given.
Result<int> ResolveNodeCount(const NodeTypeInfo& node_type, std::string_view cluster_type,
                             int64_t number_of_nodes);
Status ValidatePort(const NodeTypeInfo& node_type, int64_t port);
Status ValidateMasterUsername(std::string_view name);
Status ValidateMasterPassword(std::string_view password);
Status ValidateDbName(std::string_view name);
// Names of GetClusterCredentials (DbUser, DbName, DbGroups): 1..64 letters
// (lower-case only when `lower_only`), digits and _ + . @ -, first a letter,
// not PUBLIC, not a reserved word. `parameter` names the member.
Status ValidateDatabaseUserName(std::string_view parameter, std::string_view name, bool lower_only);
// "ddd:hh24:mi-ddd:hh24:mi", at least 30 minutes; returns it lower-cased.
Result<std::string> NormalizeMaintenanceWindow(std::string_view window);
// The next start of `window` (normalized) after `now_millis`.
int64_t NextWindowStart(std::string_view window, int64_t now_millis);
Status ValidateAutomatedRetention(const NodeTypeInfo& node_type, int64_t days);
// -1 or 1..3653, else InvalidRetentionPeriodFault.
Status ValidateManualRetention(int64_t days);

// Nodes per account and region (NumberOfNodesQuotaExceeded beyond).
inline constexpr int64_t kNodeQuotaPerAccountRegion = 200;
// IAM roles per cluster.
inline constexpr size_t kMaxIamRolesPerCluster = 50;

// The availability zones of `region`, e.g. us-east-1a..us-east-1f.
std::vector<std::string> AvailabilityZones(std::string_view region);
Status ValidateAvailabilityZone(std::string_view region, std::string_view zone);
// Only "1.0" exists.
Status ValidateClusterVersion(std::string_view version);
// "current" or "trailing", else InvalidClusterTrack.
Status ValidateMaintenanceTrack(std::string_view track);
// "ipv4" or "dualstack".
Status ValidateIpAddressType(std::string_view type);
// arn:aws:iam::<12 digits>:role/<name>.
Status ValidateIamRoleArn(std::string_view arn);
// The database revision new clusters run and the newest one available.
inline constexpr std::string_view kCurrentDbRevision = "94126";
inline constexpr std::string_view kLatestDbRevision = "95135";

}  // namespace rsemu::api::handlers
