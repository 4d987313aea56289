// The vault's audit log: every vault operation that touches the vault's flights appends one entry
// (who, what, which flights and logs, which recipient and policy, when, a hash of what left) in
// the same transaction as its change (vault/audit_internal.h), kept in the catalog as the leaves
// of an RFC 6962 Merkle tree, with a checkpoint signed by the vault's Ed25519 key after each entry
// (docs/audit.md). This header reads, verifies and proves it; proofs verify offline, with the
// vault's verifier key alone. Thread-safe (through the catalog).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "ledger/note.h"
#include "vault/catalog.h"
#include "vault/vault.h"

namespace skykeep::vault {

// The vault's audit signing key (derived from the master key) and its verifier key text.
ledger::SigningKey audit_key(const Vault& v);
std::string audit_verifier(const Vault& v);

// Every entry, in order (AuditEntry: vault/catalog.h).
Result<std::vector<AuditEntry>> audit_entries(Vault& v);
// The latest signed checkpoint note (empty text for an empty log).
Result<std::string> latest_checkpoint(Vault& v);

struct AuditCheck {
  uint64_t entries = 0;
  std::vector<std::string> problems;  // empty when the log is intact
};
// Recomputes the tree from every entry and checks it against the latest signed checkpoint and,
// when given, a checkpoint kept elsewhere (which must be a prefix of today's log).
Result<AuditCheck> verify_audit(Vault& v, const std::optional<std::string>& kept_checkpoint);

// Proof files: an entry's inclusion in the latest checkpoint, and the latest checkpoint's
// consistency with an older one. Errors: NotFound (no such entry), InvalidArgument (the old
// checkpoint is not this vault's, or not a prefix of the log).
Result<std::string> inclusion_proof_file(Vault& v, uint64_t index);
Result<std::string> consistency_proof_file(Vault& v, const std::string& old_checkpoint);

// Checks a proof file with nothing but the verifier key; returns what it proves, one line.
// Errors: InvalidArgument (not a proof file), PermissionDenied (a signature or proof fails).
Result<std::string> check_proof_file(const std::string& file, const ledger::Verifier& key);

}  // namespace skykeep::vault
