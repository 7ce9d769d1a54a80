// Database: the one SQLite connection of an rsemu process, behind RAII.
//
// Open(":memory:") keeps state in memory (the default); Open(path) opens or
// creates a file in WAL mode with synchronous=FULL, so that every committed
// transaction survives a restart or a kill -9. Open runs the numbered schema
// migrations (schema.h) before returning.
//
// Thread-safety: a Database is NOT thread-safe. The pipeline serializes all
// access through its own mutex (see emulator/server.h for the threading model).
// Statements returned by Prepare() are cached and owned by the Database; they
// are valid until the Database is destroyed.
//
// Status codes: Internal for SQLite failures; Conflict for a UNIQUE/PRIMARY KEY
// constraint violation; NotFound is never returned here.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"

namespace rsemu::storage {

class Statement;

class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more SQL statements that return no rows.
  Status Exec(std::string_view sql);
  // A cached prepared statement for `sql`, reset and with bindings cleared.
  // Never returns null for valid SQL; the Status explains a SQL error.
  Result<Statement*> Prepare(std::string_view sql);

  Status Begin();  // BEGIN IMMEDIATE
  Status Commit();
  Status Rollback();
  bool InTransaction() const;

  // Removes every row of every table (the admin reset); schema stays.
  Status WipeAllData();
  // Checkpoints the WAL (file databases) and closes the connection.
  Status Close();

  sqlite3* handle() { return db_; }
  bool in_memory() const { return in_memory_; }

 private:
  Database(sqlite3* db, bool in_memory) : db_(db), in_memory_(in_memory) {}

  sqlite3* db_;
  bool in_memory_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// A prepared statement. Bind indexes are 1-based, as in SQLite.
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
  // Steps to completion for statements without rows.
  Status Run();
  const Status& status() const { return status_; }
  void Reset();

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
