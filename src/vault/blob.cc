#include "vault/blob.h"

#include <sodium.h>
#include <zstd.h>

#include <cstring>

#include "base/endian.h"

namespace skykeep::vault {
namespace {

constexpr char kMagic[8] = {'S', 'K', 'Y', 'B', 'L', 'O', 'B', '1'};
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kHeader = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kStreamTag = crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr size_t kMaxPlain = size_t{1} << 40;  // a decompressed blob larger than this is refused

}  // namespace

SealedBlob seal(const Key& master, Bytes plaintext) {
  Key blob_key = Key::random();
  SealedBlob out;
  // The blob key, sealed under the master key.
  out.wrapped_key.resize(kNonce + Key::kSize + kTag);
  auto* w = reinterpret_cast<uint8_t*>(out.wrapped_key.data());
  randombytes_buf(w, kNonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt(w + kNonce, nullptr, blob_key.data(), Key::kSize,
                                             nullptr, 0, nullptr, w, master.data());
  // Compress, then encrypt in chunks.
  std::vector<uint8_t> packed(ZSTD_compressBound(plaintext.size()));
  size_t packed_size = ZSTD_compress(packed.data(), packed.size(), plaintext.data(),
                                     plaintext.size(), 3);
  if (ZSTD_isError(packed_size)) std::abort();  // cannot fail with a bound-sized buffer
  crypto_secretstream_xchacha20poly1305_state st;
  out.data.resize(sizeof kMagic + kHeader);
  std::memcpy(out.data.data(), kMagic, sizeof kMagic);
  crypto_secretstream_xchacha20poly1305_init_push(
      &st, reinterpret_cast<uint8_t*>(out.data.data() + sizeof kMagic), blob_key.data());
  size_t pos = 0;
  do {
    size_t n = std::min(kChunk, packed_size - pos);
    bool last = pos + n == packed_size;
    size_t at = out.data.size();
    out.data.resize(at + 4 + n + kStreamTag);
    store_le<uint32_t>(out.data.data() + at, static_cast<uint32_t>(n + kStreamTag));
    crypto_secretstream_xchacha20poly1305_push(
        &st, reinterpret_cast<uint8_t*>(out.data.data() + at + 4), nullptr, packed.data() + pos, n,
        nullptr, 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
             : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    pos += n;
  } while (pos < packed_size);
  sodium_memzero(packed.data(), packed.size());
  return out;
}

Result<std::vector<std::byte>> open(const Key& master, Bytes wrapped_key, Bytes data) {
  if (wrapped_key.size() != kNonce + Key::kSize + kTag)
    return Status::Corruption("blob key has the wrong size");
  Key blob_key;
  const auto* w = reinterpret_cast<const uint8_t*>(wrapped_key.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(blob_key.data(), nullptr, nullptr, w + kNonce,
                                                 Key::kSize + kTag, nullptr, 0, w,
                                                 master.data()) != 0)
    return Status::PermissionDenied("the blob key does not open with this vault's key");
  if (data.size() < sizeof kMagic + kHeader || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return Status::Corruption("not an encrypted skykeep blob");
  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(
          &st, reinterpret_cast<const uint8_t*>(data.data() + sizeof kMagic), blob_key.data()) != 0)
    return Status::Corruption("blob header is damaged");
  std::vector<uint8_t> packed;
  size_t pos = sizeof kMagic + kHeader;
  bool final = false;
  while (!final) {
    if (data.size() - pos < 4) return Status::Corruption("blob is truncated");
    uint32_t len = load_le<uint32_t>(data.data() + pos);
    pos += 4;
    if (len < kStreamTag || data.size() - pos < len) return Status::Corruption("blob is truncated");
    size_t at = packed.size();
    packed.resize(at + len - kStreamTag);
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &st, packed.data() + at, nullptr, &tag,
            reinterpret_cast<const uint8_t*>(data.data() + pos), len, nullptr, 0) != 0)
      return Status::Corruption("blob data does not authenticate (altered or reordered)");
    pos += len;
    final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  }
  if (pos != data.size()) return Status::Corruption("blob has data after its end");
  unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxPlain)
    return Status::Corruption("blob content is not a zstd frame");
  std::vector<std::byte> plain(static_cast<size_t>(size));
  size_t got = ZSTD_decompress(plain.data(), plain.size(), packed.data(), packed.size());
  if (ZSTD_isError(got) || got != plain.size()) return Status::Corruption("blob content is damaged");
  return plain;
}

}  // namespace skykeep::vault
