// ResourceStore: every emulated resource (clusters, snapshots, parameter groups,
// ...) as one row: indexed columns for what is looked up or constrained, plus the
// resource's API shape as JSON (`body`). One generic table serves every family;
// the per-family logic lives in the api/ handlers.
//
// Identity: (account, region, type, identifier) is unique. `type` is the ARN
// resource type ("cluster", "snapshot", "parametergroup", ...). IAM resources,
// which are global, use region "" (empty).
//
// Thread-safety: as Database (not thread-safe; the caller serializes).
// Status codes: NotFound (no such row), Conflict (identity already taken),
// Internal (SQLite failure).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/database.h"

namespace rsemu::storage {

struct ResourceRecord {
  int64_t id = 0;  // row id, assigned by Insert
  std::string account;
  std::string region;
  std::string type;
  std::string identifier;
  std::string arn;
  std::string parent;  // e.g. a snapshot's cluster identifier; may be empty
  std::string body;    // JSON text
  int64_t created_millis = 0;
};

// One row a request looked up or wrote by its identity (Get, GetById,
// GetByArn, Insert, Update, Delete; not List): what a handler really touched,
// for the decision log and the differential authorization test.
struct ResourceAccess {
  enum class Kind { kRead, kInsert, kUpdate, kDelete };
  int64_t id = 0;
  std::string type;  // empty for a Delete (only the row id is known)
  std::string arn;   // the row's ARN as read or written
  Kind kind = Kind::kRead;
};

// Filters for List. Empty fields do not filter.
struct ResourceQuery {
  std::string account;  // required
  std::string region;   // required ("" for global resources)
  std::string type;     // required
  std::string parent;   // only rows with this parent
  // Only rows that have at least one tag whose key is in tag_keys (if given)
  // and at least one tag whose value is in tag_values (if given).
  std::vector<std::string> tag_keys;
  std::vector<std::string> tag_values;
  // Keyset pagination: only identifiers strictly greater than this.
  std::optional<std::string> after_identifier;
  int limit = -1;  // -1 = no limit
};

class ResourceStore {
 public:
  explicit ResourceStore(Database* db) : db_(db) {}

  // Inserts and sets record->id. Conflict if the identity exists.
  Status Insert(ResourceRecord* record);
  Result<ResourceRecord> Get(const std::string& account, const std::string& region,
                             const std::string& type, const std::string& identifier);
  Result<ResourceRecord> GetById(int64_t id);
  // Any account: ARNs are globally unique.
  Result<ResourceRecord> GetByArn(const std::string& arn);
  // Rewrites identifier, arn, parent and body of the row with record.id.
  // Conflict if the new identity is taken; NotFound if the row is gone.
  Status Update(const ResourceRecord& record);
  // Deletes the row and its tags. NotFound if absent.
  Status Delete(int64_t id);
  // Rows matching `query`, ordered by identifier (byte order). A page costs
  // the same however many rows precede it (keyset pagination on an index).
  Result<std::vector<ResourceRecord>> List(const ResourceQuery& query);
  // The SQL text List runs for `query` (it depends on which filters are set
  // and on the number of tag keys and values); for query-plan tests.
  static std::string ListSql(const ResourceQuery& query);
  // Number of rows of a type in an account and region (for quotas).
  Result<int64_t> Count(const std::string& account, const std::string& region,
                        const std::string& type);

  // While `trace` is not null, every row looked up or written by its identity
  // is appended to it. The caller owns the vector; null stops tracing.
  void SetAccessTrace(std::vector<ResourceAccess>* trace) { trace_ = trace; }

 private:
  // Appends to the trace, if any; passes `result` through.
  Result<ResourceRecord> Traced(Result<ResourceRecord> result);

  Database* db_;
  std::vector<ResourceAccess>* trace_ = nullptr;
};

struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
};

// TagStore: tags of a resource row, in the order they were first set. Tags go
// away with their row (ResourceStore::Delete, Database::WipeAllData).
// Thread-safety: as Database. Status codes: NotFound (Set on a missing row),
// Internal (SQLite failure).
class TagStore {
 public:
  explicit TagStore(Database* db) : db_(db) {}

  // Adds or overwrites (keeps the original position of an existing key; new
  // keys go after the last). All or nothing. NotFound if the row is missing.
  Status Set(int64_t resource_id, const std::vector<Tag>& tags);
  // Removes the given keys; absent keys (and a missing row) are ignored.
  Status Remove(int64_t resource_id, const std::vector<std::string>& keys);
  // The row's tags by position; empty for a row without tags or no such row.
  Result<std::vector<Tag>> Get(int64_t resource_id);

 private:
  Database* db_;
};

}  // namespace rsemu::storage
