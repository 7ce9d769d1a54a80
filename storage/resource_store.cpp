// ResourceStore and TagStore: the SQL behind every emulated resource and its
// tags (tables created by schema.cpp, migration 1).
#include "storage/resource_store.h"

#include <string>
#include <utility>

namespace rsemu::storage {
namespace {

// The columns ReadRecord expects, in its order.
constexpr char kColumns[] =
    "r.id, r.account, r.region, r.type, r.identifier, r.arn, r.parent, r.body, r.created_millis";

ResourceRecord ReadRecord(const Statement& stmt) {
  ResourceRecord record;
  record.id = stmt.ColumnInt(0);
  record.account = stmt.ColumnText(1);
  record.region = stmt.ColumnText(2);
  record.type = stmt.ColumnText(3);
  record.identifier = stmt.ColumnText(4);
  record.arn = stmt.ColumnText(5);
  record.parent = stmt.ColumnText(6);
  record.body = stmt.ColumnText(7);
  record.created_millis = stmt.ColumnInt(8);
  return record;
}

// Steps a statement expected to return at most one row: the record, NotFound
// (with what `describe()` returns in the message; built only then) or the
// SQLite error. Leaves it reset.
template <typename Describer>
Result<ResourceRecord> ReadOne(Statement* stmt, const Describer& describe) {
  if (!stmt->Step()) {
    Status status = stmt->status();
    stmt->Reset();
    if (!status.ok()) return status;
    return Status::NotFound("no resource " + describe());
  }
  ResourceRecord record = ReadRecord(*stmt);
  stmt->Reset();  // ends the read transaction in autocommit mode
  return record;
}

// "(?, ?, ?)" for `count` parameters.
std::string Placeholders(size_t count) {
  std::string text = "(";
  for (size_t i = 0; i < count; ++i) text += i == 0 ? "?" : ", ?";
  text += ")";
  return text;
}

std::string Describe(const std::string& account, const std::string& region, const std::string& type,
                     const std::string& identifier) {
  return type + " `" + identifier + "` in account " + account + " region `" + region + "`";
}

}  // namespace

Status ResourceStore::Insert(ResourceRecord* record) {
  RSEMU_ASSIGN_OR_RETURN(
      Statement * stmt,
      db_->Prepare("INSERT INTO resources (account, region, type, identifier, arn, parent, body, "
                   "created_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt->Bind(1, record->account)
      .Bind(2, record->region)
      .Bind(3, record->type)
      .Bind(4, record->identifier)
      .Bind(5, record->arn)
      .Bind(6, record->parent)
      .Bind(7, record->body)
      .Bind(8, record->created_millis);
  Status status = stmt->Run();
  if (status.IsConflict()) {
    return Status::Conflict(
        Describe(record->account, record->region, record->type, record->identifier) + " (or ARN `" +
        record->arn + "`) already exists: " + status.message());
  }
  RSEMU_RETURN_IF_ERROR(status);
  record->id = stmt->LastInsertRowId();
  if (trace_ != nullptr)
    trace_->push_back({record->id, record->type, record->arn, ResourceAccess::Kind::kInsert});
  return Status::Ok();
}

Result<ResourceRecord> ResourceStore::Traced(Result<ResourceRecord> result) {
  if (trace_ != nullptr && result.ok()) {
    trace_->push_back({result->id, result->type, result->arn, ResourceAccess::Kind::kRead});
  }
  return result;
}

Result<ResourceRecord> ResourceStore::Get(const std::string& account, const std::string& region,
                                          const std::string& type, const std::string& identifier) {
  static const std::string sql =
      std::string("SELECT ") + kColumns +
      " FROM resources AS r WHERE r.account = ? AND r.region = ? AND r.type = ? AND "
      "r.identifier = ?";
  RSEMU_ASSIGN_OR_RETURN(Statement * stmt, db_->Prepare(sql));
  stmt->Bind(1, account).Bind(2, region).Bind(3, type).Bind(4, identifier);
  return Traced(ReadOne(stmt, [&] { return Describe(account, region, type, identifier); }));
}

Result<ResourceRecord> ResourceStore::GetById(int64_t id) {
  static const std::string sql =
      std::string("SELECT ") + kColumns + " FROM resources AS r WHERE r.id = ?";
  RSEMU_ASSIGN_OR_RETURN(Statement * stmt, db_->Prepare(sql));
  stmt->Bind(1, id);
  return Traced(ReadOne(stmt, [&] { return "with row id " + std::to_string(id); }));
}

Result<ResourceRecord> ResourceStore::GetByArn(const std::string& arn) {
  static const std::string sql =
      std::string("SELECT ") + kColumns + " FROM resources AS r WHERE r.arn = ?";
  RSEMU_ASSIGN_OR_RETURN(Statement * stmt, db_->Prepare(sql));
  stmt->Bind(1, arn);
  return Traced(ReadOne(stmt, [&] { return "with ARN `" + arn + "`"; }));
}

Status ResourceStore::Update(const ResourceRecord& record) {
  // Both statements take ?1 body, ?2 id, ?3 identifier, ?4 arn, ?5 parent.
  auto bind = [&record](Statement* stmt) {
    stmt->Bind(1, record.body)
        .Bind(2, record.id)
        .Bind(3, record.identifier)
        .Bind(4, record.arn)
        .Bind(5, record.parent);
  };
  // Most updates keep the row's identity: then only the body is written, and
  // SQLite leaves the identity, ARN and parent indexes alone.
  RSEMU_ASSIGN_OR_RETURN(
      Statement * same_identity,
      db_->Prepare("UPDATE resources SET body = ?1 WHERE id = ?2 AND identifier = ?3 AND arn = ?4 "
                   "AND parent = ?5"));
  bind(same_identity);
  RSEMU_RETURN_IF_ERROR(same_identity->Run());
  if (trace_ != nullptr)
    trace_->push_back({record.id, record.type, record.arn, ResourceAccess::Kind::kUpdate});
  if (same_identity->Changes() > 0) return Status::Ok();
  RSEMU_ASSIGN_OR_RETURN(
      Statement * stmt,
      db_->Prepare("UPDATE resources SET body = ?1, identifier = ?3, arn = ?4, parent = ?5 "
                   "WHERE id = ?2"));
  bind(stmt);
  Status status = stmt->Run();
  if (status.IsConflict()) {
    return Status::Conflict("cannot rename row " + std::to_string(record.id) + " to " +
                            record.type + " `" + record.identifier + "` (ARN `" + record.arn +
                            "`): " + status.message());
  }
  RSEMU_RETURN_IF_ERROR(status);
  if (stmt->Changes() == 0) {
    return Status::NotFound("no resource with row id " + std::to_string(record.id));
  }
  return Status::Ok();
}

Status ResourceStore::Delete(int64_t id) {
  // Tags go by ON DELETE CASCADE (foreign_keys is on for every connection).
  RSEMU_ASSIGN_OR_RETURN(Statement * stmt, db_->Prepare("DELETE FROM resources WHERE id = ?"));
  stmt->Bind(1, id);
  RSEMU_RETURN_IF_ERROR(stmt->Run());
  if (stmt->Changes() == 0)
    return Status::NotFound("no resource with row id " + std::to_string(id));
  if (trace_ != nullptr) trace_->push_back({id, "", "", ResourceAccess::Kind::kDelete});
  return Status::Ok();
}

std::string ResourceStore::ListSql(const ResourceQuery& query) {
  // The bind order in List follows the order of the clauses here.
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM resources AS r WHERE r.account = ? AND r.region = ? AND r.type = ?";
  if (!query.parent.empty()) sql += " AND r.parent = ?";
  if (query.after_identifier.has_value()) sql += " AND r.identifier > ?";
  if (!query.tag_keys.empty()) {
    sql += " AND EXISTS (SELECT 1 FROM tags AS t WHERE t.resource_id = r.id AND t.key IN " +
           Placeholders(query.tag_keys.size()) + ")";
  }
  if (!query.tag_values.empty()) {
    sql += " AND EXISTS (SELECT 1 FROM tags AS t WHERE t.resource_id = r.id AND t.value IN " +
           Placeholders(query.tag_values.size()) + ")";
  }
  sql += " ORDER BY r.identifier LIMIT ?";
  return sql;
}

Result<std::vector<ResourceRecord>> ResourceStore::List(const ResourceQuery& query) {
  RSEMU_ASSIGN_OR_RETURN(Statement * stmt, db_->Prepare(ListSql(query)));
  stmt->Bind(1, query.account).Bind(2, query.region).Bind(3, query.type);
  int index = 4;
  if (!query.parent.empty()) stmt->Bind(index++, query.parent);
  if (query.after_identifier.has_value()) stmt->Bind(index++, *query.after_identifier);
  for (const std::string& key : query.tag_keys) stmt->Bind(index++, key);
  for (const std::string& value : query.tag_values) stmt->Bind(index++, value);
  stmt->Bind(index++, static_cast<int64_t>(query.limit < 0 ? -1 : query.limit));

  std::vector<ResourceRecord> records;
  while (stmt->Step()) records.push_back(ReadRecord(*stmt));
  RSEMU_RETURN_IF_ERROR(stmt->status());
  return records;
}

Result<int64_t> ResourceStore::Count(const std::string& account, const std::string& region,
                                     const std::string& type) {
  RSEMU_ASSIGN_OR_RETURN(
      Statement * stmt,
      db_->Prepare("SELECT COUNT(*) FROM resources WHERE account = ? AND region = ? AND type = ?"));
  stmt->Bind(1, account).Bind(2, region).Bind(3, type);
  if (!stmt->Step()) {
    Status status = stmt->status();
    return status.ok() ? Status::Internal("COUNT returned no row") : status;
  }
  int64_t count = stmt->ColumnInt(0);
  stmt->Reset();
  return count;
}

Status TagStore::Set(int64_t resource_id, const std::vector<Tag>& tags) {
  RSEMU_ASSIGN_OR_RETURN(Statement * exists, db_->Prepare("SELECT 1 FROM resources WHERE id = ?"));
  exists->Bind(1, resource_id);
  bool found = exists->Step();
  Status status = exists->status();
  exists->Reset();
  RSEMU_RETURN_IF_ERROR(status);
  if (!found) return Status::NotFound("no resource with row id " + std::to_string(resource_id));

  Savepoint savepoint(db_);
  RSEMU_RETURN_IF_ERROR(savepoint.status());
  for (const Tag& tag : tags) {
    // An existing key keeps its position; a new one goes after the last.
    RSEMU_ASSIGN_OR_RETURN(
        Statement * upsert,
        db_->Prepare("INSERT INTO tags (resource_id, key, value, position) VALUES (?, ?, ?, "
                     "(SELECT COALESCE(MAX(position), 0) + 1 FROM tags WHERE resource_id = ?)) "
                     "ON CONFLICT (resource_id, key) DO UPDATE SET value = excluded.value"));
    upsert->Bind(1, resource_id).Bind(2, tag.key).Bind(3, tag.value).Bind(4, resource_id);
    RSEMU_RETURN_IF_ERROR(upsert->Run());
  }
  return savepoint.Release();
}

Status TagStore::Remove(int64_t resource_id, const std::vector<std::string>& keys) {
  Savepoint savepoint(db_);
  RSEMU_RETURN_IF_ERROR(savepoint.status());
  for (const std::string& key : keys) {
    RSEMU_ASSIGN_OR_RETURN(Statement * stmt,
                           db_->Prepare("DELETE FROM tags WHERE resource_id = ? AND key = ?"));
    stmt->Bind(1, resource_id).Bind(2, key);
    RSEMU_RETURN_IF_ERROR(stmt->Run());
  }
  return savepoint.Release();
}

Result<std::vector<Tag>> TagStore::Get(int64_t resource_id) {
  RSEMU_ASSIGN_OR_RETURN(
      Statement * stmt,
      db_->Prepare("SELECT key, value FROM tags WHERE resource_id = ? ORDER BY position"));
  stmt->Bind(1, resource_id);
  std::vector<Tag> tags;
  while (stmt->Step()) {
    tags.push_back(Tag{std::string(stmt->ColumnText(0)), std::string(stmt->ColumnText(1))});
  }
  RSEMU_RETURN_IF_ERROR(stmt->status());
  return tags;
}

}  // namespace rsemu::storage
