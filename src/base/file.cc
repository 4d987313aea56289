#include "base/file.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace skykeep {

Status errno_status(const std::string& path, int err) {
  std::string what = path + ": " + std::strerror(err);
  switch (err) {
    case ENOENT:
      return Status::NotFound(what);
    case EACCES:
    case EPERM:
      return Status::PermissionDenied(what);
    case EROFS:
      return Status::ReadOnly(what);
    case ENOSPC:
    case EDQUOT:
      return Status::NoSpace(what);
    default:
      return Status::IOError(what);
  }
}

namespace {

// Opens path for reading without blocking on a FIFO, and refuses what is not a regular file
// (terminals and pipes too, unless allow_streams). The descriptor is blocking again on return.
Result<int> open_input(const std::string& path, bool allow_streams) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return errno_status(path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return errno_status(path, err);
  }
  bool stream = S_ISFIFO(st.st_mode) || (S_ISCHR(st.st_mode) && ::isatty(fd));
  if (!S_ISREG(st.st_mode) && !(allow_streams && stream)) {
    ::close(fd);
    return Status::InvalidArgument(
        path + (S_ISDIR(st.st_mode) ? ": is a directory" : ": not a regular file"));
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    int err = errno;
    ::close(fd);
    return errno_status(path, err);
  }
  return fd;
}

// Reads from fd into fn in chunks; closes fd.
Result<size_t> stream_fd(int fd, const std::string& path, size_t chunk_size,
                         const std::function<bool(Bytes)>& fn) {
  std::vector<std::byte> buf(chunk_size);
  size_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return errno_status(path, err);
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
    if (!fn(Bytes(buf.data(), static_cast<size_t>(n)))) break;
  }
  ::close(fd);
  return total;
}

std::string folder_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Status sync_folder(const std::string& dir) {
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return errno_status(dir, errno);
  bool ok = ::fsync(dfd) == 0;
  int err = errno;
  ::close(dfd);
  return ok ? Status::Ok() : errno_status(dir, err);
}

constexpr size_t kBuffer = size_t{64} * 1024;

}  // namespace

Status check_output_path(const std::string& path, bool replace) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return errno_status(path, errno);
  }
  if (S_ISDIR(st.st_mode)) return Status::InvalidArgument(path + ": is a directory");
  if (replace) return Status::Ok();
  if (S_ISLNK(st.st_mode))
    return Status::AlreadyExists(path +
                                 " is a symbolic link: add --force to replace the link itself");
  return Status::AlreadyExists(path + " exists: add --force to replace it");
}

Result<size_t> stream_file(const std::string& path, size_t chunk_size,
                           const std::function<bool(Bytes)>& fn) {
  auto fd = open_input(path, false);
  if (!fd) return fd.error();
  return stream_fd(*fd, path, chunk_size, fn);
}

Result<std::vector<std::byte>> read_file(const std::string& path) {
  std::vector<std::byte> out;
  auto n = stream_file(path, size_t{1} << 20, [&](Bytes chunk) {
    out.insert(out.end(), chunk.begin(), chunk.end());
    return true;
  });
  if (!n) return n.error();
  return out;
}

Result<std::string> read_small_file(const std::string& path, size_t max_bytes) {
  auto fd = open_input(path, true);
  if (!fd) return fd.error();
  std::string out;
  bool too_big = false;
  auto n = stream_fd(*fd, path, size_t{64} * 1024, [&](Bytes chunk) {
    if (out.size() + chunk.size() > max_bytes) {
      too_big = true;
      return false;
    }
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    return true;
  });
  if (!n) return n.error();
  if (too_big)
    return Status::InvalidArgument(path + ": larger than " + std::to_string(max_bytes) + " bytes");
  return out;
}

Result<std::unique_ptr<OutputFile>> OutputFile::create(const std::string& path, bool replace) {
  if (path.empty() || path.back() == '/') return Status::InvalidArgument("no output file name");
  if (Status s = check_output_path(path, replace); !s.ok()) return s;
  std::string dir = folder_of(path);
  for (int attempt = 0; attempt < 16; ++attempt) {
    uint8_t tag[6] = {};
    if (::getrandom(tag, sizeof tag, 0) != sizeof tag) tag[0] = static_cast<uint8_t>(attempt);
    char hex[13];
    for (size_t i = 0; i < sizeof tag; ++i) std::snprintf(hex + 2 * i, 3, "%02x", tag[i]);
    std::string temp = dir + "/." + base_of(path) + ".skykeep-" + hex;
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) return std::unique_ptr<OutputFile>(new OutputFile(path, temp, fd, replace));
    if (errno != EEXIST) return errno_status(path, errno);
  }
  return Status::IOError(path + ": cannot create a temporary file beside it");
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!published_) ::unlink(temp_.c_str());
}

Status OutputFile::flush() {
  size_t off = 0;
  while (status_.ok() && off < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + off, buffer_.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      status_ = errno_status(path_, errno);
    else
      off += static_cast<size_t>(n);
  }
  buffer_.clear();
  return status_;
}

Status OutputFile::write(Bytes data) {
  if (!status_.ok()) return status_;
  if (fd_ < 0) return status_ = Status::IOError(path_ + ": written after it was closed");
  if (buffer_.size() + data.size() > kBuffer && !flush().ok()) return status_;
  if (data.size() >= kBuffer) {
    buffer_.assign(data.begin(), data.end());
    return flush();
  }
  buffer_.insert(buffer_.end(), data.begin(), data.end());
  return status_;
}

Status OutputFile::sync() {
  if (synced_ || !status_.ok()) return status_;
  if (!flush().ok()) return status_;
  if (::fsync(fd_) != 0) status_ = errno_status(path_, errno);
  if (::close(fd_) != 0 && status_.ok()) status_ = errno_status(path_, errno);
  fd_ = -1;
  synced_ = status_.ok();
  return status_;
}

Status OutputFile::publish() {
  if (!synced_) return status_.ok() ? Status::IOError(path_ + ": published before sync") : status_;
  if (published_) return Status::Ok();
  int rc;
  if (replace_) {
    rc = ::rename(temp_.c_str(), path_.c_str());
  } else {
    rc = ::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
      // A filesystem without RENAME_NOREPLACE: link() refuses an existing name just as well.
      rc = ::link(temp_.c_str(), path_.c_str());
      if (rc == 0) ::unlink(temp_.c_str());
    }
  }
  if (rc != 0) {
    if (errno == EEXIST) return Status::AlreadyExists(path_ + " exists: add --force to replace it");
    return errno_status(path_, errno);
  }
  published_ = true;
  return sync_folder(folder_of(path_));
}

Status OutputFile::commit() {
  if (Status s = sync(); !s.ok()) return s;
  return publish();
}

}  // namespace skykeep
