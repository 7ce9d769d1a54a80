// Schema: the migration list and the loop that applies it.
#include "storage/schema.h"

#include <iterator>
#include <string>

namespace rsemu::storage {
namespace {

// kMigrations[i] is migration i+1.
constexpr const char* kMigrations[] = {
    // 1: resources and their tags. Text columns use the default BINARY
    // collation, so identifiers sort in byte order. The UNIQUE constraint's
    // index serves Get and keyset-paginated List; the parent index serves
    // List with a parent filter; the ARN index serves GetByArn.
    R"sql(
CREATE TABLE resources (
  id INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  type TEXT NOT NULL,
  identifier TEXT NOT NULL,
  arn TEXT NOT NULL,
  parent TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  created_millis INTEGER NOT NULL,
  UNIQUE (account, region, type, identifier)
);
CREATE UNIQUE INDEX resources_by_arn ON resources (arn);
CREATE INDEX resources_by_parent ON resources (account, region, type, parent, identifier);
CREATE TABLE tags (
  resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (resource_id, key)
) WITHOUT ROWID;
CREATE INDEX tags_by_value ON tags (resource_id, value);
)sql",
};

constexpr int kLatestVersion = static_cast<int>(std::size(kMigrations));

}  // namespace

int LatestSchemaVersion() { return kLatestVersion; }

Result<int> SchemaVersion(Database* db) {
  RSEMU_ASSIGN_OR_RETURN(Statement * stmt, db->Prepare("PRAGMA user_version"));
  if (!stmt->Step()) {
    Status status = stmt->status();
    return status.ok() ? Status::Internal("PRAGMA user_version returned no row") : status;
  }
  int version = static_cast<int>(stmt->ColumnInt(0));
  stmt->Reset();
  return version;
}

Status Migrate(Database* db) {
  if (db->InTransaction()) return Status::Internal("cannot migrate inside a transaction");
  RSEMU_ASSIGN_OR_RETURN(int version, SchemaVersion(db));
  if (version > kLatestVersion) {
    return Status::Internal("database schema version " + std::to_string(version) +
                            " is newer than this build (" + std::to_string(kLatestVersion) + ")");
  }
  for (int next = version + 1; next <= kLatestVersion; ++next) {
    RSEMU_RETURN_IF_ERROR(db->Begin());
    Status status = db->Exec(kMigrations[next - 1]);
    if (status.ok()) status = db->Exec("PRAGMA user_version = " + std::to_string(next));
    if (status.ok()) status = db->Commit();
    if (!status.ok()) {
      db->Rollback();
      return Status::Internal("schema migration " + std::to_string(next) +
                              " failed: " + status.message());
    }
  }
  return Status::Ok();
}

}  // namespace rsemu::storage
