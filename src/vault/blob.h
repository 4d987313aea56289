// Encrypted blobs: data compressed with zstd and encrypted with a fresh key per blob
// (XChaCha20-Poly1305 secretstream, 64 KiB chunks); the blob key is returned wrapped under the
// master key, to be kept apart from the blob (destroying it makes the blob unreadable).
// Layout: docs/vault.md. Pure functions of their inputs; thread-safe.
#pragma once

#include <cstddef>
#include <functional>
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
  BlobWriter(const Key& master, Sink out);
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
  void* zstd_;                   // ZSTD_CStream
  void* stream_;                 // crypto_secretstream_xchacha20poly1305_state
  std::vector<uint8_t> pending_;  // compressed bytes not yet encrypted (at most one chunk)
  std::vector<uint8_t> zbuf_;
  std::vector<uint8_t> cbuf_;
};

// Compresses (zstd level 3) and encrypts plaintext under a new key.
SealedBlob seal(const Key& master, Bytes plaintext);

// Decrypts and decompresses. Errors: PermissionDenied (the key does not open: wrong master key
// or a destroyed/other blob key), Corruption (altered, truncated or reordered data).
Result<std::vector<std::byte>> open(const Key& master, Bytes wrapped_key, Bytes data);

}  // namespace skykeep::vault
