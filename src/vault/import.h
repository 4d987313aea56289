// Importing logs into the vault: the original bytes are kept verbatim (SHA-256 recorded),
// compressed and encrypted as a blob; its flights, summaries and events go into the catalog and
// the vehicle's signals into a second blob (derived data); re-importing the same bytes is a
// no-op. Write order: blobs, fsync, rename, fsync of the folder, then one catalog transaction
// holding the log and its audit entry ("import", naming the log and its flights).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "formats/reader.h"
#include "vault/vault.h"

namespace skykeep::vault {

struct Imported {
  enum class Outcome { kImported, kDuplicate };
  Outcome outcome = Outcome::kImported;
  int64_t log_id = 0;
  std::string sha256;  // hex
  std::string format;  // "ulog", "dataflash", "tlog"
  uint64_t bytes = 0;
  bool corrupt = false;  // read with recovered corruption; imported with its parse report
  size_t flights = 0;    // flights found in it (0 for a duplicate)
};

// Imports one file. Errors (nothing is written, no blob is left): unreadable file (NotFound,
// PermissionDenied, IOError), not a regular file, not a flight log or unreadable as one
// (InvalidArgument), the catalog's (Busy, ReadOnly, NoSpace). A duplicate is no error and
// writes nothing, not even an entry.
// Safe to call from several threads on one Vault (the catalog is used under its mutex).
Result<Imported> import_file(Vault& vault, const std::string& path,
                             const formats::ReaderOptions& options);

// Imports files with `threads` workers; one result per path, in the order of paths. progress,
// when given, is called after each file (one call at a time) with the paths done so far.
std::vector<Result<Imported>> import_files(Vault& vault, const std::vector<std::string>& paths,
                                           const formats::ReaderOptions& options, unsigned threads,
                                           const std::function<void(size_t done)>& progress = {});

}  // namespace skykeep::vault
