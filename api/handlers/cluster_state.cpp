// Cluster state: loading, lazy settling of transitions, output and snapshots of clusters.
#include "api/handlers/cluster_state.h"

#include <algorithm>
#include <utility>

#include "api/handlers/cluster_rules.h"
#include "api/handlers/common.h"
#include "api/handlers/event_log.h"
#include "api/pipeline.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

constexpr std::string_view kLowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kHex = "0123456789abcdef";

// Finishes what a transitional state was doing, on the parts of the body
// that carry their own status.
void FinishMemberStatuses(Value* body) {
  if (Value* roles = body->Find("IamRoles")) {
    Value kept = Value::List();
    for (Value& role : roles->items()) {
      if (role.GetString("ApplyStatus") == "removing") continue;
      role.Set("ApplyStatus", Value::String("in-sync"));
      kept.Push(std::move(role));
    }
    *roles = std::move(kept);
  }
  if (Value* groups = body->Find("ClusterParameterGroups")) {
    for (Value& group : groups->items()) {
      // Static parameters of a newly attached group wait for a reboot.
      if (group.GetString("ParameterApplyStatus") == "applying")
        group.Set("ParameterApplyStatus", Value::String("pending-reboot"));
    }
  }
  if (Value* hsm = body->Find("HsmStatus")) hsm->Set("Status", Value::String("active"));
  if (Value* resize = body->Find(kResize)) {
    std::string status = resize->GetString("Status");
    if (status == "IN_PROGRESS" || status == "CANCELLING") {
      resize->Set("Status", Value::String(status == "IN_PROGRESS" ? "SUCCEEDED" : "FAILED"));
      resize->Set("Message",
                  Value::String(status == "IN_PROGRESS" ? "Resize operation completed successfully."
                                                        : "The resize operation was cancelled."));
      resize->Set("EndMillis", Value::Int(body->GetInt(kSettleAt)));
    }
  }
}

// True when `body` has a transition whose time has come.
bool TransitionDue(const RequestContext& context, const Value& body) {
  const Value* settle_at = body.Find(kSettleAt);
  return settle_at != nullptr && settle_at->AsInt() <= context.now_millis;
}

// Moves `body` to its settled state when its transition is due. Returns true
// when the body changed; sets *gone when the cluster finished deleting.
bool Settle(const RequestContext& context, Value* body, bool* gone) {
  *gone = false;
  if (!TransitionDue(context, *body)) return false;
  std::string target = body->GetString(kSettleTo);
  if (target == kSettleDeleted) {
    *gone = true;
    return true;
  }
  if (Value* apply = body->Find(kApply)) {
    Value changes = std::move(*apply);
    for (size_t i = 0; i < changes.keys().size(); ++i) {
      if (changes.items()[i].is_null()) {
        body->Erase(changes.keys()[i]);
      } else {
        body->Set(changes.keys()[i], std::move(changes.items()[i]));
      }
    }
  }
  bool paused = target == kSettlePaused;
  body->Set("ClusterStatus", Value::String(paused ? "paused" : "available"));
  body->Set("ClusterAvailabilityStatus", Value::String(paused ? "Unavailable" : "Available"));
  body->Erase("ModifyStatus");
  Value endpoint = Value::Object();
  endpoint.Set("Address",
               Value::String(EndpointAddress(context, body->GetString("ClusterIdentifier"))));
  endpoint.Set("Port", Value::Int(body->GetInt("_Port", 5439)));
  body->Set("Endpoint", std::move(endpoint));
  body->Set("PendingModifiedValues", Value::Object());
  FinishMemberStatuses(body);
  body->Set("ClusterNodes", ClusterNodes(*body));
  if (const NodeTypeInfo* node_type = FindNodeType(body->GetString("NodeType"))) {
    body->Set("TotalStorageCapacityInMegaBytes",
              Value::Int(node_type->storage_megabytes_per_node * body->GetInt("NumberOfNodes", 1)));
  }
  body->Erase(kSettleAt);
  body->Erase(kSettleTo);
  body->Erase(kApply);
  return true;
}

}  // namespace

bool IsTransitional(std::string_view status) {
  constexpr std::string_view kTransitional[] = {"creating",
                                                "modifying",
                                                "renaming",
                                                "resizing",
                                                "rebooting",
                                                "pausing",
                                                "resuming",
                                                "deleting",
                                                "final-snapshot",
                                                "rotating-keys",
                                                "cancelling-resize",
                                                "available, prep-for-resize",
                                                "available, resize-cleanup",
                                                "updating-hsm"};
  for (std::string_view known : kTransitional) {
    if (known == status) return true;
  }
  return false;
}

