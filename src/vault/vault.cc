#include "vault/vault.h"

#include <sodium.h>
#include <sqlcipher/sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "vault/catalog.h"
#include "vault/sql_internal.h"

namespace skykeep::vault {
namespace {

constexpr int kSchemaVersion = 1;

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

std::string default_dir() {
  if (const char* v = std::getenv("SKYKEEP_VAULT"); v && *v) return v;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return std::string(x) + "/skykeep";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/skykeep";
}

Vault::~Vault() {
  if (db_) sqlite3_close(db_);
}

Status Vault::open_catalog(bool create) {
  std::string path = dir_ + "/" + kCatalogFile;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
    return Status::IOError(path + ": " + (db_ ? sqlite3_errmsg(db_) : "cannot open"));
  // The catalog key: a subkey of the master key, given to SQLCipher as a raw key.
  Key sub = derive(master_, Subkey::kCatalog);
  char hex[2 * Key::kSize + 1];
  sodium_bin2hex(hex, sizeof hex, sub.data(), Key::kSize);
  std::string pragma = std::string("PRAGMA key = \"x'") + hex + "'\";";
  Status s = exec(db_, pragma.c_str());
  sodium_memzero(pragma.data(), pragma.size());
  sodium_memzero(hex, sizeof hex);
  if (!s.ok()) return s;
  // A wrong key shows on the first read of the file.
  if (sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master;", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return Status::PermissionDenied("the vault key does not open its catalog");
  // WAL, sorts and temporary tables in memory (never on disk unencrypted), a 64 MiB page cache.
  if (Status w = exec(db_,
                      "PRAGMA journal_mode = WAL; PRAGMA temp_store = MEMORY; "
                      "PRAGMA cache_size = -65536; PRAGMA busy_timeout = 10000;");
      !w.ok())
    return w;
  if (Status f = register_functions(db_); !f.ok()) return f;
  if (create) return create_catalog(db_);
  Stmt version(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!version.step() || version.text(0) != std::to_string(kSchemaVersion))
    return Status::NotSupported("this vault's catalog is of another skykeep version");
  return Status::Ok();
}

Result<std::unique_ptr<Vault>> Vault::create(const Options& options) {
  std::string dir = options.dir.empty() ? default_dir() : options.dir;
  if (exists(dir + "/" + kKeyFile)) return Status::InvalidArgument(dir + ": already a vault");
  for (const std::string& d : {dir, dir + "/" + kBlobDir}) {
    if (::mkdir(d.c_str(), 0700) != 0 && errno != EEXIST)
      return Status::IOError(d + ": " + std::strerror(errno));
  }
  auto key = create_master_key(dir + "/" + kKeyFile, options.passphrase);
  if (!key) return key.error();
  std::unique_ptr<Vault> v(new Vault(dir, std::move(*key)));
  if (Status s = v->open_catalog(true); !s.ok()) return s;
  return v;
}

Result<std::unique_ptr<Vault>> Vault::open(const Options& options) {
  std::string dir = options.dir.empty() ? default_dir() : options.dir;
  if (!exists(dir + "/" + kKeyFile))
    return Status::NotFound(dir + ": no vault here (create one with 'skykeep init')");
  auto key = open_master_key(dir + "/" + kKeyFile, options.passphrase);
  if (!key) return key.error();
  std::unique_ptr<Vault> v(new Vault(dir, std::move(*key)));
  if (Status s = v->open_catalog(false); !s.ok()) return s;
  return v;
}

}  // namespace skykeep::vault
