// Cluster lifecycle operations: RebootCluster, PauseCluster, ResumeCluster,
// ResizeCluster / DescribeResize / CancelResize, RotateEncryptionKey,
// ModifyClusterIamRoles, ModifyClusterMaintenance and ModifyClusterDbRevision.
// Each checks the cluster's state, starts a transition (cluster_state.h) that
// settles after the configured delay, and records an event.
#include <algorithm>

#include "api/handlers/cluster_builder.h"
#include "api/handlers/cluster_handlers.h"
#include "api/handlers/cluster_rules.h"
#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "api/registry.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

constexpr int64_t kDayMillis = 86400000;
constexpr int64_t kMaxDeferMillis = 60 * kDayMillis;

std::string ClusterTypeOf(int64_t nodes) { return nodes > 1 ? "multi-node" : "single-node"; }

// Loads the cluster named by the input and checks it is in `status`.
Result<LoadedCluster> ClusterIn(RequestContext& context, const Value& input,
                                std::string_view status) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  RSEMU_RETURN_IF_ERROR(RequireStatus(cluster, status));
  return cluster;
}

// A simple transition of the whole cluster, with its event; answers the cluster.
Result<Value> Transition(RequestContext& context, LoadedCluster& cluster, std::string_view status,
                         std::string_view target, std::string_view category,
                         std::string_view event_id, const std::string& message,
                         Value apply = Value::Object()) {
  BeginTransition(context, &cluster.body, status, "Modifying", target, std::move(apply));
  RSEMU_RETURN_IF_ERROR(
      RecordClusterEvent(context, cluster.record.identifier, category, event_id, message));
  return SaveAndAnswer(context, cluster);
}

Result<Value> RebootCluster(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, ClusterIn(context, input, "available"));
  // A reboot applies the static parameters waiting for it.
  Value groups = cluster.body["ClusterParameterGroups"];
  for (Value& group : groups.items()) {
    if (group.GetString("ParameterApplyStatus") == "pending-reboot")
      group.Set("ParameterApplyStatus", Value::String("in-sync"));
  }
  Value apply = Value::Object();
  apply.Set("ClusterParameterGroups", std::move(groups));
  const std::string id = cluster.record.identifier;
  return Transition(context, cluster, "rebooting", kSettleAvailable, "management",
                    "REDSHIFT-EVENT-3000",
                    "Amazon Redshift cluster '" + id + "' has been rebooted.", std::move(apply));
}

Result<Value> PauseCluster(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, ClusterIn(context, input, "available"));
  const std::string id = cluster.record.identifier;
  return Transition(context, cluster, "pausing", kSettlePaused, "management", "REDSHIFT-EVENT-3600",
                    "Amazon Redshift cluster '" + id + "' has been paused.");
}

Result<Value> ResumeCluster(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  if (cluster.body.GetString("ClusterStatus") != "paused") {
    return Status::AwsError("InvalidClusterStateFault",
                            IsTransitional(cluster.body.GetString("ClusterStatus"))
                                ? "There is an operation running on the Cluster. Please try "
                                  "again later."
                                : "The cluster " + cluster.record.identifier +
                                      " is not paused, so it cannot be resumed.");
  }
  const std::string id = cluster.record.identifier;
  return Transition(context, cluster, "resuming", kSettleAvailable, "management",
                    "REDSHIFT-EVENT-3601",
                    "Amazon Redshift cluster '" + id + "' has been resumed.");
}

Result<Value> ResizeCluster(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, ClusterIn(context, input, "available"));
  if (input.Has("ReservedNodeId")) {
    return Status::AwsError("ReservedNodeNotFoundFault",
                            "Reserved node " + input.GetString("ReservedNodeId") + " not found.");
  }
  if (input.Has("TargetReservedNodeOfferingId")) {
    return Status::AwsError("ReservedNodeOfferingNotFoundFault",
                            "Reserved node offering " +
                                input.GetString("TargetReservedNodeOfferingId") + " not found.");
  }
  if (!input.Has("NodeType") && !input.Has("NumberOfNodes") && !input.Has("ClusterType")) {
    return MissingParameter("NumberOfNodes");
  }
  RSEMU_ASSIGN_OR_RETURN(bool started,
                         StartResize(context, cluster, input, input.GetBool("Classic")));
  if (!started) {
    return InvalidValue(
        "The requested node configuration is the same as the cluster's current "
        "configuration.");
  }
  return SaveAndAnswer(context, cluster);
}

