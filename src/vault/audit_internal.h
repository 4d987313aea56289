// Appending to the audit log, for the vault's operations alone: each appends the entry of what it
// did inside the same Catalog::write() as its change, so that both commit or neither does
// (docs/audit.md). Callers outside src/vault/ never write entries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/status.h"
#include "vault/egress.h"
#include "vault/vault.h"

namespace skykeep::vault {

struct Action {
  std::string
      action;  // import, read, export, share, preview, share-refused, delete, policy, verify
  std::vector<int64_t> flights, logs;
  std::string recipient;
  std::string policy_sha256;  // hex, of the policy in force
  std::string egress_sha256;  // hex, of the bytes that left
  std::string detail_json;    // an object with whatever else the operation records, or empty
};

// Appends the entry (with the vault's actor and the time) and a new signed checkpoint. Must run
// inside v.catalog().write(); errors are the catalog's, and fail the caller's transaction.
Status append_entry(Vault& v, const Action& a);

// The same in a transaction of its own, for an operation whose only change is its entry (a read,
// a refusal). Errors: the catalog's (Busy, ReadOnly, NoSpace, IOError).
Status record(Vault& v, const Action& a);

// Records bytes that leave and hands them to out in the order Egress requires: staged, entry
// committed, published (or, for an immediate out, entry committed, then written). Without out
// the entry alone is recorded (the caller hands the bytes on after this returns). On an error
// before the entry is committed, nothing is recorded and nothing is published.
Status record_egress(Vault& v, const Action& a, std::string_view extension, Bytes bytes,
                     Egress* out);

}  // namespace skykeep::vault
