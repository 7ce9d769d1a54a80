// Snapshot handlers: CreateClusterSnapshot, DescribeClusterSnapshots,
// DeleteClusterSnapshot, BatchDeleteClusterSnapshots, CopyClusterSnapshot,
// ModifyClusterSnapshot, BatchModifyClusterSnapshots,
// RestoreFromClusterSnapshot, AuthorizeSnapshotAccess and RevokeSnapshotAccess,
// with Redshift's validation, lifecycle (creating → available, settled lazily on
// the injected clock) and cross-account restore access.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "api/handlers/cluster_builder.h"
#include "api/handlers/cluster_rules.h"
#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "api/handlers/event_log.h"
#include "api/handlers/handlers.h"
#include "api/handlers/snapshot_state.h"
#include "api/registry.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

constexpr size_t kMaxBatchSize = 100;
constexpr const char* kRedshiftSupport = "amazon-redshift-support";

Status InvalidSnapshotState(std::string message) {
  return Status::AwsError("InvalidClusterSnapshotStateFault", std::move(message));
}

// The caller's snapshot `id`, optionally required to belong to `cluster_id`.
Result<LoadedSnapshot> RequireOwnSnapshot(RequestContext& context, const std::string& id,
                                          const std::string& cluster_id = "") {
  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedSnapshot> snapshot, FindSnapshot(context, id));
  if (!snapshot ||
      (!cluster_id.empty() && snapshot->body.GetString("ClusterIdentifier") != cluster_id)) {
    return SnapshotNotFound(id);
  }
  return std::move(*snapshot);
}

// The snapshot named by SnapshotIdentifier (in OwnerAccount's account, the
// caller's by default) or by SnapshotArn (any account), settled. Exactly one of
// the two must be given; SnapshotClusterIdentifier, when given, must match.
// Access is the caller's to check.
Result<LoadedSnapshot> ResolveSnapshot(RequestContext& context, const Value& input) {
  bool by_id = input.Has("SnapshotIdentifier");
  bool by_arn = input.Has("SnapshotArn");
  if (by_id && by_arn) {
    return InvalidCombination("Specify either SnapshotIdentifier or SnapshotArn, but not both.");
  }
  if (!by_id && !by_arn) {
    return Status::AwsError(
        "MissingParameter",
        "The request must contain the parameter SnapshotIdentifier or SnapshotArn.");
  }
  std::string name = by_id ? input.GetString("SnapshotIdentifier") : input.GetString("SnapshotArn");
  Result<storage::ResourceRecord> row = Status::NotFound("");
  if (by_arn) {
    row = context.resources->GetByArn(name);
  } else {
    std::string owner = input.GetString("OwnerAccount", context.account());
    row = context.resources->Get(owner, context.region, kSnapshotType, name);
  }
  if (!row.ok()) return row.status().IsNotFound() ? SnapshotNotFound(name) : row.status();
  if (row->type != kSnapshotType || row->region != context.region ||
      (by_arn && input.Has("OwnerAccount") && row->account != input.GetString("OwnerAccount"))) {
    return SnapshotNotFound(name);
  }
  RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot, LoadSnapshot(context, *row));
  if (input.Has("SnapshotClusterIdentifier") && snapshot.body.GetString("ClusterIdentifier") !=
                                                    input.GetString("SnapshotClusterIdentifier")) {
    return SnapshotNotFound(name);
  }
  return snapshot;
}

// ClusterSnapshotQuotaExceeded when the caller already has the maximum number
// of manual snapshots.
Status CheckManualSnapshotQuota(RequestContext& context) {
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = context.region;
  query.type = kSnapshotType;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows, context.resources->List(query));
  int manual = 0;
  for (const storage::ResourceRecord& row : rows) {
    RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(row.body));
    manual += body.GetString("SnapshotType") == "manual";
  }
  if (manual < kMaxManualSnapshots) return Status::Ok();
  return Status::AwsError("ClusterSnapshotQuotaExceededFault",
                          "The request would result in the user exceeding the allowed number of "
                          "cluster snapshots (" +
                              std::to_string(kMaxManualSnapshots) + ").");
}

