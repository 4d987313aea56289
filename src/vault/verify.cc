#include "vault/verify.h"

#include <sodium.h>
#include <sqlcipher/sqlite3.h>

#include <cstring>

#include "base/file.h"
#include "vault/blob.h"

namespace skykeep::vault {

Result<std::vector<Damage>> verify(Vault& vault, size_t* checked) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(vault.catalog(), "SELECT id, name, sha256, blob, wrapped_key FROM logs ORDER BY id",
                         -1, &st, nullptr) != SQLITE_OK)
    return Status::IOError(std::string("catalog: ") + sqlite3_errmsg(vault.catalog()));
  std::vector<Damage> damage;
  *checked = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ++*checked;
    Damage d;
    d.log_id = sqlite3_column_int64(st, 0);
    d.name = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    std::string hash(static_cast<const char*>(sqlite3_column_blob(st, 2)),
                     static_cast<size_t>(sqlite3_column_bytes(st, 2)));
    std::string blob = reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
    Bytes wrapped(static_cast<const std::byte*>(sqlite3_column_blob(st, 4)),
                  static_cast<size_t>(sqlite3_column_bytes(st, 4)));
    auto data = read_file(vault.dir() + "/" + Vault::kBlobDir + "/" + blob);
    if (!data) {
      d.problem = "blob " + blob + " is missing or unreadable";
      damage.push_back(std::move(d));
      continue;
    }
    auto plain = open(vault.master(), wrapped, Bytes(*data));
    if (!plain) {
      d.problem = plain.error().message();
      damage.push_back(std::move(d));
      continue;
    }
    uint8_t digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const uint8_t*>(plain->data()), plain->size());
    if (hash.size() != sizeof digest || std::memcmp(hash.data(), digest, sizeof digest) != 0) {
      d.problem = "content does not match the hash recorded at import";
      damage.push_back(std::move(d));
    }
  }
  sqlite3_finalize(st);
  return damage;
}

}  // namespace skykeep::vault
