// Vault keys: the master key in a 0600 key file, optionally wrapped under a passphrase with
// Argon2id. Key material is wiped from memory when a Key goes. Thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"

namespace skykeep::vault {

class Key {
 public:
  static constexpr size_t kSize = 32;
  Key() = default;
  ~Key();
  Key(const Key&) = default;
  Key& operator=(const Key&) = default;
  // A fresh random key.
  static Key random();
  const uint8_t* data() const { return bytes_.data(); }
  uint8_t* data() { return bytes_.data(); }

 private:
  std::array<uint8_t, kSize> bytes_{};
};

// Every key derived from the master key, each with its own libsodium KDF id and context, listed
// here so that no two uses can ever share one. The values are fixed: changing one would lose
// what a vault already holds under it.
enum class Subkey : uint64_t {
  kCatalog = 1,       // SQLCipher's raw key ("catalog_")
  kAuditSigning = 2,  // the Ed25519 seed of the audit log ("auditlog")
  kPseudonyms = 3,    // HMAC key of recipients' pseudonym keys ("pseudony")
  kZoneSecrets = 4,   // HMAC key of sensitive zones' secrets ("zonesecr")
};
Key derive(const Key& master, Subkey which);

// Creates the key file at path (which must not exist) with mode 0600 and a new master key,
// wrapped under the passphrase when one is given (Argon2id, moderate limits).
// Errors: the file exists, cannot be written.
Result<Key> create_master_key(const std::string& path,
                              const std::optional<std::string>& passphrase);

// Reads the master key. Errors: NotFound, PermissionDenied (unreadable, or a wrong or missing
// passphrase for a wrapped key), Corruption (not a key file).
Result<Key> open_master_key(const std::string& path, const std::optional<std::string>& passphrase);

}  // namespace skykeep::vault