Result<Value> WrapSnapshot(RequestContext& context, const LoadedSnapshot& snapshot,
                           std::string_view status = "") {
  RSEMU_ASSIGN_OR_RETURN(Value item, SnapshotOutput(context, snapshot));
  if (!status.empty()) item.Set("Status", Value::String(std::string(status)));
  Value out = Value::Object();
  out.Set("Snapshot", std::move(item));
  return out;
}

Status RecordSnapshotEvent(RequestContext& context, const std::string& id, std::string message,
                           const char* event_id) {
  return RecordEvent(
      context, {"cluster-snapshot", id, {"management"}, "INFO", std::move(message), event_id});
}

// ---------------------------------------------------------------------------
// CreateClusterSnapshot, CopyClusterSnapshot

Result<Value> CreateClusterSnapshot(RequestContext& context, const Value& input) {
  const std::string id = input.GetString("SnapshotIdentifier");
  RSEMU_RETURN_IF_ERROR(ValidateIdentifier("SnapshotIdentifier", id, 255));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  int64_t retention = input.GetInt("ManualSnapshotRetentionPeriod",
                                   cluster.body.GetInt("ManualSnapshotRetentionPeriod", -1));
  RSEMU_RETURN_IF_ERROR(ValidateManualRetention(retention));
  if (cluster.body.GetString("ClusterStatus") != "available") {
    return Status::AwsError("InvalidClusterStateFault",
                            "The specified cluster is not in the available state.");
  }
  RSEMU_RETURN_IF_ERROR(CheckManualSnapshotQuota(context));
  RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot,
                         TakeSnapshot(context, cluster, id, "manual", retention));
  RSEMU_RETURN_IF_ERROR(ApplyTags(context.tags, snapshot.record.id, tags));
  RSEMU_RETURN_IF_ERROR(
      RecordSnapshotEvent(context, id,
                          "A manual snapshot '" + id + "' of Amazon Redshift cluster '" +
                              cluster.body.GetString("ClusterIdentifier") + "' has been started.",
                          "REDSHIFT-EVENT-2010"));
  return WrapSnapshot(context, snapshot);
}

Result<Value> CopyClusterSnapshot(RequestContext& context, const Value& input) {
  const std::string source_id = input.GetString("SourceSnapshotIdentifier");
  const std::string target_id = input.GetString("TargetSnapshotIdentifier");
  RSEMU_RETURN_IF_ERROR(ValidateIdentifier("TargetSnapshotIdentifier", target_id, 255));
  int64_t retention = input.GetInt("ManualSnapshotRetentionPeriod", -1);
  RSEMU_RETURN_IF_ERROR(ValidateManualRetention(retention));
  RSEMU_ASSIGN_OR_RETURN(
      LoadedSnapshot source,
      RequireOwnSnapshot(context, source_id, input.GetString("SourceSnapshotClusterIdentifier")));
  if (source.is_manual()) {
    return InvalidSnapshotState("Cannot copy the snapshot " + source_id +
                                ": only automated snapshots can be copied.");
  }
  if (source.status() != "available") {
    return InvalidSnapshotState("The snapshot " + source_id + " is not in the available state.");
  }
  RSEMU_RETURN_IF_ERROR(CheckManualSnapshotQuota(context));
  const std::string cluster_id = source.body.GetString("ClusterIdentifier");
  std::string now = FormatIso8601Millis(context.now_millis);
  LoadedSnapshot copy{source.record, source.body};
  copy.body.Set("SnapshotIdentifier", Value::String(target_id));
  copy.body.Set("SnapshotType", Value::String("manual"));
  copy.body.Set("AccountsWithRestoreAccess", Value::List());
  copy.body.Set("ManualSnapshotRetentionPeriod", Value::Int(retention));
  copy.body.Set("SnapshotRetentionStartTime", Value::String(now));
  copy.record.identifier = target_id;
  copy.record.arn =
      RedshiftArn(context.region, context.account(), kSnapshotType, cluster_id + "/" + target_id);
  copy.body.Set("SnapshotArn", Value::String(copy.record.arn));
  MarkSnapshotCreating(context, &copy.body);
  copy.record.body = copy.body.ToJson();
  copy.record.created_millis = context.now_millis;
  Status inserted = context.resources->Insert(&copy.record);
  if (inserted.IsConflict()) {
    return Status::AwsError("ClusterSnapshotAlreadyExistsFault",
                            "Cannot create the snapshot because a snapshot with the identifier " +
                                target_id + " already exists.");
  }
  RSEMU_RETURN_IF_ERROR(inserted);
  RSEMU_RETURN_IF_ERROR(RecordSnapshotEvent(context, target_id,
                                            "The automated snapshot '" + source_id +
                                                "' is being copied to manual snapshot '" +
                                                target_id + "'.",
                                            "REDSHIFT-EVENT-2010"));
  return WrapSnapshot(context, copy);
}

