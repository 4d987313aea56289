#include "vault/verify.h"

#include <cstring>

#include "base/sha256.h"
#include "vault/blob.h"
#include "vault/catalog.h"

namespace skykeep::vault {

Result<std::vector<Damage>> verify(Vault& vault, size_t* checked) {
  auto logs = all_log_blobs(vault);
  if (!logs) return logs.error();
  std::vector<Damage> damage;
  *checked = 0;
  std::string dir = vault.dir() + "/" + Vault::kBlobDir + "/";
  for (const LogBlobs& l : *logs) {
    ++*checked;
    Damage d{l.id, l.name, ""};
    // The original, streamed: it must decrypt and hash to what was recorded at import.
    Sha256 hash;
    Status s = open_file(vault.master(), Bytes(l.wrapped_key), dir + l.blob, [&](Bytes b) {
      hash.update(b);
      return true;
    });
    if (!s.ok()) {
      d.problem =
          s.code() == Status::Code::kNotFound ? "blob " + l.blob + " is missing" : s.message();
    } else if (auto digest = hash.finish();
               l.sha256.size() != digest.size() ||
               std::memcmp(l.sha256.data(), digest.data(), digest.size()) != 0) {
      d.problem = "content does not match the hash recorded at import";
    } else {
      // The derived data must open too (it is rebuilt from the original if not).
      Status ds = open_file(vault.master(), Bytes(l.derived_key), dir + l.derived_blob,
                            [](Bytes) { return true; });
      if (!ds.ok())
        d.problem = ds.code() == Status::Code::kNotFound
                        ? "derived data " + l.derived_blob + " is missing"
                        : "derived data: " + ds.message();
    }
    if (!d.problem.empty()) damage.push_back(std::move(d));
  }
  return damage;
}

}  // namespace skykeep::vault
