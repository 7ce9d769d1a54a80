// Database and Statement: the RAII wrapper around the sqlite3 C API, the
// statement cache, transactions and the translation of SQLite errors to Status.
#include "storage/database.h"

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "storage/schema.h"

namespace rsemu::storage {
namespace {

constexpr int kBusyTimeoutMillis = 5000;
constexpr char kSavepoint[] = "SAVEPOINT rsemu_savepoint";
constexpr char kReleaseSavepoint[] = "RELEASE rsemu_savepoint";
constexpr char kRollbackToSavepoint[] = "ROLLBACK TO rsemu_savepoint";

// The Status for a failed SQLite call: Conflict for UNIQUE / PRIMARY KEY
// violations, Internal for everything else. `rc` is an extended result code.
Status SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += DescribeSqliteError(rc, db != nullptr ? sqlite3_errmsg(db) : nullptr);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::Conflict(std::move(message));
  }
  return Status::Internal(std::move(message));
}

Status Closed() { return Status::Internal("database is closed"); }

// Double quotes an SQL identifier.
std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace

std::string DescribeSqliteError(int rc, const char* message) {
  // sqlite3_errmsg says "not an error" when the connection's last call
  // succeeded (e.g. the failure came from another handle): then the code's text.
  std::string text = message != nullptr && *message != '\0' && rc != SQLITE_OK &&
                             std::string_view(message) != "not an error"
                         ? message
                         : sqlite3_errstr(rc);
  if ((rc & 0xFF) == SQLITE_FULL) return "disk full (" + text + ")";
  return text;
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  // SQLite's allocation statistics take a global mutex on every malloc and
  // nothing here reads them: off, once, before SQLite initializes (if another
  // user initialized it first, the call fails harmlessly).
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  const bool in_memory = path.empty() || path == ":memory:";
  sqlite3* handle = nullptr;
  // NOMUTEX: a Database is used by one thread at a time (its callers
  // serialize), so SQLite's per-connection mutex would only add cost.
  int rc =
      sqlite3_open_v2(in_memory ? ":memory:" : path.c_str(), &handle,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteError(handle, rc, "cannot open database `" + path + "`");
    sqlite3_close_v2(handle);  // a handle is allocated even on failure
    return status;
  }
  std::unique_ptr<Database> db(new Database(handle, in_memory));
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, kBusyTimeoutMillis);

  RSEMU_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys = ON"));
  if (!in_memory) {
    RSEMU_ASSIGN_OR_RETURN(Statement * journal, db->Prepare("PRAGMA journal_mode = WAL"));
    std::string mode = journal->Step() ? std::string(journal->ColumnText(0)) : "";
    Status failed = journal->status();  // SQLite's own error (e.g. a full disk)
    journal->Reset();
    if (!failed.ok()) {
      return Status::Internal("cannot use WAL mode for `" + path + "`: " + failed.message());
    }
    if (mode != "wal") {
      return Status::Internal("cannot use WAL mode for `" + path + "` (journal mode is `" + mode +
                              "`)");
    }
    RSEMU_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous = NORMAL"));
  }
  RSEMU_RETURN_IF_ERROR(Migrate(db.get()));
  return db;
}

Database::~Database() { Close(); }

Status Database::Exec(std::string_view sql) {
  if (db_ == nullptr) return Closed();
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::Ok();
  // sqlite3_exec returns the primary code; the extended one tells UNIQUE apart.
  int extended = sqlite3_extended_errcode(db_);
  std::string message = "cannot run `" + text +
                        "`: " + DescribeSqliteError((extended & 0xFF) == rc ? extended : rc, error);
  sqlite3_free(error);
  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::Conflict(std::move(message));
  }
  return Status::Internal(std::move(message));
}

Result<Statement*> Database::Prepare(std::string_view sql) {
  if (db_ == nullptr) return Closed();
  auto it = statements_.find(sql);
  if (it != statements_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  std::string key(sql);
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "cannot prepare `" + key + "`");
  if (stmt == nullptr) return Status::Internal("no SQL statement in `" + key + "`");
  auto statement = std::make_unique<Statement>(db_, stmt);
  for (const char* p = tail; p != nullptr && p < key.data() + key.size(); ++p) {
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
      return Status::Internal("Prepare takes one SQL statement: `" + key + "`");
    }
  }
  Statement* result = statement.get();
  statements_.emplace(std::move(key), std::move(statement));
  return result;
}

