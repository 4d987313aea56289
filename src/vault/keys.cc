#include "vault/keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "base/file.h"

namespace skykeep::vault {
namespace {

// Key file: magic, mode, then for mode 1: salt, opslimit, memlimit, nonce and the sealed key.
constexpr char kMagic[8] = {'S', 'K', 'Y', 'K', 'E', 'Y', '1', '\0'};
constexpr uint8_t kPlain = 0, kWrapped = 1;
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kSalt = crypto_pwhash_SALTBYTES;

void init_sodium() {
  static const bool kSodiumReady = sodium_init() >= 0;
  if (!kSodiumReady) std::abort();
}

bool derive(const std::string& passphrase, const uint8_t* salt, uint64_t ops, uint64_t mem,
            Key* out) {
  return crypto_pwhash(out->data(), Key::kSize, passphrase.data(), passphrase.size(), salt, ops,
                       static_cast<size_t>(mem), crypto_pwhash_ALG_ARGON2ID13) == 0;
}

}  // namespace

Key::~Key() { sodium_memzero(bytes_.data(), bytes_.size()); }

Key Key::random() {
  init_sodium();
  Key k;
  randombytes_buf(k.bytes_.data(), k.bytes_.size());
  return k;
}

Result<Key> create_master_key(const std::string& path,
                              const std::optional<std::string>& passphrase) {
  init_sodium();
  Key master = Key::random();
  std::vector<uint8_t> file(kMagic, kMagic + sizeof kMagic);
  if (!passphrase) {
    file.push_back(kPlain);
    file.insert(file.end(), master.data(), master.data() + Key::kSize);
  } else {
    file.push_back(kWrapped);
    uint8_t salt[kSalt], nonce[kNonce];
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    uint64_t ops = crypto_pwhash_OPSLIMIT_MODERATE, mem = crypto_pwhash_MEMLIMIT_MODERATE;
    Key kek;
    if (!derive(*passphrase, salt, ops, mem, &kek))
      return Status::IOError("not enough memory to derive a key from the passphrase");
    uint8_t sealed[Key::kSize + kTag];
    unsigned long long n = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, &n, master.data(), Key::kSize, nullptr, 0,
                                               nullptr, nonce, kek.data());
    file.insert(file.end(), salt, salt + sizeof salt);
    for (uint64_t v : {ops, mem})
      for (int i = 0; i < 8; ++i) file.push_back(static_cast<uint8_t>(v >> (8 * i)));
    file.insert(file.end(), nonce, nonce + sizeof nonce);
    file.insert(file.end(), sealed, sealed + sizeof sealed);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string why = path + ": " + std::strerror(errno);
    return errno == EEXIST ? Status::InvalidArgument(why) : Status::IOError(why);
  }
  bool ok = ::write(fd, file.data(), file.size()) == static_cast<ssize_t>(file.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(file.data(), file.size());
  if (!ok) {
    ::unlink(path.c_str());
    return Status::IOError(path + ": cannot write the key file");
  }
  return master;
}

Result<Key> open_master_key(const std::string& path, const std::optional<std::string>& passphrase) {
  init_sodium();
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  const auto* b = reinterpret_cast<const uint8_t*>(bytes->data());
  size_t n = bytes->size();
  if (n < sizeof kMagic + 1 || std::memcmp(b, kMagic, sizeof kMagic) != 0)
    return Status::Corruption(path + ": not a skykeep key file");
  uint8_t mode = b[sizeof kMagic];
  const uint8_t* p = b + sizeof kMagic + 1;
  size_t left = n - sizeof kMagic - 1;
  Key master;
  if (mode == kPlain) {
    if (left != Key::kSize) return Status::Corruption(path + ": damaged key file");
    std::memcpy(master.data(), p, Key::kSize);
  } else if (mode == kWrapped) {
    if (left != kSalt + 16 + kNonce + Key::kSize + kTag)
      return Status::Corruption(path + ": damaged key file");
    if (!passphrase) return Status::PermissionDenied("the vault key is protected by a passphrase");
    uint64_t ops = 0, mem = 0;
    for (int i = 0; i < 8; ++i) ops |= uint64_t{p[kSalt + i]} << (8 * i);
    for (int i = 0; i < 8; ++i) mem |= uint64_t{p[kSalt + 8 + i]} << (8 * i);
    if (ops > crypto_pwhash_OPSLIMIT_SENSITIVE || mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
      return Status::Corruption(path + ": damaged key file");
    Key kek;
    if (!derive(*passphrase, p, ops, mem, &kek))
      return Status::IOError("not enough memory to derive a key from the passphrase");
    const uint8_t* nonce = p + kSalt + 16;
    unsigned long long out = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(master.data(), &out, nullptr, nonce + kNonce,
                                                   Key::kSize + kTag, nullptr, 0, nonce,
                                                   kek.data()) != 0)
      return Status::PermissionDenied("wrong passphrase");
  } else {
    return Status::Corruption(path + ": key file of an unknown kind");
  }
  sodium_memzero(bytes->data(), bytes->size());
  return master;
}

Key derive(const Key& master, Subkey which) {
  static constexpr const char* kContexts[] = {"", "catalog_", "auditlog", "pseudony", "zonesecr"};
  Key k;
  crypto_kdf_derive_from_key(k.data(), Key::kSize, static_cast<uint64_t>(which),
                             kContexts[static_cast<size_t>(which)], master.data());
  return k;
}

}  // namespace skykeep::vault