Status ClusterNotFound(std::string_view id) {
  return Status::AwsError("ClusterNotFoundFault", "Cluster " + std::string(id) + " not found.");
}

int64_t DelayMillis(const RequestContext& context) {
  return static_cast<int64_t>(context.options->transition_delay_seconds * 1000.0);
}

std::string EndpointAddress(const RequestContext& context, std::string_view id) {
  return std::string(id) + "." +
         StableToken(context.account() + "/" + context.region, 12, kLowerAlnum) + "." +
         context.region + ".redshift.amazonaws.com";
}

std::string VpcId(const RequestContext& context) {
  return "vpc-" + StableToken(context.account() + "/" + context.region + "/vpc", 17, kHex);
}

Value ClusterNodes(const Value& body) {
  Value nodes = Value::List();
  int64_t count = body.GetInt("NumberOfNodes", 1);
  bool is_public = body.GetBool("PubliclyAccessible");
  auto node = [&](std::string role, int index) {
    Value item = Value::Object();
    item.Set("NodeRole", Value::String(std::move(role)));
    item.Set("PrivateIPAddress", Value::String("10.0.1." + std::to_string(10 + index)));
    if (is_public)
      item.Set("PublicIPAddress", Value::String("54.0.1." + std::to_string(10 + index)));
    nodes.Push(std::move(item));
  };
  if (count <= 1) {
    node("SHARED", 0);
  } else {
    node("LEADER", 0);
    for (int i = 0; i < count; ++i) node("COMPUTE-" + std::to_string(i), i + 1);
  }
  return nodes;
}

Result<std::optional<LoadedCluster>> LoadCluster(RequestContext& context,
                                                 const storage::ResourceRecord& row) {
  LoadedCluster cluster{row, Value()};
  RSEMU_ASSIGN_OR_RETURN(cluster.body, Value::FromJson(row.body));
  bool gone = false;
  if (Settle(context, &cluster.body, &gone)) {
    if (gone) {
      RSEMU_RETURN_IF_ERROR(context.resources->Delete(row.id));
      return std::optional<LoadedCluster>();
    }
    cluster.record.body = cluster.body.ToJson();
    RSEMU_RETURN_IF_ERROR(context.resources->Update(cluster.record));
  }
  return std::optional<LoadedCluster>(std::move(cluster));
}

std::optional<Value> SettledCopy(const RequestContext& context, const Value& body) {
  if (!TransitionDue(context, body)) return std::nullopt;
  Value settled = body;
  bool gone = false;
  if (!Settle(context, &settled, &gone) || gone) return std::nullopt;
  return settled;
}

Result<std::optional<LoadedCluster>> FindCluster(RequestContext& context, const std::string& id) {
  auto row = context.resources->Get(context.account(), context.region, kClusterType, id);
  if (!row.ok()) {
    if (row.status().IsNotFound()) return std::optional<LoadedCluster>();
    return row.status();
  }
  return LoadCluster(context, *row);
}

Result<Value> ClusterOutput(RequestContext& context, const LoadedCluster& cluster) {
  Value out = cluster.body;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(cluster.record.id));
  out.Set("Tags", TagsToValue(tags));
  return out;
}

Result<Value> ClusterOutput(RequestContext& context, LoadedCluster&& cluster) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(cluster.record.id));
  Value out = std::move(cluster.body);
  out.Set("Tags", TagsToValue(tags));
  return out;
}

std::string DefaultVpcSecurityGroupId(const RequestContext& context) {
  return "sg-" + StableToken(context.account() + "/" + context.region + "/sg", 17, kHex);
}

Result<LoadedCluster> RequireCluster(RequestContext& context, const std::string& id) {
  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, FindCluster(context, id));
  if (!cluster) return ClusterNotFound(id);
  return std::move(*cluster);
}

void BeginTransition(const RequestContext& context, Value* body, std::string_view status,
                     std::string_view availability, std::string_view target, Value apply) {
  if (!status.empty()) body->Set("ClusterStatus", Value::String(std::string(status)));
  if (!availability.empty())
    body->Set("ClusterAvailabilityStatus", Value::String(std::string(availability)));
  int64_t settle_at = context.now_millis + DelayMillis(context);
  body->Set(kSettleAt, Value::Int(std::max(settle_at, body->GetInt(kSettleAt, settle_at))));
  body->Set(kSettleTo, Value::String(std::string(target)));
  Value& pending = (*body)[kApply];
  if (!pending.is_object()) pending = Value::Object();
  for (size_t i = 0; i < apply.keys().size(); ++i)
    pending.Set(apply.keys()[i], std::move(apply.items()[i]));
}

