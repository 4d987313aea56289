// The blob folder's rules shared by import (which writes blobs) and verify (which finds and
// removes orphans): the names blob files have, and the folder's lock. Importers hold the lock
// shared from writing a log's blobs until the catalog names them (or they are removed);
// removing orphans holds it exclusively, so it never takes an import's new blobs for orphans.
#pragma once

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>
#include <string_view>

#include "base/file.h"
#include "base/result.h"

namespace skykeep::vault {

// <64 hex digits>-<16 hex digits> then ".blob" or ".derived", each perhaps with ".tmp" (an
// import's temporary): the only files verify --repair may remove.
inline bool is_blob_name(std::string_view name) {
  auto hex = [](std::string_view s) {
    for (char c : s)
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
  };
  if (name.size() > 4 && name.substr(name.size() - 4) == ".tmp") name.remove_suffix(4);
  for (std::string_view ext : {std::string_view(".blob"), std::string_view(".derived")}) {
    if (name.size() != 64 + 1 + 16 + ext.size() || name.substr(81) != ext) continue;
    return hex(name.substr(0, 64)) && name[64] == '-' && hex(name.substr(65, 16));
  }
  return false;
}

class BlobFolderLock {
 public:
  // Shared: waits for an exclusive holder. Exclusive: does not wait (Busy when an import holds
  // it). Errors: opening the folder.
  static Result<std::unique_ptr<BlobFolderLock>> take(const std::string& dir, bool exclusive) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno_status(dir, errno);
    int rc;
    while ((rc = ::flock(fd, exclusive ? LOCK_EX | LOCK_NB : LOCK_SH)) != 0 && errno == EINTR) {
    }
    if (rc != 0) {
      int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK)
        return Status::Busy("the vault is busy: another skykeep is importing into it");
      return errno_status(dir, err);
    }
    return std::unique_ptr<BlobFolderLock>(new BlobFolderLock(fd));
  }
  ~BlobFolderLock() { ::close(fd_); }
  BlobFolderLock(const BlobFolderLock&) = delete;
  BlobFolderLock& operator=(const BlobFolderLock&) = delete;

 private:
  explicit BlobFolderLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace skykeep::vault
