// Cluster handlers: CreateCluster, DescribeClusters, DeleteCluster with
// Redshift's validation, defaults, lifecycle (creating → available, deleting →
// gone, settled lazily on the injected clock) and account/region isolation.
#include <algorithm>

#include "api/handlers/cluster_builder.h"
#include "api/handlers/cluster_rules.h"
#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "api/handlers/event_log.h"
#include "api/handlers/handlers.h"
#include "api/pipeline.h"
#include "api/registry.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

Result<Value> CreateCluster(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(NewCluster cluster,
                         PrepareNewCluster(context, input, ClusterSource::kCreate));
  RSEMU_ASSIGN_OR_RETURN(Value created, InsertNewCluster(context, cluster));
  RSEMU_RETURN_IF_ERROR(RecordEvent(
      context, {"cluster",
                cluster.identifier,
                {"management"},
                "INFO",
                "Amazon Redshift cluster '" + cluster.identifier + "' has been created.",
                "REDSHIFT-EVENT-2000"}));
  Value out = Value::Object();
  out.Set("Cluster", std::move(created));
  return out;
}

Result<Value> DescribeClusters(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(PageRequest page, ReadPage(input));
  Value clusters = Value::List();
  Value out = Value::Object();
  if (input.Has("ClusterIdentifier")) {
    if (input.Has("Marker")) {
      return InvalidCombination(
          "A marker cannot be specified when ClusterIdentifier is specified.");
    }
    std::string id = input.GetString("ClusterIdentifier");
    RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, FindCluster(context, id));
    if (!cluster) return ClusterNotFound(id);
    RSEMU_ASSIGN_OR_RETURN(Value item, ClusterOutput(context, *cluster));
    clusters.Push(std::move(item));
    out.Set("Clusters", std::move(clusters));
    return out;
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
    if (!cluster) continue;
    RSEMU_ASSIGN_OR_RETURN(Value item, ClusterOutput(context, *cluster));
    clusters.Push(std::move(item));
  }
  out.Set("Clusters", std::move(clusters));
  if (more) out.Set("Marker", Value::String(EncodeMarker(rows.back().identifier)));
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
  if (status != "available" && status != "paused" && !status.starts_with("incompatible") &&
      status != "hardware-failure" && status != "storage-full") {
    return Status::AwsError(
        "InvalidClusterStateFault",
        "There is an operation running on the Cluster. Please try again later.");
  }
  if (has_final) {
    RSEMU_ASSIGN_OR_RETURN(
        storage::ResourceRecord snapshot,
        CreateSnapshotOfCluster(context, *cluster, final_id, "manual", retention));
    (void)snapshot;
  }

  RSEMU_ASSIGN_OR_RETURN(Value output, ClusterOutput(context, *cluster));
  output.Set("ClusterStatus", Value::String(has_final ? "final-snapshot" : "deleting"));
  output.Set("ClusterAvailabilityStatus", Value::String("Modifying"));
  RSEMU_RETURN_IF_ERROR(RecordEvent(
      context, {"cluster",
                id,
                {"management"},
                "INFO",
                "Amazon Redshift cluster '" + id + "' has been deleted" +
                    (has_final ? " and a final snapshot '" + final_id + "' was taken." : "."),
                "REDSHIFT-EVENT-2001"}));
  int64_t delay = DelayMillis(context);
  if (delay <= 0) {
    RSEMU_RETURN_IF_ERROR(context.resources->Delete(cluster->record.id));
  } else {
    Value body = cluster->body;
    body.Set("ClusterStatus", Value::String("deleting"));
    body.Set("ClusterAvailabilityStatus", Value::String("Modifying"));
    body.Set(kSettleAt, Value::Int(context.now_millis + delay));
    body.Set(kSettleTo, Value::String(kSettleDeleted));
    storage::ResourceRecord record = cluster->record;
    record.body = body.ToJson();
    RSEMU_RETURN_IF_ERROR(context.resources->Update(record));
  }
  Value out = Value::Object();
  out.Set("Cluster", std::move(output));
  return out;
}

}  // namespace

void RegisterClusterHandlers(Registry* registry) {
  registry->Add("redshift", "CreateCluster", CreateCluster);
  registry->Add("redshift", "DescribeClusters", DescribeClusters);
  registry->Add("redshift", "DeleteCluster", DeleteCluster);
}

}  // namespace rsemu::api::handlers
