// The vault: a directory on the operator's disk holding the master key file, the encrypted
// catalog (SQLCipher, docs/decisions/0003, behind vault::Catalog: decisions/0011) and encrypted
// blobs. One Vault object per process that uses it; it is thread-safe (the catalog serialises
// its calls).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "vault/keys.h"

namespace skykeep::vault {

class Catalog;

// $SKYKEEP_VAULT, else $XDG_DATA_HOME/skykeep, else $HOME/.local/share/skykeep.
std::string default_dir();

// Who is using the vault, as every audit entry names them: "local:<login name>" of the
// effective user (getpwuid(geteuid()), not $USER, which anyone can set), "local:uid-<n>" when
// that user has no name. An organisation's member will be "member:<id>".
std::string local_actor();

struct Options {
  Options() = default;
  Options(std::string d, std::optional<std::string> p)
      : dir(std::move(d)), passphrase(std::move(p)) {}
  std::string dir;                        // empty: default_dir()
  std::optional<std::string> passphrase;  // wraps the master key (create) / unwraps it (open)
  std::string actor;                      // empty: local_actor()
  int busy_timeout_ms = 10000;            // how long a change waits for another process's to finish
};

class Vault {
 public:
  // Creates a vault in dir (created with mode 0700 if absent; it must not hold a vault already).
  // Errors: InvalidArgument (already a vault, an empty passphrase), and those of open().
  static Result<std::unique_ptr<Vault>> create(const Options& options);
  // Opens an existing vault; a catalog of an older schema is brought up to date. Errors:
  // NotFound (no vault there), PermissionDenied (wrong or missing passphrase, a key that does
  // not open the catalog), Corruption (a damaged key file or catalog), NotSupported (a newer
  // catalog), ReadOnly, NoSpace, Busy, IOError. Changes nothing on error and leaves no file
  // behind.
  static Result<std::unique_ptr<Vault>> open(const Options& options);
  ~Vault();
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

  const std::string& dir() const { return dir_; }
  const Key& master() const { return master_; }
  Catalog& catalog() { return *catalog_; }
  const std::string& actor() const { return actor_; }
  // Things the operator should know, one line each: the vault folder or key file readable by
  // other users. Empty when all is well.
  const std::vector<std::string>& warnings() const { return warnings_; }

  static constexpr const char* kKeyFile = "key";
  static constexpr const char* kCatalogFile = "catalog.db";
  static constexpr const char* kBlobDir = "blobs";

 private:
  Vault(std::string dir, const Key& master, std::string actor);
  static Result<std::unique_ptr<Vault>> start(const Options& options, const std::string& dir,
                                              const Key& master, bool create);

  std::string dir_;
  Key master_;
  std::string actor_;
  std::vector<std::string> warnings_;
  int lock_fd_ = -1;  // the vault folder, share-locked while open (vault.cc)
  std::unique_ptr<Catalog> catalog_;
};

}  // namespace skykeep::vault
