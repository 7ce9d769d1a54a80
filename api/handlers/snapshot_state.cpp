// Snapshot state: loading and lazy settling of snapshots, their output, grant
// rows, deletion and automated snapshots.
#include "api/handlers/snapshot_state.h"

#include <algorithm>

#include "api/handlers/common.h"
#include "api/handlers/event_log.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

constexpr int64_t kDayMillis = 24LL * 60 * 60 * 1000;

// Moves `body` to "available" when its transition is due; true if it changed.
bool Settle(const RequestContext& context, Value* body) {
  const Value* settle_at = body->Find(kSettleAt);
  if (settle_at == nullptr || settle_at->AsInt() > context.now_millis) return false;
  int64_t started = body->GetInt("_StartedAt", settle_at->AsInt());
  int64_t elapsed = std::max<int64_t>(0, (settle_at->AsInt() - started) / 1000);
  // A plausible size: a fixed base plus a share per node.
  double size = 24.0 + 8.0 * static_cast<double>(body->GetInt("NumberOfNodes", 1));
  body->Set("Status", Value::String(body->GetString(kSettleTo, "available")));
  body->Set("TotalBackupSizeInMegaBytes", Value::Double(size));
  body->Set("ActualIncrementalBackupSizeInMegaBytes", Value::Double(size));
  body->Set("BackupProgressInMegaBytes", Value::Double(size));
  body->Set("CurrentBackupRateInMegaBytesPerSecond",
            Value::Double(size / static_cast<double>(std::max<int64_t>(elapsed, 1))));
  body->Set("EstimatedSecondsToCompletion", Value::Int(0));
  body->Set("ElapsedTimeInSeconds", Value::Int(elapsed));
  body->Erase(kSettleAt);
  body->Erase(kSettleTo);
  body->Erase("_StartedAt");
  return true;
}

storage::ResourceRecord GrantRow(const LoadedSnapshot& snapshot, const std::string& grantee) {
  storage::ResourceRecord row;
  row.account = grantee;
  row.region = snapshot.record.region;
  row.type = kSnapshotGrantType;
  row.identifier = snapshot.record.arn;
  row.arn = "rsemu:snapshotgrant:" + grantee + ":" + snapshot.record.arn;
  row.parent = snapshot.owner();
  row.body = "{}";
  return row;
}

// "rs:<cluster-id>-YYYY-MM-DD-HH-MM-SS" for the current time.
std::string AutomatedSnapshotName(const RequestContext& context, const std::string& cluster_id) {
  std::string stamp = FormatIso8601Millis(context.now_millis).substr(0, 19);  // ...THH:MM:SS
  std::replace(stamp.begin(), stamp.end(), 'T', '-');
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  return "rs:" + cluster_id + "-" + stamp;
}

}  // namespace

Status SnapshotNotFound(std::string_view id) {
  return Status::AwsError("ClusterSnapshotNotFoundFault",
                          "Snapshot " + std::string(id) + " not found.");
}

Result<LoadedSnapshot> LoadSnapshot(RequestContext& context, const storage::ResourceRecord& row) {
  LoadedSnapshot snapshot{row, Value()};
  RSEMU_ASSIGN_OR_RETURN(snapshot.body, Value::FromJson(row.body));
  if (Settle(context, &snapshot.body)) RSEMU_RETURN_IF_ERROR(SaveSnapshot(context, snapshot));
  return snapshot;
}

Result<std::optional<LoadedSnapshot>> FindSnapshot(RequestContext& context, const std::string& id) {
  auto row = context.resources->Get(context.account(), context.region, kSnapshotType, id);
  if (!row.ok()) {
    if (row.status().IsNotFound()) return std::optional<LoadedSnapshot>();
    return row.status();
  }
  RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot, LoadSnapshot(context, *row));
  return std::optional<LoadedSnapshot>(std::move(snapshot));
}

Status SaveSnapshot(RequestContext& context, LoadedSnapshot& snapshot) {
  snapshot.record.body = snapshot.body.ToJson();
  return context.resources->Update(snapshot.record);
}

void MarkSnapshotCreating(const RequestContext& context, Value* body) {
  body->Set("Status", Value::String("creating"));
  body->Set("TotalBackupSizeInMegaBytes", Value::Double(-1));
  body->Set("ActualIncrementalBackupSizeInMegaBytes", Value::Double(-1));
  body->Set("BackupProgressInMegaBytes", Value::Double(0));
  body->Set("CurrentBackupRateInMegaBytesPerSecond", Value::Double(0));
  body->Set("EstimatedSecondsToCompletion", Value::Int(-1));
  body->Set("ElapsedTimeInSeconds", Value::Int(0));
  body->Set("_StartedAt", Value::Int(context.now_millis));
  body->Set(kSettleAt, Value::Int(context.now_millis + DelayMillis(context)));
  body->Set(kSettleTo, Value::String("available"));
}

