// C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys, and the transparency-log
// checkpoints (c2sp.org/tlog-checkpoint) they carry: origin, tree size and root hash. Verifier
// keys are written "name+keyid+base64(0x01 || public key)". Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "base/result.h"
#include "ledger/merkle.h"

namespace skykeep::ledger {

struct SigningKey {
  std::string name;  // also the checkpoints' origin
  std::array<uint8_t, 64> secret{};
  std::array<uint8_t, 32> pub{};
  ~SigningKey();
};

struct Verifier {
  std::string name;
  uint32_t id = 0;
  std::array<uint8_t, 32> pub{};
};

// A key from a 32-byte seed (the same seed, the same key).
SigningKey signing_key(const std::string& name, const uint8_t seed[32]);
// SHA-256(name || 0x0A || 0x01 || public key), its first four bytes big-endian.
uint32_t key_id(const std::string& name, const std::array<uint8_t, 32>& pub);
std::string verifier_key(const SigningKey& k);
// Errors: InvalidArgument when not a verifier key of an Ed25519 key.
Result<Verifier> parse_verifier_key(const std::string& text);

// text (ending in a newline) followed by a blank line and one signature line.
std::string sign_note(const std::string& text, const SigningKey& k);
// The note's text when a signature of v's over it verifies. Errors: InvalidArgument (not a
// signed note), PermissionDenied (no signature by this key, or one that does not verify).
Result<std::string> open_note(const std::string& note, const Verifier& v);

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
};
std::string checkpoint_text(const Checkpoint& c);
// Errors: InvalidArgument when the text is not a checkpoint.
Result<Checkpoint> parse_checkpoint(const std::string& text);

std::string base64(const uint8_t* p, size_t n);
// Errors: InvalidArgument.
Result<std::string> unbase64(const std::string& s);

}  // namespace skykeep::ledger
