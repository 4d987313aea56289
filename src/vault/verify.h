// Checking a vault: every blob the catalog names is there, decrypts with its key and hashes to
// the SHA-256 recorded at import. Reads only. Not thread-safe (one Vault).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "vault/vault.h"

namespace skykeep::vault {

struct Damage {
  int64_t log_id = 0;
  std::string name;     // the file name the log was imported from
  std::string problem;  // one line
};

// The damaged logs (empty when all is well); *checked counts the logs looked at.
// Errors: the catalog cannot be read.
Result<std::vector<Damage>> verify(Vault& vault, size_t* checked);

}  // namespace skykeep::vault
