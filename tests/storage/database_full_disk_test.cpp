// Regression test for security review finding C3: opening a database on a
// full disk reports SQLite's own error ("disk full") instead of "journal mode
// is ``". The full disk is simulated with a shim VFS, made SQLite's default
// for the test, whose files refuse every write with SQLITE_FULL (what SQLite's
// unix VFS returns on ENOSPC); no mount is needed.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "storage/database.h"

namespace rsemu::storage {
namespace {

// A file of the shim: SQLite allocates szOsFile bytes, this header followed by
// the real VFS's file.
struct FullFile {
  sqlite3_file base;
  sqlite3_file* real;
};

sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs full_vfs;
sqlite3_io_methods full_methods;

sqlite3_file* Real(sqlite3_file* file) { return reinterpret_cast<FullFile*>(file)->real; }

int Close(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }
int Read(sqlite3_file* f, void* out, int n, sqlite3_int64 at) {
  return Real(f)->pMethods->xRead(Real(f), out, n, at);
}
int Write(sqlite3_file*, const void*, int, sqlite3_int64) { return SQLITE_FULL; }
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int Sync(sqlite3_file* f, int flags) { return Real(f)->pMethods->xSync(Real(f), flags); }
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return Real(f)->pMethods->xFileSize(Real(f), size);
}
int Lock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }
int Unlock(sqlite3_file* f, int level) { return Real(f)->pMethods->xUnlock(Real(f), level); }
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}
int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int DeviceCharacteristics(sqlite3_file* f) {
  return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
}
int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Real(f)->pMethods->xShmMap(Real(f), region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(sqlite3_file* f, int delete_flag) {
  return Real(f)->pMethods->xShmUnmap(Real(f), delete_flag);
}
int Fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
  return Real(f)->pMethods->xFetch(Real(f), at, n, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 at, void* p) {
  return Real(f)->pMethods->xUnfetch(Real(f), at, p);
}

int Open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  auto* full = reinterpret_cast<FullFile*>(file);
  full->real = reinterpret_cast<sqlite3_file*>(full + 1);
  file->pMethods = nullptr;
  int rc = real_vfs->xOpen(real_vfs, name, full->real, flags, out_flags);
  if (full->real->pMethods == nullptr) return rc;
  full_methods = sqlite3_io_methods{std::min(full->real->pMethods->iVersion, 3),
                                    Close,
                                    Read,
                                    Write,
                                    Truncate,
                                    Sync,
                                    FileSize,
                                    Lock,
                                    Unlock,
                                    CheckReservedLock,
                                    FileControl,
                                    SectorSize,
                                    DeviceCharacteristics,
                                    ShmMap,
                                    ShmLock,
                                    ShmBarrier,
                                    ShmUnmap,
                                    Fetch,
                                    Unfetch};
  file->pMethods = &full_methods;
  return rc;
}

// Makes the full-disk VFS SQLite's default while it lives.
struct FullDisk {
  FullDisk() {
    sqlite3_initialize();
    real_vfs = sqlite3_vfs_find(nullptr);
    REQUIRE(real_vfs != nullptr);
    full_vfs = *real_vfs;
    full_vfs.zName = "rsemu-test-full-disk";
    full_vfs.szOsFile = static_cast<int>(sizeof(FullFile)) + real_vfs->szOsFile;
    full_vfs.xOpen = Open;
    full_vfs.pNext = nullptr;
    REQUIRE(sqlite3_vfs_register(&full_vfs, /*makeDflt=*/1) == SQLITE_OK);
  }
  ~FullDisk() {
    sqlite3_vfs_unregister(&full_vfs);
    sqlite3_vfs_register(real_vfs, /*makeDflt=*/1);  // the default again
  }
};

std::string TempPath(const char* name) {
  std::string path = "/tmp/rsemu-full-disk-" + std::to_string(getpid()) + "-" + name;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
  return path;
}

}  // namespace

TEST_CASE("storage: opening a database on a full disk says so") {
  const std::string path = TempPath("a.db");
  {
    FullDisk full;
    auto db = Database::Open(path);
    REQUIRE_FALSE(db.ok());
    const std::string message = db.status().message();
    CAPTURE(message);
    CHECK(message.find("disk full") != std::string::npos);
    CHECK(message.find("database or disk is full") != std::string::npos);
    CHECK(message.find(path) != std::string::npos);
    CHECK(message.find("journal mode is ``") == std::string::npos);
  }
  {
    // The default VFS is back: the same path opens.
    auto db = Database::Open(path);
    CHECK_MESSAGE(db.ok(), db.status().ToString());
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

TEST_CASE("storage: SQLite error texts") {
  CHECK(DescribeSqliteError(SQLITE_FULL, "database or disk is full") ==
        "disk full (database or disk is full)");
  CHECK(DescribeSqliteError(SQLITE_FULL, nullptr) == "disk full (database or disk is full)");
  CHECK(DescribeSqliteError(SQLITE_IOERR_WRITE, "disk I/O error") == "disk I/O error");
  CHECK(DescribeSqliteError(SQLITE_READONLY, nullptr) == "attempt to write a readonly database");
  CHECK(DescribeSqliteError(SQLITE_CANTOPEN, "") == "unable to open database file");
  CHECK(DescribeSqliteError(SQLITE_FULL, "not an error") == "disk full (database or disk is full)");
}

}  // namespace rsemu::storage
