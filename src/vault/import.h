// Importing logs into the vault: the original bytes are kept verbatim (SHA-256 recorded),
// compressed and encrypted as a blob; re-importing the same bytes is a no-op. Write order: blob,
// fsync, rename, fsync of the folder, then the catalog commit. Not thread-safe (one Vault).
#pragma once

#include <string>

#include "base/result.h"
#include "formats/reader.h"
#include "vault/vault.h"

namespace skykeep::vault {

struct Imported {
  enum class Outcome { kImported, kDuplicate };
  Outcome outcome = Outcome::kImported;
  int64_t log_id = 0;
  std::string sha256;   // hex
  std::string format;   // "ulog", "dataflash", "tlog"
  uint64_t bytes = 0;
  bool corrupt = false;  // read with recovered corruption; imported with its parse report
};

// Imports one file. Errors (nothing is written): unreadable file, not a flight log.
Result<Imported> import_file(Vault& vault, const std::string& path,
                             const formats::ReaderOptions& options);

}  // namespace skykeep::vault
