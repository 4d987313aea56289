#include "vault/vault.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/file.h"
#include "vault/catalog.h"
#include "vault/sqlite_catalog.h"

namespace skykeep::vault {
namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// One line when path can be reached by users other than its owner.
void warn_if_open(const std::string& path, const char* what, const char* fix,
                  std::vector<std::string>* warnings) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  warnings->push_back(std::string(what) + " " + path + " can be read by other users (mode " + mode +
                      "): chmod " + fix + " " + path);
}

}  // namespace

std::string default_dir() {
  if (const char* v = std::getenv("SKYKEEP_VAULT"); v && *v) return v;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return std::string(x) + "/skykeep";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/skykeep";
}

std::string local_actor() {
  uid_t uid = ::geteuid();
  struct passwd pw, *found = nullptr;
  char buf[4096];
  if (::getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found && found->pw_name &&
      *found->pw_name)
    return std::string("local:") + found->pw_name;
  return "local:uid-" + std::to_string(uid);
}

Vault::Vault(std::string dir, const Key& master, std::string actor)
    : dir_(std::move(dir)), master_(master), actor_(std::move(actor)) {}

Vault::~Vault() {
  catalog_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

// Opens (or creates) the catalog of a vault whose key is unlocked. While the Vault is open its
// folder is share-locked (flock), so that a failed open can tell whether the catalog's -wal and
// -shm files it created are anyone else's: only when it can take the lock exclusively are they
// removed.
Result<std::unique_ptr<Vault>> Vault::start(const Options& options, const std::string& dir,
                                            const Key& master, bool create) {
  std::unique_ptr<Vault> v(
      new Vault(dir, master, options.actor.empty() ? local_actor() : options.actor));
  v->lock_fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (v->lock_fd_ < 0) return errno_status(dir, errno);
  while (::flock(v->lock_fd_, LOCK_SH) != 0)
    if (errno != EINTR) return errno_status(dir, errno);
  warn_if_open(dir, "the vault folder", "700", &v->warnings_);
  warn_if_open(dir + "/" + kKeyFile, "the vault key file", "600", &v->warnings_);
  std::string path = dir + "/" + kCatalogFile;
  bool had_wal = exists(path + "-wal"), had_shm = exists(path + "-shm");
  auto catalog = open_sqlite_catalog(path, derive(v->master_, Subkey::kCatalog),
                                     {create, options.busy_timeout_ms});
  if (!catalog) {
    if ((!had_wal || !had_shm) && ::flock(v->lock_fd_, LOCK_EX | LOCK_NB) == 0) {
      if (!had_wal) ::unlink((path + "-wal").c_str());
      if (!had_shm) ::unlink((path + "-shm").c_str());
    }
    return catalog.error();
  }
  v->catalog_ = std::move(*catalog);
  return v;
}

Result<std::unique_ptr<Vault>> Vault::create(const Options& options) {
  std::string dir = options.dir.empty() ? default_dir() : options.dir;
  if (options.passphrase && options.passphrase->empty())
    return Status::InvalidArgument("an empty passphrase protects nothing: give one, or none");
  if (exists(dir + "/" + kKeyFile) || exists(dir + "/" + kCatalogFile))
    return Status::InvalidArgument(dir + ": already a vault");
  bool made_dir = false;
  if (::mkdir(dir.c_str(), 0700) == 0)
    made_dir = true;
  else if (errno != EEXIST)
    return errno_status(dir, errno);
  std::string blobs = dir + "/" + kBlobDir;
  bool made_blobs = false;
  if (::mkdir(blobs.c_str(), 0700) == 0)
    made_blobs = true;
  else if (errno != EEXIST)
    return errno_status(blobs, errno);
  // A vault that could not be made whole is not left half made.
  auto undo = [&](bool key_made) {
    for (const char* f : {"-wal", "-shm", ""}) ::unlink((dir + "/" + kCatalogFile + f).c_str());
    if (key_made) ::unlink((dir + "/" + kKeyFile).c_str());
    if (made_blobs) ::rmdir(blobs.c_str());
    if (made_dir) ::rmdir(dir.c_str());
  };
  auto key = create_master_key(dir + "/" + kKeyFile, options.passphrase);
  if (!key) {
    undo(false);
    return key.error();
  }
  auto v = start(options, dir, *key, true);
  if (!v) undo(true);
  return v;
}

Result<std::unique_ptr<Vault>> Vault::open(const Options& options) {
  std::string dir = options.dir.empty() ? default_dir() : options.dir;
  if (!exists(dir + "/" + kKeyFile))
    return Status::NotFound(dir + ": no vault here (create one with 'skykeep init')");
  if (options.passphrase && options.passphrase->empty())
    return Status::InvalidArgument("the passphrase is empty");
  auto key = open_master_key(dir + "/" + kKeyFile, options.passphrase);
  if (!key) return key.error();
  return start(options, dir, *key, false);
}

}  // namespace skykeep::vault
