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

BlobWriter::BlobWriter(const Key& master, Sink out)
    : master_(master), key_(Key::random()), out_(std::move(out)) {
  ZSTD_CStream* z = ZSTD_createCStream();
  if (!z) std::abort();
  ZSTD_CCtx_setParameter(z, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(z, ZSTD_c_checksumFlag, 0);
  zstd_ = z;
  auto* st = new crypto_secretstream_xchacha20poly1305_state;
  stream_ = st;
  uint8_t head[sizeof kMagic + kHeader];
  std::memcpy(head, kMagic, sizeof kMagic);
  crypto_secretstream_xchacha20poly1305_init_push(st, head + sizeof kMagic, key_.data());
  out_(Bytes(reinterpret_cast<const std::byte*>(head), sizeof head));
  zbuf_.resize(ZSTD_CStreamOutSize());
  cbuf_.resize(4 + kChunk + kStreamTag);
}

BlobWriter::~BlobWriter() {
  ZSTD_freeCStream(static_cast<ZSTD_CStream*>(zstd_));
  auto* st = static_cast<crypto_secretstream_xchacha20poly1305_state*>(stream_);
  sodium_memzero(st, sizeof *st);
  delete st;
  sodium_memzero(pending_.data(), pending_.size());
}

// Encrypts one chunk of pending compressed bytes (all of them when final).
void BlobWriter::push(bool final) {
  size_t n = std::min(kChunk, pending_.size());
  store_le<uint32_t>(reinterpret_cast<std::byte*>(cbuf_.data()), static_cast<uint32_t>(n + kStreamTag));
  crypto_secretstream_xchacha20poly1305_push(
      static_cast<crypto_secretstream_xchacha20poly1305_state*>(stream_), cbuf_.data() + 4, nullptr,
      pending_.data(), n, nullptr, 0,
      final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
            : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  out_(Bytes(reinterpret_cast<const std::byte*>(cbuf_.data()), 4 + n + kStreamTag));
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(n));
}

void BlobWriter::compress(Bytes data, bool end) {
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  for (;;) {
    ZSTD_outBuffer o{zbuf_.data(), zbuf_.size(), 0};
    size_t left = ZSTD_compressStream2(static_cast<ZSTD_CStream*>(zstd_), &o, &in,
                                       end ? ZSTD_e_end : ZSTD_e_continue);
    if (ZSTD_isError(left)) std::abort();  // only on misuse
    pending_.insert(pending_.end(), zbuf_.begin(), zbuf_.begin() + static_cast<ptrdiff_t>(o.pos));
    // Keep the last chunk back: only finish() knows which chunk is final.
    while (pending_.size() > kChunk) push(false);
    if (end ? left == 0 : in.pos == in.size) break;
  }
}

void BlobWriter::write(Bytes data) { compress(data, false); }

std::vector<std::byte> BlobWriter::finish() {
  compress(Bytes(), true);
  push(true);
  std::vector<std::byte> wrapped(kNonce + Key::kSize + kTag);
  auto* w = reinterpret_cast<uint8_t*>(wrapped.data());
  randombytes_buf(w, kNonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt(w + kNonce, nullptr, key_.data(), Key::kSize, nullptr,
                                             0, nullptr, w, master_.data());
  return wrapped;
}

SealedBlob seal(const Key& master, Bytes plaintext) {
  SealedBlob out;
  BlobWriter writer(master, [&](Bytes b) { out.data.insert(out.data.end(), b.begin(), b.end()); });
  writer.write(plaintext);
  out.wrapped_key = writer.finish();
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
  // The frame of a streamed blob does not state its size: decompress as a stream.
  std::vector<std::byte> plain;
  ZSTD_DStream* z = ZSTD_createDStream();
  ZSTD_inBuffer in{packed.data(), packed.size(), 0};
  std::vector<std::byte> buf(ZSTD_DStreamOutSize());
  size_t left = 1;
  while (in.pos < in.size || left != 0) {
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    left = ZSTD_decompressStream(z, &o, &in);
    if (ZSTD_isError(left) || (o.pos == 0 && in.pos == in.size && left != 0) ||
        plain.size() + o.pos > kMaxPlain) {
      ZSTD_freeDStream(z);
      return Status::Corruption("blob content is damaged");
    }
    plain.insert(plain.end(), buf.begin(), buf.begin() + static_cast<ptrdiff_t>(o.pos));
  }
  ZSTD_freeDStream(z);
  return plain;
}

}  // namespace skykeep::vault
