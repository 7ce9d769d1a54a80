// Snapshot state: how a stored cluster snapshot is loaded, settled (creating →
// available on the injected clock, like clusters), shown and deleted, plus the
// automated snapshots that follow a cluster's life and the per-grantee rows that
// make "snapshots shared with account X" a keyed lookup.
//
// A stored snapshot is a row of type "snapshot" in its owner's account whose
// body is the model's Snapshot shape (AccountsWithRestoreAccess included) plus
// internal '_' members; the row's parent is the cluster identifier. Each grant
// of restore access is also a row of type "snapshotgrant" in the grantee's
// account: identifier = the snapshot ARN, parent = the owner account.
// Thread-safety: call inside the request's transaction only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/handlers/cluster_state.h"
#include "api/request_context.h"
#include "api/value.h"
#include "common/status.h"
#include "storage/resource_store.h"

namespace rsemu::api::handlers {

inline constexpr const char* kSnapshotGrantType = "snapshotgrant";
inline constexpr int kMaxManualSnapshots = 20;  // per account and region
inline constexpr size_t kMaxRestoreAccounts = 20;

struct LoadedSnapshot {
  storage::ResourceRecord record;
  Value body;
  const std::string& owner() const { return record.account; }
  std::string status() const { return body.GetString("Status"); }
  bool is_manual() const { return body.GetString("SnapshotType") == "manual"; }
};

// ClusterSnapshotNotFound (404) with AWS's message.
Status SnapshotNotFound(std::string_view id);

// Loads `row` (a snapshot row of any account), applying a due transition and
// persisting it.
Result<LoadedSnapshot> LoadSnapshot(RequestContext& context, const storage::ResourceRecord& row);
// The caller's snapshot `id` in the request's region, settled; nullopt if none.
Result<std::optional<LoadedSnapshot>> FindSnapshot(RequestContext& context, const std::string& id);
// Writes `snapshot.body` back to its row.
Status SaveSnapshot(RequestContext& context, LoadedSnapshot& snapshot);
// Puts a new snapshot body (taken or copied) into its "creating" state,
// settling to "available" after the transition delay.
void MarkSnapshotCreating(const RequestContext& context, Value* body);
// The snapshot as `context`'s caller sees it: the body plus Tags,
// ManualSnapshotRemainingDays and RestorableNodeTypes; only the owner sees
// AccountsWithRestoreAccess.
Result<Value> SnapshotOutput(RequestContext& context, const LoadedSnapshot& snapshot);

// Takes a snapshot of `cluster` named `snapshot_id` in the "creating" state
// (CreateSnapshotOfCluster plus the managed-password members and the
// transition). ClusterSnapshotAlreadyExists if the name is taken.
Result<LoadedSnapshot> TakeSnapshot(RequestContext& context, const LoadedCluster& cluster,
                                    const std::string& snapshot_id, std::string_view snapshot_type,
                                    int64_t retention_days);
// Node types a snapshot taken on `node_type` can be restored into.
std::vector<std::string> RestorableNodeTypes(std::string_view node_type);

// Accounts (AccountId) allowed to restore the snapshot.
std::vector<std::string> RestoreAccounts(const Value& body);
bool CanRestore(const LoadedSnapshot& snapshot, std::string_view account);
// Adds / removes the grant row of `grantee` for `snapshot` (the body's list is
// the caller's business).
Status InsertGrantRow(RequestContext& context, const LoadedSnapshot& snapshot,
                      const std::string& grantee);
Status DeleteGrantRow(RequestContext& context, const LoadedSnapshot& snapshot,
                      const std::string& grantee);
// Deletes the snapshot row, its tags and its grant rows.
Status DeleteSnapshotRow(RequestContext& context, const LoadedSnapshot& snapshot);

// Takes the automated snapshot "rs:<cluster-id>-YYYY-MM-DD-HH-MM-SS" of
// `cluster` (status "creating", settling like the cluster). Does nothing when
// the cluster's AutomatedSnapshotRetentionPeriod is 0 or a snapshot of that
// name already exists (same cluster, same second). Called by CreateCluster and
// RestoreFromClusterSnapshot.
Status CreateAutomatedSnapshot(RequestContext& context, const LoadedCluster& cluster);
// Deletes every automated snapshot of the caller's cluster `cluster_id` (manual
// ones survive). Called when a cluster is deleted.
Status DeleteAutomatedSnapshots(RequestContext& context, const std::string& cluster_id);

}  // namespace rsemu::api::handlers