Status RequireStatus(const LoadedCluster& cluster, std::string_view allowed) {
  std::string status = cluster.body.GetString("ClusterStatus");
  if (status == allowed) return Status::Ok();
  if (IsTransitional(status)) {
    return Status::AwsError(
        "InvalidClusterStateFault",
        "There is an operation running on the Cluster. Please try again later.");
  }
  return Status::AwsError("InvalidClusterStateFault", "The specified cluster is not in the " +
                                                          std::string(allowed) + " state.");
}

Status AdjustNodeCount(RequestContext& context, int64_t delta) {
  if (delta == 0) return Status::Ok();
  auto row = context.resources->Get(context.account(), context.region, kQuotaType, "nodes");
  if (!row.ok() && !row.status().IsNotFound()) return row.status();
  Value body = Value::Object();
  if (row.ok()) {
    RSEMU_ASSIGN_OR_RETURN(body, Value::FromJson(row->body));
  }
  int64_t nodes = body.GetInt("Nodes") + delta;
  if (delta > 0 && nodes > kNodeQuotaPerAccountRegion) {
    return Status::AwsError(
        "NumberOfNodesQuotaExceededFault",
        "The operation would exceed the number of nodes allowed for the account (" +
            std::to_string(kNodeQuotaPerAccountRegion) + ") in region " + context.region +
            "; the account already uses " + std::to_string(nodes - delta) + ".");
  }
  body.Set("Nodes", Value::Int(std::max<int64_t>(nodes, 0)));
  if (row.ok()) {
    row->body = body.ToJson();
    return context.resources->Update(*row);
  }
  storage::ResourceRecord record;
  record.account = context.account();
  record.region = context.region;
  record.type = kQuotaType;
  record.identifier = "nodes";
  record.arn = "rsemu:quota:" + context.account() + ":" + context.region + ":nodes";
  record.body = body.ToJson();
  record.created_millis = context.now_millis;
  return context.resources->Insert(&record);
}

Status RenameCluster(RequestContext& context, LoadedCluster& cluster, const std::string& new_id) {
  const std::string old_id = cluster.record.identifier;
  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> taken, FindCluster(context, new_id));
  if (taken) {
    return Status::AwsError("ClusterAlreadyExistsFault", "Cluster " + new_id + " already exists.");
  }
  cluster.body.Set("ClusterIdentifier", Value::String(new_id));
  cluster.record.identifier = new_id;
  cluster.record.arn = RedshiftArn(context.region, context.account(), kClusterType, new_id);
  RSEMU_RETURN_IF_ERROR(SaveCluster(context, cluster));
  // Snapshots of this cluster (not of an earlier cluster that had the same name).
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = context.region;
  query.type = kSnapshotType;
  query.parent = old_id;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> snapshots,
                         context.resources->List(query));
  const std::string created = cluster.body.GetString("ClusterCreateTime");
  for (storage::ResourceRecord& snapshot : snapshots) {
    RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(snapshot.body));
    if (body.GetString("ClusterCreateTime") != created) continue;
    std::string arn = RedshiftArn(context.region, context.account(), kSnapshotType,
                                  new_id + "/" + snapshot.identifier);
    body.Set("ClusterIdentifier", Value::String(new_id));
    body.Set("SnapshotArn", Value::String(arn));
    snapshot.parent = new_id;
    snapshot.arn = arn;
    snapshot.body = body.ToJson();
    RSEMU_RETURN_IF_ERROR(context.resources->Update(snapshot));
  }
  return Status::Ok();
}

Status RecordClusterEvent(RequestContext& context, const std::string& cluster_id,
                          std::string_view category, std::string_view event_id,
                          std::string message) {
  return RecordEvent(context, {"cluster",
                               cluster_id,
                               {std::string(category)},
                               "INFO",
                               std::move(message),
                               std::string(event_id)});
}

Status SaveCluster(RequestContext& context, LoadedCluster& cluster) {
  cluster.record.body = cluster.body.ToJson();
  return context.resources->Update(cluster.record);
}