// ---------------------------------------------------------------------------
// DescribeClusterSnapshots

struct SortSpec {
  std::string attribute;  // SOURCE_TYPE | TOTAL_SIZE | CREATE_TIME
  bool descending = false;
};

// A snapshot's position in a listing: one part per sort attribute, then the
// identifier and the owner account (which make it unique).
std::vector<std::string> SortKey(const LoadedSnapshot& snapshot,
                                 const std::vector<SortSpec>& specs) {
  std::vector<std::string> key;
  for (const SortSpec& spec : specs) {
    if (spec.attribute == "SOURCE_TYPE") {
      key.push_back(snapshot.body.GetString("SnapshotType"));
    } else if (spec.attribute == "TOTAL_SIZE") {
      const Value* size = snapshot.body.Find("TotalBackupSizeInMegaBytes");
      char text[40];
      std::snprintf(text, sizeof(text), "%024.3f", (size ? size->AsDouble() : 0) + 1e6);
      key.emplace_back(text);
    } else {
      key.push_back(snapshot.body.GetString("SnapshotCreateTime"));
    }
  }
  key.push_back(snapshot.record.identifier);
  key.push_back(snapshot.owner());
  return key;
}

bool KeyLess(const std::vector<std::string>& a, const std::vector<std::string>& b,
             const std::vector<SortSpec>& specs) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int order = a[i].compare(b[i]);
    if (order == 0) continue;
    bool descending = i < specs.size() && specs[i].descending;
    return descending ? order > 0 : order < 0;
  }
  return false;
}

std::string JoinKey(const std::vector<std::string>& key) {
  std::string out;
  for (const std::string& part : key) out.append(out.empty() ? "" : "\n").append(part);
  return out;
}

std::vector<std::string> SplitKey(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

bool AnyTagMatches(const std::vector<storage::Tag>& tags, const std::vector<std::string>& keys,
                   const std::vector<std::string>& values) {
  auto has = [](const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  };
  bool key_ok = keys.empty(), value_ok = values.empty();
  for (const storage::Tag& tag : tags) {
    key_ok = key_ok || has(keys, tag.key);
    value_ok = value_ok || has(values, tag.value);
  }
  return key_ok && value_ok;
}

Result<std::optional<int64_t>> ReadTime(const Value& input, std::string_view member) {
  if (!input.Has(member)) return std::optional<int64_t>();
  std::optional<int64_t> millis = ParseTimestampMillis(input.GetString(member));
  if (!millis) {
    return InvalidValue("The parameter " + std::string(member) + " is not a valid timestamp.");
  }
  return millis;
}

// The rows DescribeClusterSnapshots may show the caller, before filtering.
Result<std::vector<storage::ResourceRecord>> CandidateRows(RequestContext& context,
                                                           const Value& input) {
  std::vector<storage::ResourceRecord> rows;
  if (input.Has("SnapshotArn")) {
    auto row = context.resources->GetByArn(input.GetString("SnapshotArn"));
    if (row.ok() && row->type == kSnapshotType && row->region == context.region) {
      rows.push_back(std::move(*row));
    } else if (!row.ok() && !row.status().IsNotFound()) {
      return row.status();
    }
    return rows;
  }
  std::string owner = input.GetString("OwnerAccount");
  if (owner.empty() || owner == context.account()) {
    if (input.Has("SnapshotIdentifier")) {
      auto row = context.resources->Get(context.account(), context.region, kSnapshotType,
                                        input.GetString("SnapshotIdentifier"));
      if (row.ok()) {
        rows.push_back(std::move(*row));
      } else if (!row.status().IsNotFound()) {
        return row.status();
      }
    } else {
      storage::ResourceQuery query;
      query.account = context.account();
      query.region = context.region;
      query.type = kSnapshotType;
      query.parent = input.GetString("ClusterIdentifier");
      RSEMU_ASSIGN_OR_RETURN(rows, context.resources->List(query));
    }
  }
  if (owner != context.account()) {
    storage::ResourceQuery grants;
    grants.account = context.account();
    grants.region = context.region;
    grants.type = kSnapshotGrantType;
    grants.parent = owner;
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> granted,
                           context.resources->List(grants));
    for (const storage::ResourceRecord& grant : granted) {
      auto row = context.resources->GetByArn(grant.identifier);
      if (row.ok()) {
        rows.push_back(std::move(*row));
      } else if (!row.status().IsNotFound()) {
        return row.status();
      }
    }
  }
  return rows;
}

