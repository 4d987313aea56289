#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace skykeep {
namespace {

Status open_error(const std::string& path, int err) {
  std::string what = path + ": " + std::strerror(err);
  switch (err) {
    case ENOENT:
      return Status::NotFound(what);
    case EACCES:
    case EPERM:
      return Status::PermissionDenied(what);
    default:
      return Status::IOError(what);
  }
}

Result<int> open_regular(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return open_error(path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return open_error(path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument(path + ": is a directory");
  }
  return fd;
}

}  // namespace

Result<size_t> stream_file(const std::string& path, size_t chunk_size,
                           const std::function<bool(Bytes)>& fn) {
  auto fd = open_regular(path);
  if (!fd) return fd.error();
  std::vector<std::byte> buf(chunk_size);
  size_t total = 0;
  for (;;) {
    ssize_t n = ::read(*fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(*fd);
      return open_error(path, err);
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
    if (!fn(Bytes(buf.data(), static_cast<size_t>(n)))) break;
  }
  ::close(*fd);
  return total;
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

}  // namespace skykeep
