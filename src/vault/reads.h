// The vault's reads that people see (the logbook, a flight, totals, vehicles, the policy, a
// share explained, a flight's original records): each answer is an entry on the audit record
// ("read", naming the flights and logs shown), committed before the answer is returned. A read
// that cannot be recorded fails. Lookups inside other operations use the catalog directly and
// are not entries (vault/catalog.h). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "formats/reader.h"
#include "formats/sink.h"
#include "model/log.h"
#include "privacy/policy.h"
#include "privacy/redact.h"
#include "vault/catalog.h"
#include "vault/vault.h"

namespace skykeep::vault {

// What a read came through, recorded in its entry's detail: the command or web route ("show",
// "ui flight") and, when they say what was asked, its arguments.
struct Via {
  Via(std::string c, std::vector<std::string> a = {})  // NOLINT: {"show"} reads well
      : command(std::move(c)), arguments(std::move(a)) {}
  std::string command;
  std::vector<std::string> arguments;
};

struct FlightList {
  std::vector<FlightRow> flights;
  bool more = false;  // others matched beyond the filter's limit
};

// Errors (nothing is recorded): the query's (as Catalog), and recording's (Busy, ReadOnly,
// NoSpace, IOError).
Result<FlightList> list_flights(Vault& v, const Filter& f, const Via& via);
Result<FlightDetail> read_flight(Vault& v, int64_t id, const Via& via);
Result<Stats> read_stats(Vault& v, StatsBy by, const Via& via);
Result<std::vector<VehicleRow>> read_vehicles(Vault& v, const Via& via);
// The policy in force (load_policy), with its SHA-256 on the record.
Result<privacy::Policy> read_policy(Vault& v, const Via& via);

// The flight's records from its original log (vault::read_window over the flight), into *log.
Status read_flight_window(Vault& v, const FlightDetail& d, const formats::ReaderOptions& reader,
                          model::Log* log, const Via& via);
// The flight's original log streamed through sink (vault::read_original), recorded as a read of
// the flight.
Status read_flight_original(Vault& v, const FlightRow& f, const formats::ReaderOptions& reader,
                            formats::Sink& sink, const Via& via);

// What the policy decides for one flight and recipient (skykeep policy check): the rules, and
// what a share would hold. A recipient the policy does not name is no error: `denied` says why,
// and nothing is recorded (nothing of the flight is shown). Otherwise recorded as a read with
// the recipient and policy. Errors: NotFound, the reading's and recording's.
struct ShareExplanation {
  FlightDetail flight;
  privacy::Policy policy;
  std::optional<Status> denied;
  privacy::Rules rules;
  privacy::Redacted redacted;
};
Result<ShareExplanation> explain_share(Vault& v, int64_t flight, const std::string& recipient,
                                       const formats::ReaderOptions& reader, const Via& via);

}  // namespace skykeep::vault