Result<bool> ClusterExists(RequestContext& context, const LoadedSnapshot& snapshot) {
  auto row = context.resources->Get(snapshot.owner(), context.region, kClusterType,
                                    snapshot.body.GetString("ClusterIdentifier"));
  if (!row.ok()) return row.status().IsNotFound() ? Result<bool>(false) : row.status();
  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, LoadCluster(context, *row));
  return cluster.has_value();
}

Result<Value> DescribeClusterSnapshots(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(PageRequest page, ReadPage(input));
  std::string type = input.GetString("SnapshotType");
  if (input.Has("SnapshotType") && type != "manual" && type != "automated") {
    return InvalidValue("The snapshot type " + type + " is not valid: use manual or automated.");
  }
  RSEMU_ASSIGN_OR_RETURN(std::optional<int64_t> start, ReadTime(input, "StartTime"));
  RSEMU_ASSIGN_OR_RETURN(std::optional<int64_t> end, ReadTime(input, "EndTime"));
  if (start && end && *start > *end) return InvalidValue("StartTime must not be after EndTime.");
  const std::string cluster_id = input.GetString("ClusterIdentifier");
  std::optional<bool> cluster_exists;
  if (input.Has("ClusterExists")) cluster_exists = input.GetBool("ClusterExists");
  if (cluster_exists.value_or(false)) {
    if (cluster_id.empty()) {
      return InvalidCombination("ClusterIdentifier is required when ClusterExists is true.");
    }
    RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, RequireCluster(context, cluster_id));
    (void)cluster;
  }
  std::vector<SortSpec> specs;
  if (const Value* entities = input.Find("SortingEntities")) {
    for (const Value& entity : entities->items()) {
      specs.push_back({entity.GetString("Attribute"), entity.GetString("SortOrder") == "DESC"});
    }
  }
  std::optional<std::vector<std::string>> after;
  if (page.after) {
    after = SplitKey(*page.after);
    if (after->size() != specs.size() + 2) {
      return InvalidValue("The marker " + input.GetString("Marker") + " is not valid.");
    }
  }
  std::vector<std::string> tag_keys = ReadStringList(input, "TagKeys");
  std::vector<std::string> tag_values = ReadStringList(input, "TagValues");

  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows, CandidateRows(context, input));
  struct Listed {
    std::vector<std::string> key;
    LoadedSnapshot snapshot;
  };
  std::vector<Listed> listed;
  for (const storage::ResourceRecord& row : rows) {
    RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot, LoadSnapshot(context, row));
    const Value& body = snapshot.body;
    if (!CanRestore(snapshot, context.account())) continue;
    if (input.Has("SnapshotIdentifier") &&
        snapshot.record.identifier != input.GetString("SnapshotIdentifier")) {
      continue;
    }
    if (!cluster_id.empty() && body.GetString("ClusterIdentifier") != cluster_id) continue;
    if (!type.empty() && body.GetString("SnapshotType") != type) continue;
    int64_t created = ParseTimestampMillis(body.GetString("SnapshotCreateTime")).value_or(0);
    if ((start && created < *start) || (end && created > *end)) continue;
    if (!tag_keys.empty() || !tag_values.empty()) {
      RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(row.id));
      if (!AnyTagMatches(tags, tag_keys, tag_values)) continue;
    }
    if (cluster_exists) {
      RSEMU_ASSIGN_OR_RETURN(bool exists, ClusterExists(context, snapshot));
      if (exists != *cluster_exists) continue;
    }
    std::vector<std::string> key = SortKey(snapshot, specs);
    if (after && !KeyLess(*after, key, specs)) continue;
    listed.push_back({std::move(key), std::move(snapshot)});
  }
  if (listed.empty() && !after && (input.Has("SnapshotIdentifier") || input.Has("SnapshotArn"))) {
    return SnapshotNotFound(input.Has("SnapshotIdentifier") ? input.GetString("SnapshotIdentifier")
                                                            : input.GetString("SnapshotArn"));
  }
  std::sort(listed.begin(), listed.end(),
            [&](const Listed& a, const Listed& b) { return KeyLess(a.key, b.key, specs); });
  bool more = listed.size() > static_cast<size_t>(page.max_records);
  if (more) listed.resize(static_cast<size_t>(page.max_records));
  Value snapshots = Value::List();
  for (const Listed& item : listed) {
    RSEMU_ASSIGN_OR_RETURN(Value shown, SnapshotOutput(context, item.snapshot));
    snapshots.Push(std::move(shown));
  }
  Value out = Value::Object();
  out.Set("Snapshots", std::move(snapshots));
  if (more) out.Set("Marker", Value::String(EncodeMarker(JoinKey(listed.back().key))));
  return out;
}