Status Database::RunCached(std::string_view sql) {
  RSEMU_ASSIGN_OR_RETURN(Statement * stmt, Prepare(sql));
  return stmt->Run();
}

Status Database::Begin() { return RunCached("BEGIN IMMEDIATE"); }

Status Database::Commit() { return RunCached("COMMIT"); }

Status Database::Rollback() {
  if (!InTransaction()) return db_ == nullptr ? Closed() : Status::Ok();
  return RunCached("ROLLBACK");
}

bool Database::InTransaction() const { return db_ != nullptr && sqlite3_get_autocommit(db_) == 0; }

Status Database::WipeAllData() {
  RSEMU_ASSIGN_OR_RETURN(
      Statement * list,
      Prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
              "ESCAPE '\\' AND name <> 'schema_version' ORDER BY name"));
  std::vector<std::string> tables;
  while (list->Step()) tables.emplace_back(list->ColumnText(0));
  RSEMU_RETURN_IF_ERROR(list->status());

  Savepoint savepoint(this);
  RSEMU_RETURN_IF_ERROR(savepoint.status());
  // Checked when the outermost transaction commits, so the order of the
  // deletes does not matter; switched off again by SQLite at that point.
  RSEMU_RETURN_IF_ERROR(Exec("PRAGMA defer_foreign_keys = ON"));
  for (const std::string& table : tables) {
    RSEMU_RETURN_IF_ERROR(Exec("DELETE FROM " + QuoteIdentifier(table)));
  }
  return savepoint.Release();
}

Status Database::Close() {
  if (db_ == nullptr) return Status::Ok();
  statements_.clear();  // finalizes every cached statement
  Status status;
  if (InTransaction()) status = Exec("ROLLBACK");
  if (!in_memory_) {
    int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    // Busy means another connection is reading: the WAL stays, data is safe.
    if (rc != SQLITE_OK && rc != SQLITE_BUSY && status.ok()) {
      status = SqliteError(db_, rc, "cannot checkpoint the WAL");
    }
  }
  // close_v2 defers the close if someone still holds a statement prepared
  // directly on handle(); the connection is then freed with that statement.
  sqlite3_close_v2(db_);
  db_ = nullptr;
  return status;
}

Savepoint::Savepoint(Database* db) : db_(db) {
  status_ = db_->RunCached(kSavepoint);
  active_ = status_.ok();
}

Savepoint::~Savepoint() {
  if (!active_) return;
  // Undo, then pop the savepoint (which commits nothing if it was outermost).
  db_->RunCached(kRollbackToSavepoint);
  db_->RunCached(kReleaseSavepoint);
}

Status Savepoint::Release() {
  if (!active_) return status_.ok() ? Status::Internal("savepoint already released") : status_;
  Status status = db_->RunCached(kReleaseSavepoint);
  if (status.ok()) active_ = false;
  return status;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, std::string_view text) {
  if (!status_.ok()) return *this;
  // A null pointer would bind SQL NULL; an empty view must bind ''.
  const char* data = text.data() != nullptr ? text.data() : "";
  int rc = sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK)
    status_ = SqliteError(db_, rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  if (!status_.ok()) return *this;
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK)
    status_ = SqliteError(db_, rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (!status_.ok()) return *this;
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK)
    status_ = SqliteError(db_, rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

bool Statement::Step() {
  if (!status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    status_ = SqliteError(db_, rc, std::string("cannot run `") + sqlite3_sql(stmt_) + "`");
    sqlite3_reset(stmt_);  // release any lock the failed statement holds
  }
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  sqlite3_reset(stmt_);
  return status_;
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  status_ = Status::Ok();
}

std::string_view Statement::ColumnText(int index) const {
  // sqlite3_column_text before sqlite3_column_bytes, as SQLite documents.
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(stmt_, index))};
}

int64_t Statement::ColumnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

bool Statement::ColumnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int64_t Statement::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int Statement::Changes() const { return sqlite3_changes(db_); }

}  // namespace rsemu::storage
