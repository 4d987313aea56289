// Files, with errors as Status values: reading logs and keys (regular files only, as bytes, whole
// or as a stream of chunks), reading small text inputs, and writing output files whole or not at
// all. Thread-compatible: each call and each OutputFile uses its own file descriptor.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/result.h"

namespace skykeep {

// The whole file. Errors: NotFound, PermissionDenied, InvalidArgument (a directory, or not a
// regular file: a device, a FIFO or a socket is refused without reading from it, so that
// /dev/zero or a pipe nobody writes to cannot hang the caller), IOError.
Result<std::vector<std::byte>> read_file(const std::string& path);

// Calls fn with consecutive chunks of at most chunk_size bytes until the end of the file or
// until fn returns false. Views are valid only inside fn. Returns the number of bytes read.
// Errors as read_file.
Result<size_t> stream_file(const std::string& path, size_t chunk_size,
                           const std::function<bool(Bytes)>& fn);

// A small text input (a policy, a proof, a checkpoint, a key): a regular file, or a pipe or
// terminal such as /dev/stdin, read to its end but never beyond max_bytes. Errors: as read_file
// (a directory, a device that is not a terminal), InvalidArgument "larger than N bytes".
Result<std::string> read_small_file(const std::string& path, size_t max_bytes = size_t{1} << 24);

// An output file written out of sight and put in place whole. Bytes go to a new temporary file
// (created with O_EXCL and O_NOFOLLOW, mode 0666 less the umask) in the folder of the final path;
// sync() makes them durable; publish() renames the temporary to the final path and syncs the
// folder. Without replace, an existing file or symbolic link at the final path is never
// replaced (checked at create() and again, atomically, by the rename); with it, the path itself
// is replaced, never a file a symbolic link points to. Until publish() succeeds nothing at the
// final path changes: an error, or destroying the object first, removes the temporary and leaves
// whatever was there. Not thread-safe.
class OutputFile {
 public:
  // Errors: AlreadyExists (without replace: "PATH exists: add --force to replace it"),
  // InvalidArgument (a directory), and creating the temporary (NotFound for a missing folder,
  // PermissionDenied, ReadOnly, NoSpace, IOError).
  static Result<std::unique_ptr<OutputFile>> create(const std::string& path, bool replace);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::string& path() const { return path_; }
  // Where the bytes are until publish(), for a writer that opens files by name itself.
  const std::string& temp_path() const { return temp_; }
  // Buffered; the first error is kept and returned by this and every later call.
  Status write(Bytes data);
  // Flushes, fsyncs and closes the temporary. Errors: NoSpace, IOError.
  Status sync();
  // After sync(): renames the temporary to the final path and fsyncs the folder. Errors:
  // AlreadyExists (without replace, the path appeared meanwhile; the temporary is removed),
  // IOError.
  Status publish();
  // sync() then publish().
  Status commit();

 private:
  OutputFile(std::string path, std::string temp, int fd, bool replace)
      : path_(std::move(path)), temp_(std::move(temp)), fd_(fd), replace_(replace) {}
  Status flush();
  std::string path_, temp_;
  int fd_ = -1;
  bool replace_ = false, synced_ = false, published_ = false;
  std::vector<std::byte> buffer_;
  Status status_;
};

// Whether path may be an output's target, checked before any work: absent, or with replace a
// file or a symbolic link (the link itself would be replaced). Errors: AlreadyExists
// ("PATH exists: add --force to replace it"), InvalidArgument (a directory).
Status check_output_path(const std::string& path, bool replace);

// The Status for a failed system call on path: NotFound (ENOENT), PermissionDenied
// (EACCES, EPERM), ReadOnly (EROFS), NoSpace (ENOSPC, EDQUOT), IOError otherwise; the message is
// "PATH: strerror".
Status errno_status(const std::string& path, int err);

}  // namespace skykeep
