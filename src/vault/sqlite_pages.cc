// Authenticating every page of a SQLCipher 3 database file without SQLite: SQLite reads only the
// pages in use, so damage in a free page, or in the first page (which SQLCipher then reports as
// a wrong key), would otherwise go unseen.
//
// SQLCipher 3's layout, with a raw key: the file's first 16 bytes are a random salt; each page of
// page_size bytes ends in `reserve` bytes holding the AES-CBC IV (16) and an HMAC-SHA1 (20) of
// the page's ciphertext and IV followed by the page number (4 bytes, little-endian); the first
// page's ciphertext starts after the salt. The HMAC key is PBKDF2-HMAC-SHA1 of the raw key, with
// the salt XOR 0x3a as salt, in 2 iterations.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>

#include "base/file.h"
#include "vault/sqlite_internal.h"

namespace skykeep::vault {

Result<PageCheck> authenticate_pages(const std::string& path, const Key& key,
                                     const CipherLayout& layout) {
  constexpr size_t kSalt = 16, kIv = 16, kMac = 20;
  const size_t size = layout.page_size;
  if (size < 512 || layout.reserve < kIv + kMac || layout.reserve >= size)
    return Status::InvalidArgument("catalog: an unknown page layout");
  PageCheck out;
  std::vector<uint8_t> page;
  page.reserve(size);
  uint8_t hmac_key[32];
  bool keyed = false;
  std::vector<uint8_t> message(size + 4);
  auto check = [&](const uint8_t* p, uint64_t number) {
    if (!keyed) {
      uint8_t salt[kSalt];
      for (size_t i = 0; i < kSalt; ++i) salt[i] = p[i] ^ layout.salt_mask;
      PKCS5_PBKDF2_HMAC_SHA1(reinterpret_cast<const char*>(key.data()), Key::kSize, salt, kSalt,
                             layout.hmac_kdf_iter, sizeof hmac_key, hmac_key);
      keyed = true;
    }
    size_t from = number == 1 ? kSalt : 0, to = size - layout.reserve + kIv;
    size_t n = to - from;
    std::memcpy(message.data(), p + from, n);
    for (int i = 0; i < 4; ++i) message[n + i] = static_cast<uint8_t>(number >> (8 * i));
    uint8_t mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    HMAC(EVP_sha1(), hmac_key, sizeof hmac_key, message.data(), n + 4, mac, &mac_len);
    ++out.pages;
    if (mac_len < kMac || std::memcmp(mac, p + to, kMac) != 0) out.bad.push_back(number);
  };
  auto n = stream_file(path, size_t{1} << 20, [&](Bytes chunk) {
    const auto* b = reinterpret_cast<const uint8_t*>(chunk.data());
    for (size_t i = 0; i < chunk.size();) {
      size_t take = std::min(size - page.size(), chunk.size() - i);
      page.insert(page.end(), b + i, b + i + take);
      i += take;
      if (page.size() == size) {
        check(page.data(), out.pages + 1);
        page.clear();
      }
    }
    return true;
  });
  std::memset(hmac_key, 0, sizeof hmac_key);
  if (!n) return n.error();
  return out;
}

}  // namespace skykeep::vault
