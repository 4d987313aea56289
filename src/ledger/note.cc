#include "ledger/note.h"

#include <sodium.h>

#include <charconv>
#include <cstring>

#include "base/sha256.h"

namespace skykeep::ledger {
namespace {

constexpr uint8_t kEd25519 = 0x01;
constexpr const char* kDash = "\xE2\x80\x94";  // U+2014 em dash

// Key names: non-empty, no spaces, no plus signs, no control characters.
bool good_name(const std::string& n) {
  if (n.empty()) return false;
  for (unsigned char c : n)
    if (c <= 0x20 || c == '+') return false;
  return true;
}

}  // namespace

SigningKey::~SigningKey() { sodium_memzero(secret.data(), secret.size()); }

std::string base64(const uint8_t* p, size_t n) {
  std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), p, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> unbase64(const std::string& s) {
  std::string out(s.size(), '\0');
  size_t n = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), s.data(),
                        s.size(), nullptr, &n, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return Status::InvalidArgument("not base64");
  out.resize(n);
  return out;
}

SigningKey signing_key(const std::string& name, const uint8_t seed[32]) {
  SigningKey k;
  k.name = name;
  crypto_sign_seed_keypair(k.pub.data(), k.secret.data(), seed);
  return k;
}

uint32_t key_id(const std::string& name, const std::array<uint8_t, 32>& pub) {
  Sha256 h;
  h.update(as_bytes(name));
  const std::byte sep[2] = {std::byte{0x0A}, std::byte{kEd25519}};
  h.update(Bytes(sep, 2));
  h.update(Bytes(reinterpret_cast<const std::byte*>(pub.data()), pub.size()));
  auto d = h.finish();
  return uint32_t{d[0]} << 24 | uint32_t{d[1]} << 16 | uint32_t{d[2]} << 8 | d[3];
}

std::string verifier_key(const SigningKey& k) {
  char id[9];
  std::snprintf(id, sizeof id, "%08x", key_id(k.name, k.pub));
  uint8_t typed[33];
  typed[0] = kEd25519;
  std::memcpy(typed + 1, k.pub.data(), 32);
  return k.name + "+" + id + "+" + base64(typed, sizeof typed);
}

Result<Verifier> parse_verifier_key(const std::string& text) {
  size_t a = text.find('+'), b = a == std::string::npos ? a : text.find('+', a + 1);
  if (b == std::string::npos) return Status::InvalidArgument("not a verifier key (name+id+key)");
  Verifier v;
  v.name = text.substr(0, a);
  std::string id = text.substr(a + 1, b - a - 1);
  auto key = unbase64(text.substr(b + 1));
  if (!good_name(v.name) || id.size() != 8 || !key || key->size() != 33 ||
      static_cast<uint8_t>((*key)[0]) != kEd25519)
    return Status::InvalidArgument("not a verifier key of an Ed25519 key");
  std::memcpy(v.pub.data(), key->data() + 1, 32);
  auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), v.id, 16);
  if (ec != std::errc() || p != id.data() + id.size() || v.id != key_id(v.name, v.pub))
    return Status::InvalidArgument("the verifier key's id does not match its key");
  return v;
}

std::string sign_note(const std::string& text, const SigningKey& k) {
  uint8_t sig[4 + crypto_sign_BYTES];
  uint32_t id = key_id(k.name, k.pub);
  sig[0] = static_cast<uint8_t>(id >> 24), sig[1] = static_cast<uint8_t>(id >> 16);
  sig[2] = static_cast<uint8_t>(id >> 8), sig[3] = static_cast<uint8_t>(id);
  crypto_sign_detached(sig + 4, nullptr, reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                       k.secret.data());
  return text + "\n" + kDash + " " + k.name + " " + base64(sig, sizeof sig) + "\n";
}

Result<std::string> open_note(const std::string& note, const Verifier& v) {
  // The text ends at the last blank line; signature lines follow it.
  size_t split = note.rfind("\n\n");
  if (split == std::string::npos || note.empty() || note.back() != '\n')
    return Status::InvalidArgument("not a signed note");
  for (unsigned char c : note)
    if (c < 0x20 && c != '\n')
      return Status::InvalidArgument("not a signed note (control characters)");
  std::string text = note.substr(0, split + 1);
  std::string sigs = note.substr(split + 2);
  bool known = false;
  size_t at = 0;
  while (at < sigs.size()) {
    size_t end = sigs.find('\n', at);
    if (end == std::string::npos) return Status::InvalidArgument("not a signed note");
    std::string line = sigs.substr(at, end - at);
    at = end + 1;
    std::string prefix = std::string(kDash) + " ";
    if (line.rfind(prefix, 0) != 0)
      return Status::InvalidArgument("not a signed note (signature line)");
    size_t sp = line.find(' ', prefix.size());
    if (sp == std::string::npos)
      return Status::InvalidArgument("not a signed note (signature line)");
    std::string name = line.substr(prefix.size(), sp - prefix.size());
    auto sig = unbase64(line.substr(sp + 1));
    if (!sig || sig->size() < 4) return Status::InvalidArgument("not a signed note (signature)");
    auto* s = reinterpret_cast<const uint8_t*>(sig->data());
    uint32_t id = uint32_t{s[0]} << 24 | uint32_t{s[1]} << 16 | uint32_t{s[2]} << 8 | s[3];
    if (name != v.name || id != v.id) continue;  // another key's signature
    known = true;
    if (sig->size() != 4 + crypto_sign_BYTES ||
        crypto_sign_verify_detached(s + 4, reinterpret_cast<const uint8_t*>(text.data()),
                                    text.size(), v.pub.data()) != 0)
      return Status::PermissionDenied("the note's signature by " + v.name + " does not verify");
  }
  if (!known) return Status::PermissionDenied("the note carries no signature by " + v.name);
  return text;
}

std::string checkpoint_text(const Checkpoint& c) {
  return c.origin + "\n" + std::to_string(c.size) + "\n" + base64(c.root.data(), c.root.size()) +
         "\n";
}

Result<Checkpoint> parse_checkpoint(const std::string& text) {
  Checkpoint c;
  size_t a = text.find('\n'), b = a == std::string::npos ? a : text.find('\n', a + 1),
         e = b == std::string::npos ? b : text.find('\n', b + 1);
  if (e == std::string::npos) return Status::InvalidArgument("not a checkpoint");
  c.origin = text.substr(0, a);
  std::string size = text.substr(a + 1, b - a - 1);
  auto [p, ec] = std::from_chars(size.data(), size.data() + size.size(), c.size);
  auto root = unbase64(text.substr(b + 1, e - b - 1));
  if (c.origin.empty() || ec != std::errc() || p != size.data() + size.size() || !root ||
      root->size() != 32)
    return Status::InvalidArgument("not a checkpoint");
  std::memcpy(c.root.data(), root->data(), 32);
  return c;
}

}  // namespace skykeep::ledger
