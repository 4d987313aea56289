#include "vault/blob.h"

#include <sodium.h>
#include <zstd.h>

#include <cstring>

#include "base/endian.h"
#include "base/file.h"

namespace skykeep::vault {
namespace {

constexpr char kMagic[8] = {'S', 'K', 'Y', 'B', 'L', 'O', 'B', '1'};
constexpr size_t kChunk = size_t{64} * 1024;
constexpr size_t kPending = size_t{1024} * 1024;  // compressed bytes not yet encrypted
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kHeader = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kStreamTag = crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr size_t kMaxPlain = size_t{1} << 40;  // a decompressed blob larger than this is refused

}  // namespace

BlobWriter::BlobWriter(const Key& master, Sink out, int level)
    : master_(master), key_(Key::random()), out_(std::move(out)) {
  ZSTD_CStream* z = ZSTD_createCStream();
  if (!z) std::abort();
  ZSTD_CCtx_setParameter(z, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(z, ZSTD_c_checksumFlag, 0);
  zstd_ = z;
  auto* st = new crypto_secretstream_xchacha20poly1305_state;
  stream_ = st;
  uint8_t head[sizeof kMagic + kHeader];
  std::memcpy(head, kMagic, sizeof kMagic);
  crypto_secretstream_xchacha20poly1305_init_push(st, head + sizeof kMagic, key_.data());
  out_(Bytes(reinterpret_cast<const std::byte*>(head), sizeof head));
  // zstd writes straight into pending_; whole chunks are encrypted from its front.
  pending_.resize(kPending);
  cbuf_.resize(4 + kChunk + kStreamTag);
}

BlobWriter::~BlobWriter() {
  ZSTD_freeCStream(static_cast<ZSTD_CStream*>(zstd_));
  auto* st = static_cast<crypto_secretstream_xchacha20poly1305_state*>(stream_);
  sodium_memzero(st, sizeof *st);
  delete st;
  sodium_memzero(pending_.data(), pending_.size());
}

// Encrypts one chunk from the front of the pending compressed bytes (all of them when final).
void BlobWriter::push(bool final) {
  size_t n = std::min(kChunk, end_ - begin_);
  store_le<uint32_t>(reinterpret_cast<std::byte*>(cbuf_.data()),
                     static_cast<uint32_t>(n + kStreamTag));
  crypto_secretstream_xchacha20poly1305_push(
      static_cast<crypto_secretstream_xchacha20poly1305_state*>(stream_), cbuf_.data() + 4, nullptr,
      pending_.data() + begin_, n, nullptr, 0,
      final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
            : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  out_(Bytes(reinterpret_cast<const std::byte*>(cbuf_.data()), 4 + n + kStreamTag));
  begin_ += n;
}

void BlobWriter::compress(Bytes data, bool end) {
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  for (;;) {
    // Room for zstd's next output: move the (short) unencrypted rest to the front if needed.
    if (pending_.size() - end_ < ZSTD_CStreamOutSize()) {
      std::memmove(pending_.data(), pending_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    ZSTD_outBuffer o{pending_.data() + end_, pending_.size() - end_, 0};
    size_t left = ZSTD_compressStream2(static_cast<ZSTD_CStream*>(zstd_), &o, &in,
                                       end ? ZSTD_e_end : ZSTD_e_continue);
    if (ZSTD_isError(left)) std::abort();  // only on misuse
    end_ += o.pos;
    // Keep the last chunk back: only finish() knows which chunk is final.
    while (end_ - begin_ > kChunk) push(false);
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
  BlobWriter writer(
      master, [&](Bytes b) { out.data.insert(out.data.end(), b.begin(), b.end()); },
      BlobWriter::kDenseLevel);
  writer.write(plaintext);
  out.wrapped_key = writer.finish();
  return out;
}

BlobReader::BlobReader(const Key& master, Bytes wrapped_key, Sink out) : out_(std::move(out)) {
  if (wrapped_key.size() != kNonce + Key::kSize + kTag) {
    status_ = Status::Corruption("blob key has the wrong size");
    return;
  }
  const auto* w = reinterpret_cast<const uint8_t*>(wrapped_key.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(key_.data(), nullptr, nullptr, w + kNonce,
                                                 Key::kSize + kTag, nullptr, 0, w,
                                                 master.data()) != 0) {
    status_ = Status::PermissionDenied("the blob key does not open with this vault's key");
    return;
  }
  stream_ = new crypto_secretstream_xchacha20poly1305_state;
  zstd_ = ZSTD_createDStream();
  plain_.resize(ZSTD_DStreamOutSize());
}

BlobReader::~BlobReader() {
  auto* st = static_cast<crypto_secretstream_xchacha20poly1305_state*>(stream_);
  if (st) sodium_memzero(st, sizeof *st);
  delete st;
  ZSTD_freeDStream(static_cast<ZSTD_DStream*>(zstd_));
}

// Decompresses one decrypted chunk and hands the plaintext on.
void BlobReader::inflate(const uint8_t* p, size_t n) {
  ZSTD_inBuffer in{p, n, 0};
  while (status_.ok() && (in.pos < in.size || zstd_left_ == ZSTD_DStreamOutSize())) {
    ZSTD_outBuffer o{plain_.data(), plain_.size(), 0};
    size_t left = ZSTD_decompressStream(static_cast<ZSTD_DStream*>(zstd_), &o, &in);
    if (ZSTD_isError(left) || (plain_total_ += o.pos) > kMaxPlain) {
      status_ = Status::Corruption("blob content is damaged");
      return;
    }
    zstd_left_ = o.pos == o.size ? ZSTD_DStreamOutSize() : left;  // a full buffer may hold more
    if (o.pos && !out_(Bytes(plain_.data(), o.pos))) stopped_ = true;
    if (stopped_) return;
    if (in.pos == in.size && o.pos < o.size) break;
  }
}

Status BlobReader::feed(Bytes data) {
  buf_.insert(buf_.end(), reinterpret_cast<const uint8_t*>(data.data()),
              reinterpret_cast<const uint8_t*>(data.data()) + data.size());
  size_t pos = 0;
  auto* st = static_cast<crypto_secretstream_xchacha20poly1305_state*>(stream_);
  while (status_.ok() && !stopped_) {
    if (!header_) {
      if (buf_.size() < sizeof kMagic + kHeader) break;
      if (std::memcmp(buf_.data(), kMagic, sizeof kMagic) != 0) {
        status_ = Status::Corruption("not an encrypted skykeep blob");
        break;
      }
      if (crypto_secretstream_xchacha20poly1305_init_pull(st, buf_.data() + sizeof kMagic,
                                                          key_.data()) != 0)
        status_ = Status::Corruption("blob header is damaged");
      header_ = true;
      pos = sizeof kMagic + kHeader;
      continue;
    }
    if (final_) {
      if (pos < buf_.size()) status_ = Status::Corruption("blob has data after its end");
      break;
    }
    if (buf_.size() - pos < 4) break;
    uint32_t len = load_le<uint32_t>(reinterpret_cast<const std::byte*>(buf_.data() + pos));
    if (len < kStreamTag || len > kChunk + kStreamTag) {
      status_ = Status::Corruption("blob is damaged");
      break;
    }
    if (buf_.size() - pos - 4 < len) break;
    chunk_.resize(len - kStreamTag);
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(st, chunk_.data(), nullptr, &tag,
                                                   buf_.data() + pos + 4, len, nullptr, 0) != 0) {
      status_ = Status::Corruption("blob data does not authenticate (altered or reordered)");
      break;
    }
    pos += 4 + len;
    final_ = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    inflate(chunk_.data(), chunk_.size());
  }
  if (status_.ok()) buf_.erase(buf_.begin(), buf_.begin() + static_cast<ptrdiff_t>(pos));
  return status_;
}

Status BlobReader::finish() {
  if (!status_.ok() || stopped_) return status_;
  if (!final_) return Status::Corruption("blob is truncated");
  if (zstd_left_ != 0) return Status::Corruption("blob content is damaged");
  return status_;
}

Result<std::vector<std::byte>> open(const Key& master, Bytes wrapped_key, Bytes data) {
  std::vector<std::byte> plain;
  BlobReader r(master, wrapped_key, [&](Bytes b) {
    plain.insert(plain.end(), b.begin(), b.end());
    return true;
  });
  if (Status s = r.feed(data); !s.ok()) return s;
  if (Status s = r.finish(); !s.ok()) return s;
  return plain;
}

Status open_file(const Key& master, Bytes wrapped_key, const std::string& path,
                 const std::function<bool(Bytes)>& out) {
  BlobReader r(master, wrapped_key, out);
  Status s;
  auto n = stream_file(path, size_t{1} << 20, [&](Bytes chunk) {
    s = r.feed(chunk);
    return s.ok() && !r.stopped();
  });
  if (!n) return n.error();
  if (!s.ok()) return s;
  return r.finish();
}

}  // namespace skykeep::vault
