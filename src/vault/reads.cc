#include "vault/reads.h"

#include "base/json_writer.h"
#include "formats/log_sink.h"
#include "formats/window_sink.h"
#include "vault/audit_internal.h"
#include "vault/read.h"
#include "vault/share.h"

namespace skykeep::vault {
namespace {

std::string detail(const Via& via) {
  JsonWriter j;
  j.begin_object().key("command").value(via.command);
  if (!via.arguments.empty()) {
    j.key("arguments").begin_array();
    for (const auto& a : via.arguments) j.value(a);
    j.end_array();
  }
  return j.end_object().str();
}

Action read_of(const Via& via, std::vector<int64_t> flights, std::vector<int64_t> logs) {
  return {"read", std::move(flights), std::move(logs), "", "", "", detail(via)};
}

// Runs the query and records it in one transaction: the entry names what the query returned.
template <typename T, typename Query, typename Names>
Result<T> recorded(Vault& v, const Via& via, Query query, Names names) {
  std::optional<T> out;
  Status s = v.catalog().write([&]() -> Status {
    Result<T> r = query();
    if (!r) return r.error();
    out = std::move(*r);
    Action a = read_of(via, {}, {});
    names(*out, &a);
    return append_entry(v, a);
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

}  // namespace

Result<FlightList> list_flights(Vault& v, const Filter& f, const Via& via) {
  return recorded<FlightList>(
      v, via,
      [&]() -> Result<FlightList> {
        FlightList l;
        auto rows = v.catalog().find_flights(f, &l.more);
        if (!rows) return rows.error();
        l.flights = std::move(*rows);
        return l;
      },
      [](const FlightList& l, Action* a) {
        for (const auto& r : l.flights) a->flights.push_back(r.id);
      });
}

Result<FlightDetail> read_flight(Vault& v, int64_t id, const Via& via) {
  return recorded<FlightDetail>(
      v, via, [&] { return v.catalog().get_flight(id); },
      [](const FlightDetail& d, Action* a) {
        a->flights = {d.flight.id};
        a->logs = {d.flight.log_id};
      });
}

Result<Stats> read_stats(Vault& v, StatsBy by, const Via& via) {
  return recorded<Stats>(
      v, via, [&] { return v.catalog().stats(by); }, [](const Stats&, Action*) {});
}

Result<std::vector<VehicleRow>> read_vehicles(Vault& v, const Via& via) {
  return recorded<std::vector<VehicleRow>>(
      v, via, [&] { return v.catalog().vehicles(); }, [](const auto&, Action*) {});
}

Result<privacy::Policy> read_policy(Vault& v, const Via& via) {
  return recorded<privacy::Policy>(
      v, via, [&] { return load_policy(v); },
      [](const privacy::Policy& p, Action* a) { a->policy_sha256 = p.sha256; });
}

Status read_flight_window(Vault& v, const FlightDetail& d, const formats::ReaderOptions& reader,
                          model::Log* log, const Via& via) {
  const auto& s = d.flight.summary;
  if (Status st = read_window(v, d.flight.log_id, s.start_us, s.end_us, reader, log); !st.ok())
    return st;
  return record(v, read_of(via, {d.flight.id}, {d.flight.log_id}));
}

Status read_flight_original(Vault& v, const FlightRow& f, const formats::ReaderOptions& reader,
                            formats::Sink& sink, const Via& via) {
  if (Status st = read_original(v, f.log_id, reader, sink); !st.ok()) return st;
  return record(v, read_of(via, {f.id}, {f.log_id}));
}

Result<ShareExplanation> explain_share(Vault& v, int64_t flight, const std::string& recipient,
                                       const formats::ReaderOptions& reader, const Via& via) {
  ShareExplanation out;
  auto policy = load_policy(v);
  if (!policy) return policy.error();
  out.policy = std::move(*policy);
  auto d = v.catalog().get_flight(flight);
  if (!d) return d.error();
  out.flight = std::move(*d);
  const auto& s = out.flight.flight.summary;
  auto rules =
      share_rules(v, out.policy, recipient, s.start_us, s.end_us, out.flight.utc_offset_us);
  if (!rules) {
    out.denied = rules.error();
    return out;
  }
  out.rules = std::move(*rules);
  auto redacted = redact_flight(v, out.flight, out.rules, reader);
  if (!redacted) return redacted.error();
  out.redacted = std::move(*redacted);
  Action a = read_of(via, {flight}, {out.flight.flight.log_id});
  a.recipient = recipient;
  a.policy_sha256 = out.policy.sha256;
  if (Status st = record(v, a); !st.ok()) return st;
  return out;
}

}  // namespace skykeep::vault
