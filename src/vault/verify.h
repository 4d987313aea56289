// Checking a vault: the catalog's every page (vault::Catalog::check_integrity); every blob the
// catalog names is there, decrypts with its key and hashes to the SHA-256 recorded at import;
// and no blob file is there that no catalog row names (an orphan, left by an import that failed
// or a deletion that was interrupted), which repair removes. The result is on the audit record
// ("verify"). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "vault/vault.h"

namespace skykeep::vault {

struct Damage {
  int64_t log_id = 0;
  std::string name;     // the file the log was imported from
  std::string problem;  // one line
};

struct Orphan {
  std::string file;  // its name in the blob folder
  uint64_t bytes = 0;
};

struct VerifyReport {
  size_t checked = 0;                         // logs looked at
  std::vector<Damage> damaged;                // logs whose blobs are missing or altered
  std::vector<std::string> catalog_problems;  // the catalog's own damage, one line each
  uint64_t catalog_pages = 0;                 // pages of the catalog's file authenticated
  std::vector<Orphan> orphans;                // found (and, with repair, removed)
  bool orphans_checked = true;  // false when an import was running (its new blobs not yet named)
  bool repaired = false;        // the orphans were removed
  // Set when the report could not be recorded because the catalog is damaged: the report still
  // stands (the damage is its point), and this says why it is not on the record.
  std::string not_recorded;
  bool clean() const { return damaged.empty() && catalog_problems.empty() && orphans.empty(); }
};

struct VerifyOptions {
  // Removes the orphans: only files in the blob folder named as blobs are (never anything else),
  // and only while no import is writing (Busy otherwise).
  bool repair = false;
};

// Errors: the catalog cannot be read at all; Busy (repair while another skykeep imports);
// recording's, unless the catalog was found damaged (see VerifyReport::not_recorded).
Result<VerifyReport> verify(Vault& vault, const VerifyOptions& options = {});

}  // namespace skykeep::vault