// ---------------------------------------------------------------------------
// DeleteClusterSnapshot, BatchDeleteClusterSnapshots

Result<Value> DeleteOneSnapshot(RequestContext& context, const std::string& id,
                                const std::string& cluster_id) {
  RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot, RequireOwnSnapshot(context, id, cluster_id));
  if (!snapshot.is_manual()) {
    return InvalidSnapshotState("Cannot delete the snapshot " + id +
                                " because only manual snapshots may be deleted.");
  }
  std::string status = snapshot.status();
  if (status != "available" && status != "failed" && status != "cancelled") {
    return InvalidSnapshotState("Cannot delete the snapshot " + id + " because it is " + status +
                                ".");
  }
  RSEMU_ASSIGN_OR_RETURN(Value out, WrapSnapshot(context, snapshot, "deleted"));
  RSEMU_RETURN_IF_ERROR(DeleteSnapshotRow(context, snapshot));
  RSEMU_RETURN_IF_ERROR(RecordSnapshotEvent(
      context, id, "The manual snapshot '" + id + "' has been deleted.", "REDSHIFT-EVENT-2011"));
  return out;
}

Result<Value> DeleteClusterSnapshot(RequestContext& context, const Value& input) {
  return DeleteOneSnapshot(context, input.GetString("SnapshotIdentifier"),
                           input.GetString("SnapshotClusterIdentifier"));
}

// A Batch* item error from an AWS error; other failures abort the request.
Result<Value> BatchError(RequestContext& context, const Status& status, const std::string& id,
                         const std::string& cluster_id) {
  if (!status.IsAwsError()) return status;
  const Shape* shape = context.model->FindError(status.error());
  Value error = Value::Object();
  error.Set("SnapshotIdentifier", Value::String(id));
  if (!cluster_id.empty()) error.Set("SnapshotClusterIdentifier", Value::String(cluster_id));
  error.Set("FailureCode", Value::String(shape ? shape->error_code : status.error()));
  error.Set("FailureReason", Value::String(status.message()));
  return error;
}

Result<Value> BatchDeleteClusterSnapshots(RequestContext& context, const Value& input) {
  const Value* identifiers = input.Find("Identifiers");
  if (identifiers && identifiers->size() > kMaxBatchSize) {
    return Status::AwsError("BatchDeleteRequestSizeExceededFault",
                            "The maximum number for a batch delete of snapshots has been reached. "
                            "The limit is 100.");
  }
  Value resources = Value::List(), errors = Value::List();
  if (identifiers) {
    for (const Value& item : identifiers->items()) {
      std::string id = item.GetString("SnapshotIdentifier");
      std::string cluster_id = item.GetString("SnapshotClusterIdentifier");
      Result<Value> deleted = DeleteOneSnapshot(context, id, cluster_id);
      if (deleted.ok()) {
        resources.Push(Value::String(id));
        continue;
      }
      RSEMU_ASSIGN_OR_RETURN(Value error, BatchError(context, deleted.status(), id, cluster_id));
      errors.Push(std::move(error));
    }
  }
  Value out = Value::Object();
  out.Set("Resources", std::move(resources));
  out.Set("Errors", std::move(errors));
  return out;
}

// ---------------------------------------------------------------------------
// ModifyClusterSnapshot, BatchModifyClusterSnapshots

