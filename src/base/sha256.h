// SHA-256 in pieces, from libcrypto (OpenSSL, which SQLCipher already links): it uses the CPU's
// SHA extensions, several times faster than a portable implementation (docs/decisions/0004).
// Not thread-safe; one per stream.
#pragma once

#include <array>
#include <cstdint>

#include "base/byte_reader.h"

namespace skykeep {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(Bytes data);
  // The digest; the object is spent afterwards.
  std::array<uint8_t, 32> finish();

 private:
  void* ctx_;  // EVP_MD_CTX
};

}  // namespace skykeep
