// Reading files as bytes, whole or as a stream of chunks, with errors as Status values.
// Thread-compatible: each call uses its own file descriptor.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/result.h"

namespace skykeep {

// The whole file. Errors: NotFound, PermissionDenied, InvalidArgument (a directory), IOError.
Result<std::vector<std::byte>> read_file(const std::string& path);

// Calls fn with consecutive chunks of at most chunk_size bytes until the end of the file or
// until fn returns false. Views are valid only inside fn. Returns the number of bytes read.
Result<size_t> stream_file(const std::string& path, size_t chunk_size,
                           const std::function<bool(Bytes)>& fn);

}  // namespace skykeep
