// Sharing a flight: the operator's policy (kept encrypted in the catalog) decides what a
// recipient receives; the original is read, redacted (privacy/redact.h) and written in the
// requested form; every share, preview and refusal is on the audit record with its manifest.
// Thread-safe through the catalog mutex.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "formats/reader.h"
#include "privacy/policy.h"
#include "privacy/redact.h"
#include "vault/catalog.h"
#include "vault/egress.h"
#include "vault/vault.h"

namespace skykeep::vault {

// The vault's policy; a policy naming no one (everything denied) when there is none yet. A
// lookup, not on the audit record (read_policy in vault/reads.h is).
Result<privacy::Policy> load_policy(Vault& v);
// Checks and stores a new policy, with its audit entry in the same transaction. Errors:
// InvalidArgument (the policy does not parse), the catalog's (Busy, ReadOnly, NoSpace, IOError);
// on any error nothing changes.
Status store_policy(Vault& v, const std::string& text);

struct ShareRequest {
  int64_t flight = 0;
  std::string recipient;
  std::string as = "native";  // native, gpx, geojson, csv
  bool dry_run = false;
  formats::ReaderOptions reader;
};

struct Shared {
  privacy::Manifest manifest;
  std::vector<std::byte> bytes;  // what leaves (also computed for a dry run, never written)
  std::string extension;         // ".ulg", ".bin", ".tlog", ".gpx", ".geojson", ".csv", ".json"
};

// The rules for a recipient and a flight: its zones' exclusion disks from the vault's secrets,
// its pseudonym key. Errors: PermissionDenied when the policy names no such recipient.
Result<privacy::Rules> share_rules(Vault& v, const privacy::Policy& p, const std::string& recipient,
                                   int64_t from_us, int64_t to_us,
                                   std::optional<int64_t> utc_offset_us);

// Reads the flight's part of its original log (the flight's records, and the parameters set
// before it: memory in proportion to the flight, not the log) and redacts it by the rules.
Result<privacy::Redacted> redact_flight(Vault& v, const FlightDetail& d,
                                        const privacy::Rules& rules,
                                        const formats::ReaderOptions& reader);

// Builds the share and records it (action "share", or "preview" for a dry run; a refusal is
// recorded as "share-refused"). With out (and not a dry run), the bytes also go to out in the
// order vault::Egress sets: staged, the entry committed, published. Without it the entry is
// committed before this returns the bytes. Errors: NotFound, PermissionDenied (the policy
// denies it all), out's, and recording's (then nothing is published).
Result<Shared> share(Vault& v, const ShareRequest& r, Egress* out = nullptr);

}  // namespace skykeep::vault