Value SnapshotBodyOfCluster(const RequestContext& context, const LoadedCluster& cluster,
                            const std::string& snapshot_id, std::string_view snapshot_type,
                            int64_t retention_days) {
  const Value& c = cluster.body;
  const std::string cluster_id = c.GetString("ClusterIdentifier");
  std::string now = FormatIso8601Millis(context.now_millis);
  Value snapshot = Value::Object();
  snapshot.Set("SnapshotIdentifier", Value::String(snapshot_id));
  snapshot.Set("ClusterIdentifier", Value::String(cluster_id));
  snapshot.Set("SnapshotCreateTime", Value::String(now));
  snapshot.Set("Status", Value::String("available"));
  snapshot.Set("Port", Value::Int(c.GetInt("_Port", 5439)));
  snapshot.Set("AvailabilityZone", Value::String(c.GetString("AvailabilityZone")));
  snapshot.Set("ClusterCreateTime", Value::String(c.GetString("ClusterCreateTime")));
  snapshot.Set("MasterUsername", Value::String(c.GetString("MasterUsername")));
  snapshot.Set("ClusterVersion", Value::String(c.GetString("ClusterVersion")));
  snapshot.Set("EngineFullVersion",
               Value::String("PostgreSQL 8.0.2 on i686-pc-linux-gnu, Redshift 1.0.94126"));
  snapshot.Set("SnapshotType", Value::String(std::string(snapshot_type)));
  snapshot.Set("NodeType", Value::String(c.GetString("NodeType")));
  snapshot.Set("NumberOfNodes", Value::Int(c.GetInt("NumberOfNodes", 1)));
  snapshot.Set("DBName", Value::String(c.GetString("DBName")));
  snapshot.Set("VpcId", Value::String(c.GetString("VpcId")));
  snapshot.Set("Encrypted", Value::Bool(c.GetBool("Encrypted", true)));
  if (c.Has("KmsKeyId")) snapshot.Set("KmsKeyId", Value::String(c.GetString("KmsKeyId")));
  snapshot.Set("EncryptedWithHSM", Value::Bool(c.Has("HsmStatus")));
  snapshot.Set("AccountsWithRestoreAccess", Value::List());
  snapshot.Set("OwnerAccount", Value::String(context.account()));
  snapshot.Set("TotalBackupSizeInMegaBytes", Value::Double(0));
  snapshot.Set("ActualIncrementalBackupSizeInMegaBytes", Value::Double(0));
  snapshot.Set("BackupProgressInMegaBytes", Value::Double(0));
  snapshot.Set("CurrentBackupRateInMegaBytesPerSecond", Value::Double(0));
  snapshot.Set("EstimatedSecondsToCompletion", Value::Int(0));
  snapshot.Set("ElapsedTimeInSeconds", Value::Int(0));
  snapshot.Set("EnhancedVpcRouting", Value::Bool(c.GetBool("EnhancedVpcRouting")));
  snapshot.Set("MaintenanceTrackName",
               Value::String(c.GetString("MaintenanceTrackName", "current")));
  snapshot.Set("ManualSnapshotRetentionPeriod", Value::Int(retention_days));
  snapshot.Set("SnapshotRetentionStartTime", Value::String(now));
  std::string arn =
      RedshiftArn(context.region, context.account(), kSnapshotType, cluster_id + "/" + snapshot_id);
  snapshot.Set("SnapshotArn", Value::String(arn));
  return snapshot;
}

Result<storage::ResourceRecord> InsertSnapshot(RequestContext& context, const Value& snapshot) {
  const std::string snapshot_id = snapshot.GetString("SnapshotIdentifier");
  storage::ResourceRecord record;
  record.account = context.account();
  record.region = context.region;
  record.type = kSnapshotType;
  record.identifier = snapshot_id;
  record.arn = snapshot.GetString("SnapshotArn");
  record.parent = snapshot.GetString("ClusterIdentifier");
  record.body = snapshot.ToJson();
  record.created_millis = context.now_millis;
  Status inserted = context.resources->Insert(&record);
  if (inserted.IsConflict()) {
    return Status::AwsError("ClusterSnapshotAlreadyExistsFault",
                            "Cannot create the snapshot because a snapshot with the identifier " +
                                snapshot_id + " already exists.");
  }
  RSEMU_RETURN_IF_ERROR(inserted);
  return record;
}

Result<storage::ResourceRecord> CreateSnapshotOfCluster(RequestContext& context,
                                                        const LoadedCluster& cluster,
                                                        const std::string& snapshot_id,
                                                        std::string_view snapshot_type,
                                                        int64_t retention_days) {
  return InsertSnapshot(
      context, SnapshotBodyOfCluster(context, cluster, snapshot_id, snapshot_type, retention_days));
}

}  // namespace rsemu::api::handlers
