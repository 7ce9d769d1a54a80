// Cluster handlers: CreateCluster, DescribeClusters, DeleteCluster with
// Redshift's validation, defaults, lifecycle (creating → available, deleting →
// gone, settled lazily on the injected clock) and account/region isolation;
// registers the other cluster families (see cluster_handlers.h).
#include <algorithm>
#include <utility>

#include "api/handlers/cluster_builder.h"
#include "api/handlers/cluster_handlers.h"
#include "api/handlers/cluster_rules.h"
#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "api/handlers/event_log.h"
#include "api/handlers/handlers.h"
#include "api/handlers/snapshot_state.h"
#include "api/pipeline.h"
#include "api/registry.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

Result<Value> CreateCluster(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(NewCluster cluster,
                         PrepareNewCluster(context, input, ClusterSource::kCreate));
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster stored, InsertNewCluster(context, cluster));
  RSEMU_RETURN_IF_ERROR(CreateAutomatedSnapshot(context, stored));
  RSEMU_RETURN_IF_ERROR(
      RecordClusterEvent(context, cluster.identifier, "management", "REDSHIFT-EVENT-2000",
                         "Amazon Redshift cluster '" + cluster.identifier + "' has been created."));
  RSEMU_ASSIGN_OR_RETURN(Value created, ClusterOutput(context, std::move(stored)));
  Value out = Value::Object();
  out.Set("Cluster", std::move(created));
  return out;
}

Result<Value> DescribeClusters(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(ClusterPage page, ReadClusterPage(context, input));
  Value clusters = Value::List();
  for (LoadedCluster& cluster : page.clusters) {
    RSEMU_ASSIGN_OR_RETURN(Value item, ClusterOutput(context, std::move(cluster)));
    clusters.Push(std::move(item));
  }
  Value out = Value::Object();
  out.Set("Clusters", std::move(clusters));
  if (!page.marker.empty()) out.Set("Marker", Value::String(page.marker));
  return out;
}

Result<Value> DeleteCluster(RequestContext& context, const Value& input) {
  const std::string id = input.GetString("ClusterIdentifier");
  bool skip = input.GetBool("SkipFinalClusterSnapshot", false);
  bool has_final = input.Has("FinalClusterSnapshotIdentifier");
  if (!skip && !has_final) {
    return InvalidCombination(
        "FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.");
  }
  if (skip && has_final) {
    return InvalidCombination(
        "FinalClusterSnapshotIdentifier cannot be specified when SkipFinalClusterSnapshot is "
        "true.");
  }
  std::string final_id = input.GetString("FinalClusterSnapshotIdentifier");
  if (has_final)
    RSEMU_RETURN_IF_ERROR(ValidateIdentifier("FinalClusterSnapshotIdentifier", final_id, 255));
  int64_t retention = input.GetInt("FinalClusterSnapshotRetentionPeriod", -1);
  RSEMU_RETURN_IF_ERROR(ValidateManualRetention(retention));

  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, FindCluster(context, id));
  if (!cluster) return ClusterNotFound(id);
  std::string status = cluster->body.GetString("ClusterStatus");
  if (status == "deleting" || status == "final-snapshot") {
    return Status::AwsError("InvalidClusterStateFault",
                            "Cluster " + id + " is already being deleted.");
  }
  if (IsTransitional(status)) RSEMU_RETURN_IF_ERROR(RequireStatus(*cluster, "available"));
  if (has_final) {
    RSEMU_ASSIGN_OR_RETURN(
        storage::ResourceRecord snapshot,
        CreateSnapshotOfCluster(context, *cluster, final_id, "manual", retention));
    (void)snapshot;
  }

  RSEMU_RETURN_IF_ERROR(AdjustNodeCount(context, -cluster->body.GetInt("NumberOfNodes", 1)));
  RSEMU_RETURN_IF_ERROR(RecordClusterEvent(
      context, id, "management", "REDSHIFT-EVENT-2001",
      "Amazon Redshift cluster '" + id + "' has been deleted" +
          (has_final ? " and a final snapshot '" + final_id + "' was taken." : ".")));
  RSEMU_RETURN_IF_ERROR(DeleteAutomatedSnapshots(context, id));
  BeginTransition(context, &cluster->body, "deleting", "Modifying", kSettleDeleted);
  RSEMU_ASSIGN_OR_RETURN(Value out, ClusterResult(context, *cluster));
  if (has_final) out["Cluster"].Set("ClusterStatus", Value::String("final-snapshot"));
  if (DelayMillis(context) <= 0) {
    // Gone at once: the name is free and no snapshot sees the cluster any more.
    RSEMU_RETURN_IF_ERROR(context.resources->Delete(cluster->record.id));
  } else {
    RSEMU_RETURN_IF_ERROR(SaveCluster(context, *cluster));
  }
  return out;
}

}  // namespace

Result<ClusterPage> ReadClusterPage(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(PageRequest page, ReadPage(input));
  ClusterPage result;
  if (input.Has("ClusterIdentifier")) {
    if (input.Has("Marker")) {
      return InvalidCombination(
          "A marker cannot be specified when ClusterIdentifier is specified.");
    }
    RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                           RequireCluster(context, input.GetString("ClusterIdentifier")));
    result.clusters.push_back(std::move(cluster));
    return result;
  }
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = context.region;
  query.type = kClusterType;
  query.tag_keys = ReadStringList(input, "TagKeys");
  query.tag_values = ReadStringList(input, "TagValues");
  query.after_identifier = page.after;
  query.limit = page.max_records + 1;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows, context.resources->List(query));
  bool more = static_cast<int>(rows.size()) > page.max_records;
  if (more) rows.resize(static_cast<size_t>(page.max_records));
  for (const storage::ResourceRecord& row : rows) {
    RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, LoadCluster(context, row));
    if (cluster) result.clusters.push_back(std::move(*cluster));
  }
  if (more) result.marker = EncodeMarker(rows.back().identifier);
  return result;
}

Result<Value> ClusterResult(RequestContext& context, const LoadedCluster& cluster) {
  RSEMU_ASSIGN_OR_RETURN(Value output, ClusterOutput(context, cluster));
  Value out = Value::Object();
  out.Set("Cluster", std::move(output));
  return out;
}

Result<Value> SaveAndAnswer(RequestContext& context, LoadedCluster& cluster) {
  RSEMU_RETURN_IF_ERROR(SaveCluster(context, cluster));
  return ClusterResult(context, cluster);
}

void RegisterClusterHandlers(Registry* registry) {
  registry->Add("redshift", "CreateCluster", CreateCluster);
  registry->Add("redshift", "DescribeClusters", DescribeClusters);
  registry->Add("redshift", "DeleteCluster", DeleteCluster);
  RegisterClusterModifyHandlers(registry);
  RegisterClusterLifecycleHandlers(registry);
  RegisterClusterLoggingHandlers(registry);
  RegisterClusterCatalogHandlers(registry);
}

}  // namespace rsemu::api::handlers
