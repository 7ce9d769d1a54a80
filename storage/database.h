// Database: the one SQLite connection of an rsemu process, behind RAII.
//
// Open(":memory:") keeps state in memory (the default); Open(path) opens or
// creates a file in WAL mode with synchronous=NORMAL, so that every committed
// transaction survives a restart or a kill -9 of the process (in WAL mode,
// NORMAL only risks the last transactions on a power loss or OS crash). Both
// enable foreign keys (tags cascade with their resource) and a busy timeout.
// Open runs the numbered schema migrations (schema.h) before returning.
//
// Thread-safety: a Database is NOT thread-safe. The pipeline serializes all
// access through its own mutex (see emulator/server.h for the threading model).
// Statements returned by Prepare() are cached and owned by the Database; they
// are valid until the Database is closed or destroyed. Prepare() resets the
// cached statement, so do not Prepare the same SQL again while still stepping
// through its rows. Reset() a statement that stopped before its last row (or
// Prepare it again) so it does not keep a read transaction open.
//
// Status codes: Internal for SQLite failures (and for any call after Close());
// Conflict for a UNIQUE/PRIMARY KEY constraint violation; NotFound is never
// returned here. Messages carry SQLite's own error text (DescribeSqliteError).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"

namespace rsemu::storage {

class Statement;

// SQLite's error text for result code `rc` (primary or extended): `message`
// (sqlite3_errmsg or sqlite3_exec's message) when it has one, else
// sqlite3_errstr(rc); for SQLITE_FULL it starts with "disk full".
std::string DescribeSqliteError(int rc, const char* message);

class Database {
 public:
  // `path` is ":memory:" (or "") for an in-memory database, else a file that
  // is created if missing; its directory must exist.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more SQL statements that return no rows.
  Status Exec(std::string_view sql);
  // A cached prepared statement for `sql`, reset and with bindings cleared.
  // Never returns null for valid SQL; the Status explains a SQL error.
  Result<Statement*> Prepare(std::string_view sql);
  // Runs one parameterless statement through the statement cache (for the
  // transaction and savepoint statements that run on every request, which
  // Exec would compile each time).
  Status RunCached(std::string_view sql);

  Status Begin();  // BEGIN IMMEDIATE; Internal if a transaction is open
  Status Commit();
  // Ok (and nothing to do) when no transaction is open, e.g. because SQLite
  // already rolled back after an error.
  Status Rollback();
  bool InTransaction() const;

  // Removes every row of every data table (the admin reset); the schema and
  // its version stay. Atomic; works inside or outside a transaction.
  Status WipeAllData();
  // Finalizes the cached statements, rolls back an open transaction,
  // checkpoints the WAL (file databases) and closes the connection.
  // Idempotent; the destructor calls it.
  Status Close();

  sqlite3* handle() { return db_; }
  bool in_memory() const { return in_memory_; }

 private:
  Database(sqlite3* db, bool in_memory) : db_(db), in_memory_(in_memory) {}

  sqlite3* db_;
  bool in_memory_;
  // Looked up by string_view (no key string built per Prepare).
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> statements_;
};

// A group of statements that succeeds or fails as a whole, inside or outside a
// transaction (SQL SAVEPOINT). Rolled back by the destructor unless Release()
// succeeded. Savepoints nest; release them in reverse order.
class Savepoint {
 public:
  explicit Savepoint(Database* db);  // check status() before using it
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;

  const Status& status() const { return status_; }
  // Keeps the changes (commits them when no transaction was open).
  Status Release();

 private:
  Database* db_;
  Status status_;
  bool active_ = false;
};

// A prepared statement. Bind indexes are 1-based, as in SQLite. A failed Bind
// is remembered: the next Step() returns false and status() says why.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& BindNull(int index);
  // Steps once: true while a row is available; false at the end or on error
  // (then status() says which).
  bool Step();
  // Steps to completion for statements without rows, then resets the
  // statement (keeping its bindings).
  Status Run();
  const Status& status() const { return status_; }
  // Resets the statement and clears its bindings and status.
  void Reset();

  // Valid until the next Step() or Reset(); "" for NULL.
  std::string_view ColumnText(int index) const;  // 0-based
  int64_t ColumnInt(int index) const;
  bool ColumnIsNull(int index) const;
  int64_t LastInsertRowId() const;
  int Changes() const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Status status_;
};

}  // namespace rsemu::storage
