// Egress: where bytes leaving the vault go (an export or a share written to a file or standard
// output). The operation that produces them records them in the audit log, and the order is
// fixed (docs/audit.md, "Files that leave"): a file's bytes are staged out of sight, the entry
// with their hash is committed, then they are published; bytes that are seen as soon as written
// (immediate()) are written only after their entry is committed. So nothing leaves unrecorded,
// and no partial file ever stands under its final name. Not thread-safe.
#pragma once

#include <string_view>

#include "base/byte_reader.h"
#include "base/status.h"

namespace skykeep::vault {

class Egress {
 public:
  virtual ~Egress() = default;
  // Called once, before any write(), with the file name extension of what follows (".gpx").
  virtual Status open(std::string_view extension) = 0;
  virtual Status write(Bytes data) = 0;
  // All bytes written: durable, still out of sight (for a file: synced, not yet renamed).
  virtual Status close() = 0;
  // Called after the entry recording the bytes is committed: they become visible. When this
  // fails the entry stands (it records more than left, never less).
  virtual Status publish() = 0;
  // Bytes are seen as soon as written (standard output): the operation commits the entry, with
  // the hash of the bytes it will write, before its first write().
  virtual bool immediate() const { return false; }
};

}  // namespace skykeep::vault