// The ResizeProgressMessage for the cluster's last resize (ResizeNotFound if none).
Result<Value> ResizeProgress(const RequestContext& context, const LoadedCluster& cluster) {
  const Value* resize = cluster.body.Find(kResize);
  if (resize == nullptr) {
    return Status::AwsError(
        "ResizeNotFoundFault",
        "A resize operation for cluster " + cluster.record.identifier + " was not found.");
  }
  std::string status = resize->GetString("Status");
  bool done = status == "SUCCEEDED" || status == "FAILED";
  int64_t start = resize->GetInt("StartMillis");
  int64_t end = done ? resize->GetInt("EndMillis") : context.now_millis;
  int64_t duration = std::max<int64_t>(resize->GetInt("DurationMillis"), 1);
  int64_t elapsed = std::max<int64_t>(end - start, 0);
  int64_t total = resize->GetInt("TotalResizeDataInMegaBytes");
  int64_t progress = done ? total : std::min(total, total * elapsed / duration);
  Value out = Value::Object();
  out.Set("TargetNodeType", Value::String(resize->GetString("TargetNodeType")));
  out.Set("TargetNumberOfNodes", Value::Int(resize->GetInt("TargetNumberOfNodes")));
  out.Set("TargetClusterType", Value::String(resize->GetString("TargetClusterType")));
  out.Set("Status", Value::String(status));
  out.Set("ImportTablesCompleted", Value::List());
  out.Set("ImportTablesInProgress", Value::List());
  out.Set("ImportTablesNotStarted", Value::List());
  out.Set("AvgResizeRateInMegaBytesPerSecond",
          Value::Double(static_cast<double>(progress) /
                        std::max<double>(static_cast<double>(elapsed) / 1000.0, 1.0)));
  out.Set("TotalResizeDataInMegaBytes", Value::Int(total));
  out.Set("ProgressInMegaBytes", Value::Int(progress));
  out.Set("ElapsedTimeInSeconds", Value::Int(elapsed / 1000));
  out.Set("EstimatedTimeToCompletionInSeconds",
          Value::Int(done ? 0 : std::max<int64_t>(duration - elapsed, 0) / 1000));
  out.Set("ResizeType", Value::String(resize->GetString("ResizeType")));
  if (resize->Has("Message")) out.Set("Message", Value::String(resize->GetString("Message")));
  out.Set("TargetEncryptionType", Value::String("KMS"));
  out.Set(
      "DataTransferProgressPercent",
      Value::Double(total > 0 ? 100.0 * static_cast<double>(progress) / static_cast<double>(total)
                              : 100.0));
  return out;
}

Result<Value> DescribeResize(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  return ResizeProgress(context, cluster);
}

Result<Value> CancelResize(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  Value* resize = cluster.body.Find(kResize);
  if (resize == nullptr || resize->GetString("Status") != "IN_PROGRESS") {
    return Status::AwsError("ResizeNotFoundFault", "There is no resize in progress for cluster " +
                                                       cluster.record.identifier + ".");
  }
  if (resize->GetString("ResizeType") != "ClassicResize") {
    return Status::AwsError("UnsupportedOperationFault", "An elastic resize cannot be cancelled.");
  }
  if (cluster.body.GetString("ClusterStatus") != "resizing") {
    RSEMU_RETURN_IF_ERROR(RequireStatus(cluster, "resizing"));
  }
  int64_t from_nodes = resize->GetInt("FromNumberOfNodes");
  RSEMU_RETURN_IF_ERROR(
      AdjustNodeCount(context, from_nodes - resize->GetInt("TargetNumberOfNodes")));
  resize->Set("Status", Value::String("CANCELLING"));
  resize->Set("Message", Value::String("Cancelling the resize operation."));
  Value apply = Value::Object();
  apply.Set("NodeType", Value::String(resize->GetString("FromNodeType")));
  apply.Set("NumberOfNodes", Value::Int(from_nodes));
  Value pending = Value::Object();
  if (const Value* current = cluster.body.Find("PendingModifiedValues")) {
    for (size_t i = 0; i < current->keys().size(); ++i) {
      const std::string& key = current->keys()[i];
      if (key != "NodeType" && key != "NumberOfNodes" && key != "ClusterType")
        pending.Set(key, current->items()[i]);
    }
  }
  cluster.body.Set("PendingModifiedValues", std::move(pending));
  cluster.body.Erase("ResizeInfo");
  BeginTransition(context, &cluster.body, "cancelling-resize", "Modifying", kSettleAvailable,
                  std::move(apply));
  const std::string id = cluster.record.identifier;
  RSEMU_RETURN_IF_ERROR(
      RecordClusterEvent(context, id, "management", "REDSHIFT-EVENT-3012",
                         "The resize of Amazon Redshift cluster '" + id + "' has been cancelled."));
  RSEMU_RETURN_IF_ERROR(SaveCluster(context, cluster));
  return ResizeProgress(context, cluster);
}