// Sets the retention of the caller's manual snapshot `id`. A snapshot already
// past the new period is deleted with Force, else InvalidRetentionPeriodFault.
Result<Value> ModifyOneSnapshot(RequestContext& context, const std::string& id,
                                std::optional<int64_t> retention, bool force) {
  RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot, RequireOwnSnapshot(context, id));
  if (!snapshot.is_manual()) {
    return InvalidSnapshotState("The retention period of the automated snapshot " + id +
                                " cannot be modified.");
  }
  if (!retention) return WrapSnapshot(context, snapshot);
  if (*retention != -1) {
    int64_t start =
        ParseTimestampMillis(snapshot.body.GetString("SnapshotRetentionStartTime")).value_or(0);
    if (start + *retention * 24LL * 60 * 60 * 1000 <= context.now_millis) {
      if (!force) {
        return Status::AwsError("InvalidRetentionPeriodFault",
                                "The snapshot " + id +
                                    " is already older than the new retention period; use Force "
                                    "to delete it now.");
      }
      RSEMU_ASSIGN_OR_RETURN(Value out, WrapSnapshot(context, snapshot, "deleted"));
      RSEMU_RETURN_IF_ERROR(DeleteSnapshotRow(context, snapshot));
      RSEMU_RETURN_IF_ERROR(
          RecordSnapshotEvent(context, id,
                              "The manual snapshot '" + id +
                                  "' has been deleted because its retention period has passed.",
                              "REDSHIFT-EVENT-2011"));
      return out;
    }
  }
  snapshot.body.Set("ManualSnapshotRetentionPeriod", Value::Int(*retention));
  RSEMU_RETURN_IF_ERROR(SaveSnapshot(context, snapshot));
  return WrapSnapshot(context, snapshot);
}

Result<std::optional<int64_t>> ReadRetention(const Value& input) {
  if (!input.Has("ManualSnapshotRetentionPeriod")) return std::optional<int64_t>();
  int64_t days = input.GetInt("ManualSnapshotRetentionPeriod");
  RSEMU_RETURN_IF_ERROR(ValidateManualRetention(days));
  return std::optional<int64_t>(days);
}

Result<Value> ModifyClusterSnapshot(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(std::optional<int64_t> retention, ReadRetention(input));
  return ModifyOneSnapshot(context, input.GetString("SnapshotIdentifier"), retention,
                           input.GetBool("Force"));
}

Result<Value> BatchModifyClusterSnapshots(RequestContext& context, const Value& input) {
  std::vector<std::string> ids = ReadStringList(input, "SnapshotIdentifierList");
  if (ids.size() > kMaxBatchSize) {
    return Status::AwsError("BatchModifyClusterSnapshotsLimitExceededFault",
                            "The maximum number of snapshot identifiers per request has been "
                            "reached. The limit is 100.");
  }
  RSEMU_ASSIGN_OR_RETURN(std::optional<int64_t> retention, ReadRetention(input));
  Value resources = Value::List(), errors = Value::List();
  for (const std::string& id : ids) {
    Result<Value> modified = ModifyOneSnapshot(context, id, retention, input.GetBool("Force"));
    if (modified.ok()) {
      resources.Push(Value::String(id));
      continue;
    }
    RSEMU_ASSIGN_OR_RETURN(Value error, BatchError(context, modified.status(), id, ""));
    errors.Push(std::move(error));
  }
  Value out = Value::Object();
  out.Set("Resources", std::move(resources));
  out.Set("Errors", std::move(errors));
  return out;
}

// ---------------------------------------------------------------------------
// RestoreFromClusterSnapshot

Value RestoreStatus(std::string_view status, int64_t size, int64_t elapsed_seconds) {
  bool done = status == "completed";
  Value restore = Value::Object();
  restore.Set("Status", Value::String(std::string(status)));
  restore.Set("CurrentRestoreRateInMegaBytesPerSecond",
              Value::Double(done ? static_cast<double>(size) /
                                       static_cast<double>(std::max<int64_t>(elapsed_seconds, 1))
                                 : 0.0));
  restore.Set("SnapshotSizeInMegaBytes", Value::Int(size));
  restore.Set("ProgressInMegaBytes", Value::Int(done ? size : 0));
  restore.Set("ElapsedTimeInSeconds", Value::Int(done ? elapsed_seconds : 0));
  restore.Set("EstimatedTimeToCompletionInSeconds", Value::Int(done ? 0 : elapsed_seconds));
  return restore;
}

