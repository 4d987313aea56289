// Encrypted blobs: data compressed with zstd and encrypted with a fresh key per blob
// (XChaCha20-Poly1305 secretstream, 64 KiB chunks); the blob key is returned wrapped under the
// master key, to be kept apart from the blob (destroying it makes the blob unreadable).
// Layout: docs/vault.md. Pure functions of their inputs; thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/result.h"
#include "vault/keys.h"

namespace skykeep::vault {

struct SealedBlob {
  std::vector<std::byte> wrapped_key;  // nonce + the blob key sealed under the master key
  std::vector<std::byte> data;         // magic, stream header, length-prefixed chunks
};

// Streams data into a blob under a new key, in bounded memory: write() the data in pieces of
// any size, then finish(). Output receives the blob's bytes as they are produced. Not thread-safe.
class BlobWriter {
 public:
  using Sink = std::function<void(Bytes)>;
  // level: zstd's compression level (negative levels are its fastest).
  BlobWriter(const Key& master, Sink out, int level = kFastLevel);
  // zstd -1: on ULog and DataFlash it keeps 98% of level 3's saving at nearly three times its
  // speed; level 3 for small inputs and for MAVLink telemetry, whose packets compress poorly
  // (measured: docs/vault.md, "Blobs").
  static constexpr int kFastLevel = -1, kDenseLevel = 3;
  ~BlobWriter();
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;
  void write(Bytes data);
  // Ends the blob; returns the blob key sealed under the master key.
  std::vector<std::byte> finish();

 private:
  void compress(Bytes data, bool end);
  void push(bool final);

  Key master_, key_;
  Sink out_;
  void* zstd_;                    // ZSTD_CStream
  void* stream_;                  // crypto_secretstream_xchacha20poly1305_state
  std::vector<uint8_t> pending_;  // compressed bytes; [begin_, end_) not yet encrypted
  size_t begin_ = 0, end_ = 0;
  std::vector<uint8_t> cbuf_;
};

// Decrypts and decompresses a blob fed in pieces of any size, handing the plaintext to out as
// it is produced (bounded memory). out returns false to stop early. Not thread-safe.
class BlobReader {
 public:
  using Sink = std::function<bool(Bytes)>;
  // Errors (from feed/finish): PermissionDenied when the key does not open with master.
  BlobReader(const Key& master, Bytes wrapped_key, Sink out);
  ~BlobReader();
  BlobReader(const BlobReader&) = delete;
  BlobReader& operator=(const BlobReader&) = delete;
  // Errors: PermissionDenied (wrong master key, or a destroyed/other blob key), Corruption
  // (altered, reordered or damaged data). Sticky.
  Status feed(Bytes data);
  // Errors: Corruption when the blob ended early (truncated).
  Status finish();
  bool stopped() const { return stopped_; }

 private:
  void inflate(const uint8_t* p, size_t n);
  Sink out_;
  Key key_;
  Status status_;
  void* stream_ = nullptr;  // crypto_secretstream_xchacha20poly1305_state
  void* zstd_ = nullptr;    // ZSTD_DStream
  std::vector<uint8_t> buf_, chunk_;
  std::vector<std::byte> plain_;
  size_t zstd_left_ = 1, plain_total_ = 0;
  bool header_ = false, final_ = false, stopped_ = false;
};

// Compresses (zstd, kDenseLevel) and encrypts plaintext under a new key.
SealedBlob seal(const Key& master, Bytes plaintext);

// Decrypts and decompresses a whole blob held in memory. Errors as BlobReader.
Result<std::vector<std::byte>> open(const Key& master, Bytes wrapped_key, Bytes data);

// Streams the blob file at path through a BlobReader. Errors as BlobReader, and reading the file.
Status open_file(const Key& master, Bytes wrapped_key, const std::string& path,
                 const std::function<bool(Bytes)>& out);

}  // namespace skykeep::vault
