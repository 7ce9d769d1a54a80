// Describe-only cluster catalogs: DescribeClusterVersions,
// DescribeOrderableClusterOptions (node types × cluster types × the request
// region's availability zones), DescribeClusterTracks and
// DescribeClusterDbRevisions, all paginated with reusable markers.
#include <algorithm>
#include <utility>

#include "api/handlers/cluster_handlers.h"
#include "api/handlers/cluster_rules.h"
#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "api/registry.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

constexpr int64_t kCurrentRevisionDate = 1757462400000;  // 2025-09-10T00:00:00Z
constexpr int64_t kLatestRevisionDate = 1762300800000;   // 2025-11-05T00:00:00Z

// Pages `items` (sorted by key) into out[list_member] and out["Marker"].
Result<Value> PageOf(const Value& input, std::vector<std::pair<std::string, Value>> items,
                     const char* list_member) {
  RSEMU_ASSIGN_OR_RETURN(PageRequest page, ReadPage(input));
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Value list = Value::List();
  Value out = Value::Object();
  std::string last;
  for (auto& [key, item] : items) {
    if (page.after && key <= *page.after) continue;
    if (static_cast<int>(list.size()) == page.max_records) {
      out.Set("Marker", Value::String(EncodeMarker(last)));
      break;
    }
    last = key;
    list.Push(std::move(item));
  }
  out.Set(list_member, std::move(list));
  return out;
}

Result<Value> DescribeClusterVersions(RequestContext&, const Value& input) {
  std::vector<std::pair<std::string, Value>> items;
  if (input.GetString("ClusterVersion", "1.0") == "1.0" &&
      input.GetString("ClusterParameterGroupFamily", "redshift-1.0") == "redshift-1.0") {
    Value version = Value::Object();
    version.Set("ClusterVersion", Value::String("1.0"));
    version.Set("ClusterParameterGroupFamily", Value::String("redshift-1.0"));
    version.Set("Description", Value::String("Redshift Cluster Version 1.0"));
    items.emplace_back("1.0", std::move(version));
  }
  return PageOf(input, std::move(items), "ClusterVersions");
}

Result<Value> DescribeOrderableClusterOptions(RequestContext& context, const Value& input) {
  std::vector<std::pair<std::string, Value>> items;
  if (input.GetString("ClusterVersion", "1.0") != "1.0") {
    return PageOf(input, std::move(items), "OrderableClusterOptions");
  }
  Value zones = Value::List();
  for (const std::string& name : AvailabilityZones(context.region)) {
    Value zone = Value::Object();
    zone.Set("Name", Value::String(name));
    zone.Set("SupportedPlatforms", Value::List());
    zones.Push(std::move(zone));
  }
  for (const NodeTypeInfo& node_type : NodeTypes()) {
    if (input.Has("NodeType") && input.GetString("NodeType") != node_type.name) continue;
    for (std::string_view cluster_type : {"multi-node", "single-node"}) {
      if (cluster_type == "single-node" && !node_type.single_node_allowed) continue;
      Value option = Value::Object();
      option.Set("ClusterVersion", Value::String("1.0"));
      option.Set("ClusterType", Value::String(std::string(cluster_type)));
      option.Set("NodeType", Value::String(std::string(node_type.name)));
      option.Set("AvailabilityZones", zones);
      items.emplace_back(std::string(node_type.name) + "/" + std::string(cluster_type),
                         std::move(option));
    }
  }
  return PageOf(input, std::move(items), "OrderableClusterOptions");
}

Value Track(std::string_view name, std::string_view version, std::string_view other,
            std::string_view other_version) {
  Value target = Value::Object();
  target.Set("MaintenanceTrackName", Value::String(std::string(other)));
  target.Set("DatabaseVersion", Value::String(std::string(other_version)));
  Value operations = Value::List();
  for (const char* operation : {"restore-from-cluster-snapshot", "modify-cluster"}) {
    Value item = Value::Object();
    item.Set("OperationName", Value::String(operation));
    operations.Push(std::move(item));
  }
  target.Set("SupportedOperations", std::move(operations));
  Value targets = Value::List();
  targets.Push(std::move(target));
  Value track = Value::Object();
  track.Set("MaintenanceTrackName", Value::String(std::string(name)));
  track.Set("DatabaseVersion", Value::String(std::string(version)));
  track.Set("UpdateTargets", std::move(targets));
  return track;
}

Result<Value> DescribeClusterTracks(RequestContext&, const Value& input) {
  std::string current_version = "1.0." + std::string(kLatestDbRevision);
  std::string trailing_version = "1.0." + std::string(kCurrentDbRevision);
  std::vector<std::pair<std::string, Value>> items;
  items.emplace_back("current", Track("current", current_version, "trailing", trailing_version));
  items.emplace_back("trailing", Track("trailing", trailing_version, "current", current_version));
  if (input.Has("MaintenanceTrackName")) {
    std::string name = input.GetString("MaintenanceTrackName");
    RSEMU_RETURN_IF_ERROR(ValidateMaintenanceTrack(name));
    std::erase_if(items, [&](const auto& item) { return item.first != name; });
  }
  return PageOf(input, std::move(items), "MaintenanceTracks");
}

Value DbRevision(const LoadedCluster& cluster) {
  std::string current = cluster.body.GetString("ClusterRevisionNumber");
  Value revision = Value::Object();
  revision.Set("ClusterIdentifier", Value::String(cluster.body.GetString("ClusterIdentifier")));
  revision.Set("CurrentDatabaseRevision", Value::String(current));
  revision.Set("DatabaseRevisionReleaseDate",
               Value::String(FormatIso8601Millis(
                   current == kLatestDbRevision ? kLatestRevisionDate : kCurrentRevisionDate)));
  Value targets = Value::List();
  if (current != kLatestDbRevision) {
    Value target = Value::Object();
    target.Set("DatabaseRevision", Value::String(std::string(kLatestDbRevision)));
    target.Set("Description", Value::String("Database revision " + std::string(kLatestDbRevision) +
                                            ": performance improvements and bug fixes."));
    target.Set("DatabaseRevisionReleaseDate",
               Value::String(FormatIso8601Millis(kLatestRevisionDate)));
    targets.Push(std::move(target));
  }
  revision.Set("RevisionTargets", std::move(targets));
  return revision;
}

Result<Value> DescribeClusterDbRevisions(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(ClusterPage page, ReadClusterPage(context, input));
  Value revisions = Value::List();
  for (const LoadedCluster& cluster : page.clusters) revisions.Push(DbRevision(cluster));
  Value out = Value::Object();
  out.Set("ClusterDbRevisions", std::move(revisions));
  if (!page.marker.empty()) out.Set("Marker", Value::String(page.marker));
  return out;
}

}  // namespace

void RegisterClusterCatalogHandlers(Registry* registry) {
  registry->Add("redshift", "DescribeClusterVersions", DescribeClusterVersions);
  registry->Add("redshift", "DescribeOrderableClusterOptions", DescribeOrderableClusterOptions);
  registry->Add("redshift", "DescribeClusterTracks", DescribeClusterTracks);
  registry->Add("redshift", "DescribeClusterDbRevisions", DescribeClusterDbRevisions);
}

}  // namespace rsemu::api::handlers
