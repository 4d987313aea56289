// The vault: a directory on the operator's disk holding the master key file, the encrypted
// catalog (SQLCipher, docs/decisions/0003) and encrypted blobs. One Vault object per process
// that uses it; the catalog connection is shared under catalog_mutex().
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/result.h"
#include "vault/keys.h"

struct sqlite3;

namespace skykeep::vault {

// $SKYKEEP_VAULT, else $XDG_DATA_HOME/skykeep, else $HOME/.local/share/skykeep.
std::string default_dir();

struct Options {
  std::string dir;                        // empty: default_dir()
  std::optional<std::string> passphrase;  // wraps the master key (create) / unwraps it (open)
};

class Vault {
 public:
  // Creates a vault in dir (created with mode 0700 if absent; it must not hold a vault already).
  // Errors: InvalidArgument (already a vault), IOError.
  static Result<std::unique_ptr<Vault>> create(const Options& options);
  // Opens an existing vault. Errors: NotFound (no vault there), PermissionDenied (wrong or
  // missing passphrase, a key that does not open the catalog), Corruption. Changes nothing on
  // error.
  static Result<std::unique_ptr<Vault>> open(const Options& options);
  ~Vault();
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

  const std::string& dir() const { return dir_; }
  const Key& master() const { return master_; }
  sqlite3* catalog() { return db_; }
  // Held by whoever uses catalog() from more than one thread.
  std::mutex& catalog_mutex() { return catalog_mutex_; }

  static constexpr const char* kKeyFile = "key";
  static constexpr const char* kCatalogFile = "catalog.db";
  static constexpr const char* kBlobDir = "blobs";

 private:
  Vault(std::string dir, Key master) : dir_(std::move(dir)), master_(std::move(master)) {}
  Status open_catalog(bool create);

  std::string dir_;
  Key master_;
  sqlite3* db_ = nullptr;
  std::mutex catalog_mutex_;
};

}  // namespace skykeep::vault