Result<Value> RotateEncryptionKey(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, ClusterIn(context, input, "available"));
  if (!cluster.body.GetBool("Encrypted", true)) {
    return Status::AwsError("UnsupportedOperationFault",
                            "The cluster is not encrypted, so its key cannot be rotated.");
  }
  const std::string id = cluster.record.identifier;
  return Transition(
      context, cluster, "rotating-keys", kSettleAvailable, "security", "REDSHIFT-EVENT-3501",
      "The encryption keys of Amazon Redshift cluster '" + id + "' have been rotated.");
}

Result<Value> ModifyClusterIamRoles(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, ClusterIn(context, input, "available"));
  std::vector<std::string> add = ReadStringList(input, "AddIamRoles");
  std::vector<std::string> remove = ReadStringList(input, "RemoveIamRoles");
  Value roles = cluster.body["IamRoles"];
  if (!roles.is_list()) roles = Value::List();
  auto attached = [&](const std::string& arn) -> Value* {
    for (Value& role : roles.items()) {
      if (role.GetString("IamRoleArn") == arn && role.GetString("ApplyStatus") != "removing")
        return &role;
    }
    return nullptr;
  };
  for (const std::string& arn : add) {
    RSEMU_RETURN_IF_ERROR(ValidateIamRoleArn(arn));
    if (std::find(remove.begin(), remove.end(), arn) != remove.end()) {
      return InvalidCombination("The IAM role " + arn + " cannot be both added and removed.");
    }
    if (attached(arn) != nullptr) {
      return InvalidValue("The IAM role " + arn + " is already associated with the cluster.");
    }
  }
  for (const std::string& arn : remove) {
    Value* role = attached(arn);
    if (role == nullptr) {
      return InvalidValue("The IAM role " + arn + " is not associated with the cluster.");
    }
    role->Set("ApplyStatus", Value::String("removing"));
  }
  for (const std::string& arn : add) {
    Value role = Value::Object();
    role.Set("IamRoleArn", Value::String(arn));
    role.Set("ApplyStatus", Value::String("adding"));
    roles.Push(std::move(role));
  }
  std::vector<std::string> remaining;
  for (const Value& role : roles.items()) {
    if (role.GetString("ApplyStatus") != "removing")
      remaining.push_back(role.GetString("IamRoleArn"));
  }
  RSEMU_RETURN_IF_ERROR(ValidateIamRoles(remaining, input.Find("DefaultIamRoleArn")));
  if (input.Has("DefaultIamRoleArn")) {
    cluster.body.Set("DefaultIamRoleArn", Value::String(input.GetString("DefaultIamRoleArn")));
  } else if (std::find(remaining.begin(), remaining.end(),
                       cluster.body.GetString("DefaultIamRoleArn")) == remaining.end()) {
    cluster.body.Erase("DefaultIamRoleArn");
  }
  cluster.body.Set("IamRoles", std::move(roles));
  // The roles apply in the background; the cluster stays available.
  BeginTransition(context, &cluster.body, "", "", kSettleAvailable);
  const std::string id = cluster.record.identifier;
  RSEMU_RETURN_IF_ERROR(RecordClusterEvent(
      context, id, "security", "REDSHIFT-EVENT-3520",
      "The IAM roles of Amazon Redshift cluster '" + id + "' have been modified."));
  return SaveAndAnswer(context, cluster);
}

Result<int64_t> ReadTime(const Value& input, const char* member) {
  std::optional<int64_t> millis = ParseTimestampMillis(input.GetString(member));
  if (!millis) return InvalidValue("The parameter " + std::string(member) + " is not a timestamp.");
  return *millis;
}