Result<LoadedSnapshot> TakeSnapshot(RequestContext& context, const LoadedCluster& cluster,
                                    const std::string& snapshot_id, std::string_view snapshot_type,
                                    int64_t retention_days) {
  LoadedSnapshot snapshot;
  snapshot.body =
      SnapshotBodyOfCluster(context, cluster, snapshot_id, snapshot_type, retention_days);
  for (const char* member : {"MasterPasswordSecretArn", "MasterPasswordSecretKmsKeyId"}) {
    if (cluster.body.Has(member)) {
      snapshot.body.Set(member, Value::String(cluster.body.GetString(member)));
    }
  }
  if (snapshot_type != "manual") snapshot.body.Erase("ManualSnapshotRetentionPeriod");
  MarkSnapshotCreating(context, &snapshot.body);
  RSEMU_ASSIGN_OR_RETURN(snapshot.record, InsertSnapshot(context, snapshot.body));
  return snapshot;
}

std::vector<std::string> RestorableNodeTypes(std::string_view node_type) {
  std::vector<std::string> types;
  if (node_type.starts_with("dc2.")) types.emplace_back(node_type);
  for (const char* type : {"ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge"}) {
    types.emplace_back(type);
  }
  if (!node_type.starts_with("dc2.")) {
    types.emplace_back("rg.xlarge");
    types.emplace_back("rg.4xlarge");
  }
  return types;
}

Result<Value> SnapshotOutput(RequestContext& context, const LoadedSnapshot& snapshot) {
  Value out = snapshot.body;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(snapshot.record.id));
  out.Set("Tags", TagsToValue(tags));
  Value node_types = Value::List();
  for (const std::string& type : RestorableNodeTypes(out.GetString("NodeType"))) {
    node_types.Push(Value::String(type));
  }
  out.Set("RestorableNodeTypes", std::move(node_types));
  if (snapshot.is_manual()) {
    int64_t days = out.GetInt("ManualSnapshotRetentionPeriod", -1);
    int64_t remaining = -1;
    if (days != -1) {
      int64_t start = ParseTimestampMillis(out.GetString("SnapshotRetentionStartTime")).value_or(0);
      int64_t left = start + days * kDayMillis - context.now_millis;
      remaining = left <= 0 ? 0 : (left + kDayMillis - 1) / kDayMillis;
    }
    out.Set("ManualSnapshotRemainingDays", Value::Int(remaining));
  }
  if (snapshot.owner() != context.account()) out.Erase("AccountsWithRestoreAccess");
  return out;
}

std::vector<std::string> RestoreAccounts(const Value& body) {
  std::vector<std::string> accounts;
  if (const Value* list = body.Find("AccountsWithRestoreAccess")) {
    for (const Value& item : list->items()) accounts.push_back(item.GetString("AccountId"));
  }
  return accounts;
}

bool CanRestore(const LoadedSnapshot& snapshot, std::string_view account) {
  if (snapshot.owner() == account) return true;
  std::vector<std::string> accounts = RestoreAccounts(snapshot.body);
  return std::find(accounts.begin(), accounts.end(), account) != accounts.end();
}

Status InsertGrantRow(RequestContext& context, const LoadedSnapshot& snapshot,
                      const std::string& grantee) {
  storage::ResourceRecord row = GrantRow(snapshot, grantee);
  row.created_millis = context.now_millis;
  return context.resources->Insert(&row);
}

Status DeleteGrantRow(RequestContext& context, const LoadedSnapshot& snapshot,
                      const std::string& grantee) {
  storage::ResourceRecord wanted = GrantRow(snapshot, grantee);
  auto row = context.resources->Get(wanted.account, wanted.region, wanted.type, wanted.identifier);
  if (!row.ok()) return row.status().IsNotFound() ? Status::Ok() : row.status();
  return context.resources->Delete(row->id);
}

Status DeleteSnapshotRow(RequestContext& context, const LoadedSnapshot& snapshot) {
  for (const std::string& grantee : RestoreAccounts(snapshot.body)) {
    RSEMU_RETURN_IF_ERROR(DeleteGrantRow(context, snapshot, grantee));
  }
  return context.resources->Delete(snapshot.record.id);
}

Status CreateAutomatedSnapshot(RequestContext& context, const LoadedCluster& cluster) {
  if (cluster.body.GetInt("AutomatedSnapshotRetentionPeriod", 1) <= 0) return Status::Ok();
  const std::string cluster_id = cluster.body.GetString("ClusterIdentifier");
  const std::string name = AutomatedSnapshotName(context, cluster_id);
  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedSnapshot> existing, FindSnapshot(context, name));
  if (existing) return Status::Ok();
  RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot,
                         TakeSnapshot(context, cluster, name, "automated", -1));
  (void)snapshot;
  return RecordEvent(context, {"cluster-snapshot",
                               name,
                               {"management"},
                               "INFO",
                               "Amazon Redshift automated snapshot '" + name + "' for cluster '" +
                                   cluster_id + "' has been created.",
                               "REDSHIFT-EVENT-2012"});
}

Status DeleteAutomatedSnapshots(RequestContext& context, const std::string& cluster_id) {
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = context.region;
  query.type = kSnapshotType;
  query.parent = cluster_id;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows, context.resources->List(query));
  for (const storage::ResourceRecord& row : rows) {
    LoadedSnapshot snapshot{row, Value()};
    RSEMU_ASSIGN_OR_RETURN(snapshot.body, Value::FromJson(row.body));
    if (snapshot.is_manual()) continue;
    RSEMU_RETURN_IF_ERROR(DeleteSnapshotRow(context, snapshot));
  }
  return Status::Ok();
}

}  // namespace rsemu::api::handlers
