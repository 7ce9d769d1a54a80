// Schema: the numbered migrations that build rsemu's SQLite schema.
//
// The applied version is kept in `PRAGMA user_version` (0 for a new database).
// Migration N moves the schema from version N-1 to N inside one transaction,
// so a crash never leaves a half-migrated file. Migrations are append-only:
// never edit a released one, add the next number instead.
//
// Thread-safety: as Database (the caller serializes).
// Status codes: Internal for SQLite failures, for a database whose version is
// newer than this build knows, and when called inside an open transaction.
#pragma once

#include "common/status.h"
#include "storage/database.h"

namespace rsemu::storage {

// The version a database has after Migrate: the number of the last migration.
int LatestSchemaVersion();

// The version recorded in the database (PRAGMA user_version).
Result<int> SchemaVersion(Database* db);

// Applies every migration above the database's current version, in order,
// each in its own transaction. Database::Open calls it.
Status Migrate(Database* db);

}  // namespace rsemu::storage