Result<Value> ModifyClusterMaintenance(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  if (IsTransitional(cluster.body.GetString("ClusterStatus")))
    RSEMU_RETURN_IF_ERROR(RequireStatus(cluster, "available"));
  Value& body = cluster.body;
  const std::string window = body.GetString("PreferredMaintenanceWindow");
  bool has_end = input.Has("DeferMaintenanceEndTime");
  bool has_duration = input.Has("DeferMaintenanceDuration");
  bool has_start = input.Has("DeferMaintenanceStartTime");
  if (!input.GetBool("DeferMaintenance")) {
    if (has_end || has_duration || has_start) {
      return InvalidCombination(
          "DeferMaintenanceStartTime, DeferMaintenanceEndTime and DeferMaintenanceDuration "
          "require DeferMaintenance to be true.");
    }
    if (input.Has("DeferMaintenance")) {
      const Value* windows = body.Find("DeferredMaintenanceWindows");
      if (input.Has("DeferMaintenanceIdentifier")) {
        bool found = false;
        for (const Value& item : windows ? windows->items() : std::vector<Value>{}) {
          found = found || item.GetString("DeferMaintenanceIdentifier") ==
                               input.GetString("DeferMaintenanceIdentifier");
        }
        if (!found) {
          return InvalidValue("Deferred maintenance window " +
                              input.GetString("DeferMaintenanceIdentifier") + " not found.");
        }
      }
      body.Set("DeferredMaintenanceWindows", Value::List());
      body.Set("NextMaintenanceWindowStartTime",
               Value::String(FormatIso8601Millis(NextWindowStart(window, context.now_millis))));
    }
    return SaveAndAnswer(context, cluster);
  }
  if (has_end && has_duration) {
    return InvalidCombination(
        "You can specify either DeferMaintenanceEndTime or DeferMaintenanceDuration, not both.");
  }
  if (!has_end && !has_duration) {
    return InvalidCombination(
        "Deferring maintenance requires DeferMaintenanceEndTime or DeferMaintenanceDuration.");
  }
  int64_t start = context.now_millis;
  if (has_start) {
    RSEMU_ASSIGN_OR_RETURN(start, ReadTime(input, "DeferMaintenanceStartTime"));
  }
  int64_t end = 0;
  if (has_end) {
    RSEMU_ASSIGN_OR_RETURN(end, ReadTime(input, "DeferMaintenanceEndTime"));
  } else {
    int64_t days = input.GetInt("DeferMaintenanceDuration");
    if (days < 1 || days > 60) {
      return InvalidValue("DeferMaintenanceDuration must be between 1 and 60 days.");
    }
    end = start + days * kDayMillis;
  }
  if (end <= start) {
    return InvalidValue("DeferMaintenanceEndTime must be after DeferMaintenanceStartTime.");
  }
  if (end - start > kMaxDeferMillis) {
    return InvalidValue("A deferred maintenance window can be at most 60 days long.");
  }
  Value deferred = Value::Object();
  deferred.Set("DeferMaintenanceIdentifier",
               Value::String(input.GetString(
                   "DeferMaintenanceIdentifier",
                   "dfm-" + context.ids->FromAlphabet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
                                                      "NOPQRSTUVWXYZ0123456789",
                                                      20))));
  deferred.Set("DeferMaintenanceStartTime", Value::String(FormatIso8601Millis(start)));
  deferred.Set("DeferMaintenanceEndTime", Value::String(FormatIso8601Millis(end)));
  Value windows = Value::List();
  windows.Push(std::move(deferred));
  body.Set("DeferredMaintenanceWindows", std::move(windows));
  body.Set("NextMaintenanceWindowStartTime",
           Value::String(FormatIso8601Millis(NextWindowStart(window, end))));
  RSEMU_RETURN_IF_ERROR(
      RecordClusterEvent(context, cluster.record.identifier, "management", "REDSHIFT-EVENT-1504",
                         "Maintenance of Amazon Redshift cluster '" + cluster.record.identifier +
                             "' has been deferred until " + FormatIso8601Millis(end) + "."));
  return SaveAndAnswer(context, cluster);
}

Result<Value> ModifyClusterDbRevision(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, ClusterIn(context, input, "available"));
  if (cluster.body.GetString("ClusterRevisionNumber") == kLatestDbRevision) {
    return Status::AwsError(
        "ClusterOnLatestRevisionFault",
        "Cluster " + cluster.record.identifier + " is already on the latest database revision.");
  }
  std::string target = input.GetString("RevisionTarget");
  if (target != kLatestDbRevision) {
    return InvalidValue("The revision target " + target + " is not valid for cluster " +
                        cluster.record.identifier + ": use " + std::string(kLatestDbRevision) +
                        ".");
  }
  Value apply = Value::Object();
  apply.Set("ClusterRevisionNumber", Value::String(target));
  const std::string id = cluster.record.identifier;
  return Transition(
      context, cluster, "modifying", kSettleAvailable, "management", "REDSHIFT-EVENT-2004",
      "Amazon Redshift cluster '" + id + "' is being updated to database revision " + target + ".",
      std::move(apply));
}

}  // namespace

