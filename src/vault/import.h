// Importing logs into the vault: the original bytes are kept verbatim (SHA-256 recorded),
// compressed and encrypted as a blob; its flights, summaries and events go into the catalog and
// the vehicle's signals into a second blob (derived data); re-importing the same bytes is a
// no-op. Write order: blobs, fsync, rename, fsync of the folder, then one catalog transaction
// holding the log and its audit entry ("import", naming the log and its flights).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "formats/reader.h"
#include "vault/catalog.h"
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
  size_t flights = 0;    // flights found in it (0 for a duplicate or another source)
  // Set when the log is another source of a kept log's flights (same_flights_as): that log.
  std::optional<int64_t> source_of;
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
// A CSV export and the DJI record it came from are one flight with two sources (decision
// 0013): the kept DJI log (record or export) of which every flight of e is one, or none. A
// flight is the same when it starts within kSameFlightUs of the kept one, and the aircraft's
// serial is the same or the takeoffs are within kSamePlaceM. Only for DJI logs: other formats
// are never merged.
inline constexpr int64_t kSameFlightUs = 3'000'000;
inline constexpr double kSamePlaceM = 100;
Result<std::optional<int64_t>> same_flights_as(Catalog& catalog, const LogEntry& e);

std::vector<Result<Imported>> import_files(Vault& vault, const std::vector<std::string>& paths,
                                           const formats::ReaderOptions& options, unsigned threads,
                                           const std::function<void(size_t done)>& progress = {});

}  // namespace skykeep::vault
