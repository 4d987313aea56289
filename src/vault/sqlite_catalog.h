// The SQLCipher catalog: the one implementation of vault::Catalog (docs/decisions/0003, 0010),
// and the only code that includes sqlite3.h or speaks SQL (vault/sqlite_*.cc). Thread-safe as
// Catalog says.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "vault/catalog.h"
#include "vault/keys.h"

struct sqlite3;

namespace skykeep::vault {

struct SqliteOptions {
  bool create = false;          // a new catalog (the file must not exist) instead of opening one
  int busy_timeout_ms = 10000;  // how long a write waits for another process's write lock
};

// Opens the catalog at path under key (the catalog subkey). A new catalog is created with mode
// 0600; an existing one readable by others is made 0600 (SQLite gives its write-ahead log and
// shared-memory file the same mode). A catalog of schema 1 is migrated to schema 2 (the id
// high-water marks). Errors: PermissionDenied (the key does not open it), Corruption (its first
// page is damaged), NotSupported (a newer schema), ReadOnly, NoSpace, Busy, IOError.
Result<std::unique_ptr<Catalog>> open_sqlite_catalog(const std::string& path, const Key& key,
                                                     const SqliteOptions& options);

// The Status for a SQLite result code (primary or extended) and the errno of the system call
// that failed (0 if none), about the catalog at path; detail is SQLite's own message. Busy and
// locked: Busy ("the vault is busy: another skykeep is writing to it"); full, or ENOSPC/EDQUOT:
// NoSpace; read-only, or EROFS/EACCES/EPERM on an open or write: ReadOnly; not a database (after
// keying): PermissionDenied (the key does not open it); corrupt: Corruption; constraint:
// AlreadyExists; other I/O: IOError naming the system error.
Status sqlite_status(int rc, int sys_errno, const std::string& path, const std::string& detail);

// The connection under a catalog opened by open_sqlite_catalog, for tests that play an attacker
// holding the key (tampering with rows, reading the plaintext). Nothing else may use it.
sqlite3* sqlite_handle(Catalog& catalog);

}  // namespace skykeep::vault