Result<bool> StartResize(RequestContext& context, LoadedCluster& cluster, const Value& input,
                         bool classic) {
  Value& body = cluster.body;
  const std::string from_type = body.GetString("NodeType");
  const int64_t from_nodes = body.GetInt("NumberOfNodes", 1);
  const std::string to_type = input.GetString("NodeType", from_type);
  RSEMU_RETURN_IF_ERROR(ValidateNodeType(to_type));
  const std::string cluster_type = input.GetString("ClusterType");
  int64_t requested = input.Has("NumberOfNodes")      ? input.GetInt("NumberOfNodes")
                      : cluster_type == "single-node" ? -1
                                                      : from_nodes;
  RSEMU_ASSIGN_OR_RETURN(int to_nodes,
                         ResolveNodeCount(*FindNodeType(to_type), cluster_type, requested));
  // The port the cluster will have (a ModifyCluster may be changing it too).
  const Value* apply_pending = body.Find(kApply);
  const Value* new_port = apply_pending ? apply_pending->Find("_Port") : nullptr;
  RSEMU_RETURN_IF_ERROR(ValidatePort(*FindNodeType(to_type),
                                     new_port ? new_port->AsInt() : body.GetInt("_Port", 5439)));
  if (to_type == from_type && to_nodes == from_nodes) return false;
  RSEMU_RETURN_IF_ERROR(AdjustNodeCount(context, to_nodes - from_nodes));
  // Elastic resize cannot involve a single-node cluster: those resize classically.
  if (from_nodes == 1 || to_nodes == 1) classic = true;
  const std::string resize_type = classic ? "ClassicResize" : "ElasticResize";

  Value& pending = body["PendingModifiedValues"];
  if (!pending.is_object()) pending = Value::Object();
  if (to_type != from_type) pending.Set("NodeType", Value::String(to_type));
  if (to_nodes != from_nodes) pending.Set("NumberOfNodes", Value::Int(to_nodes));
  if (ClusterTypeOf(to_nodes) != ClusterTypeOf(from_nodes))
    pending.Set("ClusterType", Value::String(ClusterTypeOf(to_nodes)));
  Value info = Value::Object();
  info.Set("ResizeType", Value::String(resize_type));
  info.Set("AllowCancelResize", Value::Bool(classic));
  body.Set("ResizeInfo", std::move(info));
  Value resize = Value::Object();
  resize.Set("FromNodeType", Value::String(from_type));
  resize.Set("FromNumberOfNodes", Value::Int(from_nodes));
  resize.Set("TargetNodeType", Value::String(to_type));
  resize.Set("TargetNumberOfNodes", Value::Int(to_nodes));
  resize.Set("TargetClusterType", Value::String(ClusterTypeOf(to_nodes)));
  resize.Set("ResizeType", Value::String(resize_type));
  resize.Set("Status", Value::String("IN_PROGRESS"));
  resize.Set("StartMillis", Value::Int(context.now_millis));
  resize.Set("DurationMillis", Value::Int(DelayMillis(context)));
  resize.Set("TotalResizeDataInMegaBytes", Value::Int(1024 * from_nodes));
  body.Set(kResize, std::move(resize));
  Value apply = Value::Object();
  apply.Set("NodeType", Value::String(to_type));
  apply.Set("NumberOfNodes", Value::Int(to_nodes));
  apply.Set("ResizeInfo", Value());
  BeginTransition(context, &body, "resizing", "Modifying", kSettleAvailable, std::move(apply));
  const std::string id = cluster.record.identifier;
  RSEMU_RETURN_IF_ERROR(RecordClusterEvent(
      context, id, "management", "REDSHIFT-EVENT-3001",
      "Amazon Redshift cluster '" + id + "' is being resized (" + resize_type + ") from " +
          std::to_string(from_nodes) + " " + from_type + " node(s) to " + std::to_string(to_nodes) +
          " " + to_type + " node(s)."));
  return true;
}

void RegisterClusterLifecycleHandlers(Registry* registry) {
  registry->Add("redshift", "RebootCluster", RebootCluster);
  registry->Add("redshift", "PauseCluster", PauseCluster);
  registry->Add("redshift", "ResumeCluster", ResumeCluster);
  registry->Add("redshift", "ResizeCluster", ResizeCluster);
  registry->Add("redshift", "DescribeResize", DescribeResize);
  registry->Add("redshift", "CancelResize", CancelResize);
  registry->Add("redshift", "RotateEncryptionKey", RotateEncryptionKey);
  registry->Add("redshift", "ModifyClusterIamRoles", ModifyClusterIamRoles);
  registry->Add("redshift", "ModifyClusterMaintenance", ModifyClusterMaintenance);
  registry->Add("redshift", "ModifyClusterDbRevision", ModifyClusterDbRevision);
}

}  // namespace rsemu::api::handlers
