// The vault's audit log: every command that touches the vault's flights appends one entry (what,
// which flights and logs, which recipient and policy, when, a hash of what left), kept in the
// catalog as the leaves of an RFC 6962 Merkle tree, with a checkpoint signed by the vault's
// Ed25519 key after each entry (docs/audit.md). Proofs verify offline, with the vault's verifier
// key alone. Thread-safe through the catalog mutex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "ledger/note.h"
#include "vault/vault.h"

struct sqlite3;

namespace skykeep::vault {

struct Action {
  std::string action;  // import, read, export, share, delete, policy, verify
  std::vector<int64_t> flights, logs;
  std::string recipient;
  std::string policy_sha256;  // hex, of the policy in force
  std::string egress_sha256;  // hex, of the bytes that left
  std::string detail_json;    // an object with whatever else the command records, or empty
};

// The vault's audit signing key (derived from the master key) and its verifier key text.
ledger::SigningKey audit_key(const Vault& v);
std::string audit_verifier(const Vault& v);

// Appends the entry and a new signed checkpoint. append_locked is for a caller already holding
// the catalog mutex and inside its own transaction.
Status append_audit(Vault& v, const Action& a);
Status append_audit_locked(Vault& v, const Action& a);

struct AuditEntry {
  uint64_t index = 0;
  std::string data;  // the entry's JSON, the leaf's bytes
};
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
