// Tests for storage::Database, Statement, Savepoint and the schema migrations.
#include "storage/database.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "storage/schema.h"

namespace rsemu::storage {
namespace {

// A fresh directory under the system temp dir, removed with its files.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rsemu_db_test_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<Database> OpenMemory() {
  auto db = Database::Open(":memory:");
  REQUIRE_MESSAGE(db.ok(), db.status().ToString());
  return std::move(db).value();
}

// The single value of a one-row, one-column query, as text.
std::string QueryText(Database* db, const std::string& sql) {
  auto stmt = db->Prepare(sql);
  REQUIRE_MESSAGE(stmt.ok(), stmt.status().ToString());
  REQUIRE((*stmt)->Step());
  std::string value((*stmt)->ColumnText(0));
  (*stmt)->Reset();
  return value;
}

int64_t QueryInt(Database* db, const std::string& sql) {
  auto stmt = db->Prepare(sql);
  REQUIRE_MESSAGE(stmt.ok(), stmt.status().ToString());
  REQUIRE((*stmt)->Step());
  int64_t value = (*stmt)->ColumnInt(0);
  (*stmt)->Reset();
  return value;
}

TEST_CASE("Database: in-memory open runs the migrations") {
  auto db = OpenMemory();
  CHECK(db->in_memory());
  CHECK_FALSE(db->InTransaction());
  auto version = SchemaVersion(db.get());
  REQUIRE(version.ok());
  CHECK(*version == LatestSchemaVersion());
  CHECK(LatestSchemaVersion() >= 1);
  CHECK(QueryInt(db.get(), "PRAGMA foreign_keys") == 1);
  CHECK(QueryInt(db.get(),
                 "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('resources', 'tags')") == 2);
  // Migrating again is a no-op.
  CHECK(Migrate(db.get()).ok());
}

TEST_CASE("Database: Prepare caches statements by SQL text") {
  auto db = OpenMemory();
  auto a = db->Prepare("SELECT ?");
  auto b = db->Prepare("SELECT ?");
  auto c = db->Prepare("SELECT ? + 0");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(c.ok());
  CHECK(*a == *b);
  CHECK(*a != *c);

  // The cached statement comes back reset, with its bindings cleared.
  (*a)->Bind(1, "x");
  REQUIRE((*a)->Step());
  CHECK((*a)->ColumnText(0) == "x");
  auto again = db->Prepare("SELECT ?");
  REQUIRE(again.ok());
  REQUIRE((*again)->Step());
  CHECK((*again)->ColumnIsNull(0));
  CHECK((*again)->ColumnText(0) == "");
  CHECK_FALSE((*again)->Step());
  CHECK((*again)->status().ok());
}

TEST_CASE("Database: binds and reads text and integers") {
  auto db = OpenMemory();
  auto stmt = db->Prepare("SELECT ?, ?, ?");
  REQUIRE(stmt.ok());
  std::string with_nul("a\0b", 3);
  (*stmt)->Bind(1, with_nul).Bind(2, int64_t{1} << 40).Bind(3, std::string_view());
  REQUIRE((*stmt)->Step());
  CHECK((*stmt)->ColumnText(0) == with_nul);
  CHECK((*stmt)->ColumnInt(1) == (int64_t{1} << 40));
  // An empty view binds '' (not NULL).
  CHECK_FALSE((*stmt)->ColumnIsNull(2));
  CHECK((*stmt)->ColumnText(2) == "");
}

TEST_CASE("Database: SQL errors become Status") {
  auto db = OpenMemory();
  auto bad = db->Prepare("SELEKT 1");
  CHECK(bad.status().code() == Status::Code::kInternal);
  CHECK(bad.status().message().find("syntax error") != std::string::npos);
  CHECK(db->Prepare("SELECT 1; SELECT 2").status().code() == Status::Code::kInternal);
  CHECK(db->Exec("NOT SQL").code() == Status::Code::kInternal);

  // A bind out of range is remembered until Step.
  auto stmt = db->Prepare("SELECT ?");
  REQUIRE(stmt.ok());
  (*stmt)->Bind(7, "x");
  CHECK_FALSE((*stmt)->Step());
  CHECK((*stmt)->status().code() == Status::Code::kInternal);

  REQUIRE(db->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL UNIQUE)").ok());
  REQUIRE(db->Exec("INSERT INTO t VALUES ('a', '1')").ok());
  // PRIMARY KEY and UNIQUE violations are Conflict, through Exec and Run alike.
  CHECK(db->Exec("INSERT INTO t VALUES ('a', '2')").IsConflict());
  auto insert = db->Prepare("INSERT INTO t VALUES (?, ?)");
  REQUIRE(insert.ok());
  CHECK((*insert)->Bind(1, "b").Bind(2, "1").Run().IsConflict());
  // Other constraints are Internal.
  insert = db->Prepare("INSERT INTO t VALUES (?, ?)");
  REQUIRE(insert.ok());
  CHECK((*insert)->Bind(1, "c").BindNull(2).Run().code() == Status::Code::kInternal);
  // After an error the statement works again once prepared anew.
  insert = db->Prepare("INSERT INTO t VALUES (?, ?)");
  REQUIRE(insert.ok());
  CHECK((*insert)->Bind(1, "d").Bind(2, "4").Run().ok());
  CHECK((*insert)->Changes() == 1);
  CHECK((*insert)->LastInsertRowId() == 2);  // failed inserts take no row id
}

TEST_CASE("Database: transactions") {
  auto db = OpenMemory();
  REQUIRE(db->Exec("CREATE TABLE t (v INTEGER)").ok());

  REQUIRE(db->Begin().ok());
  CHECK(db->InTransaction());
  CHECK(db->Begin().code() == Status::Code::kInternal);  // no nesting
  REQUIRE(db->Exec("INSERT INTO t VALUES (1)").ok());
  REQUIRE(db->Rollback().ok());
  CHECK_FALSE(db->InTransaction());
  CHECK(QueryInt(db.get(), "SELECT COUNT(*) FROM t") == 0);

  REQUIRE(db->Begin().ok());
  REQUIRE(db->Exec("INSERT INTO t VALUES (2)").ok());
  REQUIRE(db->Commit().ok());
  CHECK_FALSE(db->InTransaction());
  CHECK(QueryInt(db.get(), "SELECT COUNT(*) FROM t") == 1);

  // Rollback with nothing open is harmless; Commit is an error.
  CHECK(db->Rollback().ok());
  CHECK(db->Commit().code() == Status::Code::kInternal);
}

TEST_CASE("Database: Savepoint") {
  auto db = OpenMemory();
  REQUIRE(db->Exec("CREATE TABLE t (v INTEGER)").ok());
  {
    Savepoint savepoint(db.get());
    REQUIRE(savepoint.status().ok());
    REQUIRE(db->Exec("INSERT INTO t VALUES (1)").ok());
  }  // not released: rolled back
  CHECK(QueryInt(db.get(), "SELECT COUNT(*) FROM t") == 0);
  CHECK_FALSE(db->InTransaction());
  {
    Savepoint savepoint(db.get());
    REQUIRE(db->Exec("INSERT INTO t VALUES (1)").ok());
    CHECK(savepoint.Release().ok());
    CHECK_FALSE(savepoint.Release().ok());
  }
  CHECK(QueryInt(db.get(), "SELECT COUNT(*) FROM t") == 1);

  // Inside a transaction, only the savepoint's part is undone.
  REQUIRE(db->Begin().ok());
  REQUIRE(db->Exec("INSERT INTO t VALUES (2)").ok());
  {
    Savepoint savepoint(db.get());
    REQUIRE(db->Exec("INSERT INTO t VALUES (3)").ok());
  }
  CHECK(db->InTransaction());
  REQUIRE(db->Commit().ok());
  CHECK(QueryText(db.get(), "SELECT group_concat(v) FROM (SELECT v FROM t ORDER BY v)") == "1,2");
}

TEST_CASE("Database: WipeAllData empties every table and keeps the schema") {
  auto db = OpenMemory();
  REQUIRE(db->Exec("INSERT INTO resources (account, region, type, identifier, arn, body, "
                   "created_millis) VALUES ('1', 'r', 'cluster', 'a', 'arn:a', '{}', 1)")
              .ok());
  REQUIRE(db->Exec("INSERT INTO tags VALUES (1, 'k', 'v', 1)").ok());
  REQUIRE(db->WipeAllData().ok());
  CHECK(QueryInt(db.get(), "SELECT COUNT(*) FROM resources") == 0);
  CHECK(QueryInt(db.get(), "SELECT COUNT(*) FROM tags") == 0);
  CHECK(*SchemaVersion(db.get()) == LatestSchemaVersion());
  CHECK_FALSE(db->InTransaction());
  CHECK(QueryInt(db.get(), "PRAGMA defer_foreign_keys") == 0);

  // Inside a transaction it is part of that transaction.
  REQUIRE(db->Exec("INSERT INTO resources (account, region, type, identifier, arn, body, "
                   "created_millis) VALUES ('1', 'r', 'cluster', 'a', 'arn:a', '{}', 1)")
              .ok());
  REQUIRE(db->Begin().ok());
  REQUIRE(db->WipeAllData().ok());
  CHECK(db->InTransaction());
  CHECK(QueryInt(db.get(), "SELECT COUNT(*) FROM resources") == 0);
  REQUIRE(db->Rollback().ok());
  CHECK(QueryInt(db.get(), "SELECT COUNT(*) FROM resources") == 1);
}

TEST_CASE("Database: Close is idempotent and later calls fail cleanly") {
  auto db = OpenMemory();
  REQUIRE(db->Prepare("SELECT 1").ok());
  REQUIRE(db->Begin().ok());
  CHECK(db->Close().ok());
  CHECK(db->Close().ok());
  CHECK(db->handle() == nullptr);
  CHECK_FALSE(db->InTransaction());
  CHECK(db->Exec("SELECT 1").code() == Status::Code::kInternal);
  CHECK(db->Prepare("SELECT 1").status().code() == Status::Code::kInternal);
  CHECK(db->Begin().code() == Status::Code::kInternal);
  CHECK(db->Rollback().code() == Status::Code::kInternal);
  CHECK(db->WipeAllData().code() == Status::Code::kInternal);
}

TEST_CASE("Database: file database uses WAL and keeps committed rows") {
  TempDir dir;
  REQUIRE(!dir.path().empty());
  const std::string path = dir.path() + "/rsemu.db";
  {
    auto db = Database::Open(path);
    REQUIRE_MESSAGE(db.ok(), db.status().ToString());
    CHECK_FALSE((*db)->in_memory());
    CHECK(QueryText(db->get(), "PRAGMA journal_mode") == "wal");
    CHECK(QueryInt(db->get(), "PRAGMA synchronous") == 1);  // NORMAL
    CHECK(QueryInt(db->get(), "PRAGMA foreign_keys") == 1);
    CHECK(QueryInt(db->get(), "PRAGMA busy_timeout") > 0);
    REQUIRE((*db)->Exec("CREATE TABLE extra (v TEXT)").ok());
    REQUIRE((*db)->Exec("INSERT INTO extra VALUES ('kept')").ok());
    REQUIRE((*db)->Begin().ok());
    REQUIRE((*db)->Exec("INSERT INTO extra VALUES ('dropped')").ok());
    CHECK((*db)->Close().ok());  // rolls back the open transaction
  }
  CHECK(std::filesystem::exists(path));
  auto db = Database::Open(path);
  REQUIRE_MESSAGE(db.ok(), db.status().ToString());
  CHECK(QueryText(db->get(), "SELECT group_concat(v) FROM extra") == "kept");
  CHECK(*SchemaVersion(db->get()) == LatestSchemaVersion());
}

TEST_CASE("Database: Open errors") {
  TempDir dir;
  REQUIRE(!dir.path().empty());
  auto missing = Database::Open(dir.path() + "/no/such/dir/rsemu.db");
  CHECK(missing.status().code() == Status::Code::kInternal);
  CHECK(missing.status().message().find("no/such/dir") != std::string::npos);

  // A database written by a newer build is refused.
  const std::string path = dir.path() + "/newer.db";
  {
    auto db = Database::Open(path);
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("PRAGMA user_version = 999").ok());
  }
  auto newer = Database::Open(path);
  CHECK(newer.status().code() == Status::Code::kInternal);
  CHECK(newer.status().message().find("999") != std::string::npos);
}

}  // namespace
}  // namespace rsemu::storage