Result<Value> RestoreFromClusterSnapshot(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot, ResolveSnapshot(context, input));
  const std::string snapshot_id = snapshot.record.identifier;
  if (!CanRestore(snapshot, context.account())) {
    return Status::AwsError("AccessToSnapshotDeniedFault",
                            "The owner of the snapshot " + snapshot_id +
                                " has not authorized your account to access it.");
  }
  if (snapshot.status() != "available") {
    return InvalidSnapshotState("The snapshot " + snapshot_id + " is not in the available state.");
  }
  // The snapshot's configuration, overridden by what the request sets.
  const Value& source = snapshot.body;
  Value merged = input;
  merged.Set("MasterUsername", Value::String(source.GetString("MasterUsername")));
  merged.Set("DBName", Value::String(source.GetString("DBName")));
  bool node_type_given = input.Has("NodeType");
  if (!node_type_given) merged.Set("NodeType", Value::String(source.GetString("NodeType")));
  if (!input.Has("NumberOfNodes"))
    merged.Set("NumberOfNodes", Value::Int(source.GetInt("NumberOfNodes", 1)));
  if (!input.Has("Port")) merged.Set("Port", Value::Int(source.GetInt("Port", 5439)));
  for (const char* member : {"AvailabilityZone", "KmsKeyId", "MaintenanceTrackName"}) {
    if (!input.Has(member) && source.Has(member))
      merged.Set(member, Value::String(source.GetString(member)));
  }
  if (!input.Has("EnhancedVpcRouting"))
    merged.Set("EnhancedVpcRouting", Value::Bool(source.GetBool("EnhancedVpcRouting")));
  RSEMU_ASSIGN_OR_RETURN(NewCluster cluster,
                         PrepareNewCluster(context, merged, ClusterSource::kRestore));
  std::vector<std::string> restorable = RestorableNodeTypes(source.GetString("NodeType"));
  std::string node_type = merged.GetString("NodeType");
  if (std::find(restorable.begin(), restorable.end(), node_type) == restorable.end()) {
    return Status::AwsError(
        "InvalidRestoreFault",
        "The snapshot " + snapshot_id + " cannot be restored into node type " + node_type + ".");
  }
  int64_t size =
      std::llround(std::max(0.0, source.Find("TotalBackupSizeInMegaBytes")
                                     ? source.Find("TotalBackupSizeInMegaBytes")->AsDouble()
                                     : 0.0));
  int64_t elapsed = DelayMillis(context) / 1000;
  // The restore shows "restoring" until the cluster's creation settles; the
  // settled state (applied by cluster_state's Settle) has it "completed".
  cluster.body.Set("RestoreStatus", RestoreStatus("restoring", size, elapsed));
  cluster.body[kApply].Set("RestoreStatus", RestoreStatus("completed", size, elapsed));
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster restored, InsertNewCluster(context, cluster));
  RSEMU_RETURN_IF_ERROR(CreateAutomatedSnapshot(context, restored));
  RSEMU_RETURN_IF_ERROR(RecordEvent(
      context, {"cluster",
                cluster.identifier,
                {"management"},
                "INFO",
                "Your restore operation to create a new Amazon Redshift cluster '" +
                    cluster.identifier + "' from snapshot '" + snapshot_id + "' has started.",
                "REDSHIFT-EVENT-2008"}));
  RSEMU_ASSIGN_OR_RETURN(Value created, ClusterOutput(context, std::move(restored)));
  created.Set("RestoreStatus", RestoreStatus("starting", size, elapsed));
  Value out = Value::Object();
  out.Set("Cluster", std::move(created));
  return out;
}

// ---------------------------------------------------------------------------
// AuthorizeSnapshotAccess, RevokeSnapshotAccess

Status ValidateGrantee(const std::string& account) {
  bool digits = account.size() == 12 && std::all_of(account.begin(), account.end(), [](char ch) {
                  return std::isdigit(static_cast<unsigned char>(ch));
                });
  if (digits || account == kRedshiftSupport) return Status::Ok();
  return InvalidValue("The account " + account +
                      " is not valid: specify a 12-digit AWS account ID or " + kRedshiftSupport +
                      ".");
}

