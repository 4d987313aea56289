// Encrypted blobs: data compressed with zstd and encrypted with a fresh key per blob
// (XChaCha20-Poly1305 secretstream, 64 KiB chunks); the blob key is returned wrapped under the
// master key, to be kept apart from the blob (destroying it makes the blob unreadable).
// Layout: docs/vault.md. Pure functions of their inputs; thread-safe.
#pragma once

#include <cstddef>
#include <vector>

#include "base/byte_reader.h"
#include "base/result.h"
#include "vault/keys.h"

namespace skykeep::vault {

struct SealedBlob {
  std::vector<std::byte> wrapped_key;  // nonce + the blob key sealed under the master key
  std::vector<std::byte> data;         // magic, stream header, length-prefixed chunks
};

// Compresses (zstd level 3) and encrypts plaintext under a new key.
SealedBlob seal(const Key& master, Bytes plaintext);

// Decrypts and decompresses. Errors: PermissionDenied (the key does not open: wrong master key
// or a destroyed/other blob key), Corruption (altered, truncated or reordered data).
Result<std::vector<std::byte>> open(const Key& master, Bytes wrapped_key, Bytes data);

}  // namespace skykeep::vault