Result<Value> AuthorizeSnapshotAccess(RequestContext& context, const Value& input) {
  const std::string grantee = input.GetString("AccountWithRestoreAccess");
  RSEMU_RETURN_IF_ERROR(ValidateGrantee(grantee));
  RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot, ResolveSnapshot(context, input));
  const std::string& id = snapshot.record.identifier;
  if (snapshot.owner() != context.account()) return SnapshotNotFound(id);
  if (grantee == context.account()) {
    return InvalidValue("You cannot authorize your own account to restore the snapshot " + id +
                        ".");
  }
  if (snapshot.status() != "available") {
    return InvalidSnapshotState("The snapshot " + id + " is not in the available state.");
  }
  std::vector<std::string> accounts = RestoreAccounts(snapshot.body);
  if (std::find(accounts.begin(), accounts.end(), grantee) != accounts.end()) {
    return Status::AwsError(
        "AuthorizationAlreadyExistsFault",
        "The account " + grantee + " is already authorized to restore the snapshot " + id + ".");
  }
  if (accounts.size() >= kMaxRestoreAccounts) {
    return Status::AwsError("AuthorizationQuotaExceededFault",
                            "The snapshot " + id + " can be shared with at most " +
                                std::to_string(kMaxRestoreAccounts) + " accounts.");
  }
  Value entry = Value::Object();
  entry.Set("AccountId", Value::String(grantee));
  snapshot.body["AccountsWithRestoreAccess"].Push(std::move(entry));
  RSEMU_RETURN_IF_ERROR(SaveSnapshot(context, snapshot));
  RSEMU_RETURN_IF_ERROR(InsertGrantRow(context, snapshot, grantee));
  return WrapSnapshot(context, snapshot);
}

Result<Value> RevokeSnapshotAccess(RequestContext& context, const Value& input) {
  const std::string grantee = input.GetString("AccountWithRestoreAccess");
  RSEMU_ASSIGN_OR_RETURN(LoadedSnapshot snapshot, ResolveSnapshot(context, input));
  const std::string& id = snapshot.record.identifier;
  if (snapshot.owner() != context.account()) {
    if (!CanRestore(snapshot, context.account())) return SnapshotNotFound(id);
    return Status::AwsError("AccessToSnapshotDeniedFault",
                            "Only the owner of the snapshot " + id + " can revoke access to it.");
  }
  Value& list = snapshot.body["AccountsWithRestoreAccess"];
  auto& items = list.items();
  auto found = std::find_if(items.begin(), items.end(), [&](const Value& item) {
    return item.GetString("AccountId") == grantee;
  });
  if (found == items.end()) {
    return Status::AwsError(
        "AuthorizationNotFoundFault",
        "The account " + grantee + " is not authorized to restore the snapshot " + id + ".");
  }
  items.erase(found);
  RSEMU_RETURN_IF_ERROR(SaveSnapshot(context, snapshot));
  RSEMU_RETURN_IF_ERROR(DeleteGrantRow(context, snapshot, grantee));
  return WrapSnapshot(context, snapshot);
}

}  // namespace

void RegisterSnapshotHandlers(Registry* registry) {
  registry->Add("redshift", "CreateClusterSnapshot", CreateClusterSnapshot);
  registry->Add("redshift", "DescribeClusterSnapshots", DescribeClusterSnapshots);
  registry->Add("redshift", "DeleteClusterSnapshot", DeleteClusterSnapshot);
  registry->Add("redshift", "BatchDeleteClusterSnapshots", BatchDeleteClusterSnapshots);
  registry->Add("redshift", "CopyClusterSnapshot", CopyClusterSnapshot);
  registry->Add("redshift", "ModifyClusterSnapshot", ModifyClusterSnapshot);
  registry->Add("redshift", "BatchModifyClusterSnapshots", BatchModifyClusterSnapshots);
  registry->Add("redshift", "RestoreFromClusterSnapshot", RestoreFromClusterSnapshot);
  registry->Add("redshift", "AuthorizeSnapshotAccess", AuthorizeSnapshotAccess);
  registry->Add("redshift", "RevokeSnapshotAccess", RevokeSnapshotAccess);
}

}  // namespace rsemu::api::handlers
