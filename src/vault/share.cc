#include "vault/share.h"

#include <sodium.h>

#include <chrono>
#include <cmath>
#include <mutex>

#include "analysis/export.h"
#include "analysis/recorder.h"
#include "base/hex.h"
#include "base/json_writer.h"
#include "base/sha256.h"
#include "base/utc.h"
#include "formats/capabilities.h"
#include "formats/writer.h"
#include "vault/audit_internal.h"
#include "vault/catalog.h"
#include "vault/read.h"

namespace skykeep::vault {
namespace {

// HMAC-SHA-256 of msg under one of the master key's subkeys.
std::array<uint8_t, 32> keyed(const Vault& v, Subkey which, std::string_view msg) {
  Key k = derive(v.master(), which);
  std::array<uint8_t, 32> out{};
  crypto_auth_hmacsha256(out.data(), reinterpret_cast<const uint8_t*>(msg.data()), msg.size(),
                         k.data());
  return out;
}

// The flight's summary as a recipient at "summary" levels may see it.
std::string summary_json(const FlightDetail& d, const privacy::Rules& r,
                         const privacy::Manifest& m) {
  using privacy::DataClass;
  using privacy::Level;
  const auto& rec = r.recipient;
  const auto& s = d.flight.summary;
  int64_t shift = rec.time_shift_s * 1000000;
  JsonWriter j(true);
  j.begin_object().key("flight").value("skykeep shared summary");
  Level id = rec.level(DataClass::kIdentity);
  j.key("vehicle");
  if (id == Level::kNone) {
    j.null();
  } else {
    j.begin_object()
        .key("type")
        .value(d.flight.vehicle_type)
        .key("autopilot")
        .value(d.flight.autopilot);
    if (id >= Level::kSummary)
      j.key("id").value(id == Level::kFull && !rec.pseudonyms
                            ? d.flight.vehicle_uid
                            : privacy::pseudonym(r.pseudonym_key, d.flight.vehicle_uid));
    j.end_object();
  }
  j.key("start_utc");
  if (s.utc_start_us && rec.level(DataClass::kTelemetry) >= Level::kSummary)
    j.value(format_utc(*s.utc_start_us + shift));
  else
    j.null();
  j.key("duration_s").value(std::round(s.duration_s));
  Level loc = rec.level(DataClass::kLocation);
  auto place = [&](const char* key, const std::optional<analysis::Point>& p) {
    j.key(key);
    bool hidden = !p || loc == Level::kNone || !r.exclusions.empty() || rec.relative_track;
    for (const auto& e : r.exclusions)
      if (p && e.contains(p->lat, p->lon)) hidden = true;
    if (hidden) {
      j.null();
      return;
    }
    privacy::LatLon g =
        privacy::snap_to_grid({p->lat, p->lon}, loc == Level::kFull ? 1 : rec.grid_m);
    j.begin_object().key("lat").value(g.lat).key("lon").value(g.lon).end_object();
  };
  place("takeoff", s.takeoff);
  place("landing", s.landing);
  j.key("distance_m");
  if (s.distance_m && loc >= Level::kSummary)
    j.value(std::round(*s.distance_m));
  else
    j.null();
  if (rec.level(DataClass::kTelemetry) >= Level::kSummary) {
    auto num = [&](const char* key, const std::optional<double>& v) {
      j.key(key);
      if (v)
        j.value(std::round(*v * 10) / 10);
      else
        j.null();
    };
    num("max_altitude_m", s.max_altitude_m);
    num("max_hspeed_mps", s.max_hspeed_mps);
    num("battery_start_pct", s.battery_start_pct);
    num("battery_end_pct", s.battery_end_pct);
    num("consumed_mah", s.consumed_mah);
    j.key("modes").begin_array();
    for (const auto& md : s.modes) j.value(md);
    j.end_array();
    j.key("event_kinds").begin_array();
    for (size_t k = 0; k < std::size(analysis::kEventKinds); ++k)
      if (d.flight.event_mask >> k & 1) j.value(analysis::kEventKinds[k]);
    j.end_array();
  }
  j.key("policy_sha256").value(m.policy_sha256).end_object();
  return j.str() + "\n";
}

}  // namespace

Result<privacy::Policy> load_policy(Vault& v) {
  auto stored = v.catalog().policy();
  if (!stored) return stored.error();
  return privacy::parse_policy(*stored ? (*stored)->text : std::string());
}

Status store_policy(Vault& v, const std::string& text) {
  auto p = privacy::parse_policy(text);
  if (!p) return p.error();
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  JsonWriter d;
  d.begin_object().key("recipients").begin_array();
  for (const auto& [n, r] : p->recipients) d.value(n);
  d.end_array().key("zones").value(static_cast<uint64_t>(p->zones.size())).end_object();
  // The policy and its audit entry in one transaction.
  return v.catalog().write([&]() -> Status {
    if (Status s = v.catalog().put_policy({text, p->sha256, now}); !s.ok()) return s;
    return append_entry(v, {"policy", {}, {}, "", p->sha256, "", d.str()});
  });
}

Result<privacy::Rules> share_rules(Vault& v, const privacy::Policy& p, const std::string& recipient,
                                   int64_t from_us, int64_t to_us,
                                   std::optional<int64_t> utc_offset_us) {
  auto rec = p.recipient(recipient);
  if (!rec) return rec.error();
  privacy::Rules r;
  r.recipient = *rec;
  r.from_us = from_us;
  r.to_us = to_us;
  r.utc_offset_us = utc_offset_us;
  // Pseudonyms: a key of this recipient's, so that its pseudonyms link to no one else's.
  r.pseudonym_key = keyed(v, Subkey::kPseudonyms, "recipient:" + recipient);
  // Zones: a secret of each zone's definition, chosen once (derived, so always the same).
  for (const auto& z : p.zones_for(*rec))
    r.exclusions.push_back(privacy::exclusion(z, keyed(v, Subkey::kZoneSecrets, z.canonical())));
  return r;
}

Result<privacy::Redacted> redact_flight(Vault& v, const FlightDetail& d,
                                        const privacy::Rules& rules,
                                        const formats::ReaderOptions& reader) {
  model::Log log;
  if (Status st = read_window(v, d.flight.log_id, rules.from_us, rules.to_us, reader, &log);
      !st.ok())
    return st;
  return privacy::redact(log, rules);
}

Result<Shared> share(Vault& v, const ShareRequest& req, Egress* out_file) {
  auto d = get_flight(v, req.flight);
  if (!d) return d.error();
  auto policy = load_policy(v);
  if (!policy) return policy.error();
  const auto& s = d->flight.summary;
  auto rules = share_rules(v, *policy, req.recipient, s.start_us, s.end_us, d->utc_offset_us);
  if (!rules) {
    // The refusal is on the record; one that cannot be recorded fails as that.
    if (Status st = record(v, {"share-refused",
                               {req.flight},
                               {d->flight.log_id},
                               req.recipient,
                               policy->sha256,
                               "",
                               "{\"reason\":\"no such recipient\"}"});
        !st.ok())
      return st;
    return rules.error();
  }
  auto redacted = redact_flight(v, *d, *rules, req.reader);
  if (!redacted) return redacted.error();
  privacy::Redacted& red = *redacted;
  red.manifest.policy_sha256 = policy->sha256;
  Shared out;
  auto text = [&](const std::string& t) {
    out.bytes.assign(reinterpret_cast<const std::byte*>(t.data()),
                     reinterpret_cast<const std::byte*>(t.data()) + t.size());
  };
  if (red.manifest.summary_only) {
    text(summary_json(*d, *rules, red.manifest));
    out.extension = ".json";
    red.manifest.topics.clear();
  } else if (req.as == "native") {
    // The log's own format where skykeep writes it, or what the format names as its native
    // copy (a DJI record: its CSV export columns); formats/capabilities.h.
    const formats::FormatInfo& own = formats::format_info(red.log.meta.format);
    const formats::FormatInfo& fi = formats::format_info(own.native_copy);
    if (!fi.write)
      return Status::InvalidArgument(std::string("skykeep cannot write ") + own.name +
                                     " logs: share this flight --as gpx, geojson or csv");
    auto bytes = formats::write_log(red.log, fi.format);
    if (!bytes) return bytes.error();
    out.bytes = std::move(*bytes);
    out.extension = fi.extension;
  } else {
    analysis::Signals sig = analysis::signals_of(red.log);
    auto flights = analysis::analyze(sig);
    analysis::Flight f;
    if (!flights.empty()) {
      f = flights.front();
    } else {
      f.summary.start_us = sig.first_us;
      f.summary.end_us = sig.last_us;
    }
    analysis::ExportInfo info{"skykeep shared flight", req.recipient, "shared"};
    if (req.as == "gpx")
      text(analysis::to_gpx(sig, f, info)), out.extension = ".gpx";
    else if (req.as == "geojson")
      text(analysis::to_geojson(sig, f, info)), out.extension = ".geojson";
    else if (req.as == "csv")
      text(analysis::to_csv(sig, f)), out.extension = ".csv";
    else
      return Status::InvalidArgument("--as takes native, gpx, geojson or csv");
  }
  Sha256 h;
  h.update(Bytes(out.bytes));
  red.manifest.bytes = out.bytes.size();
  red.manifest.output_sha256 = to_hex(h.finish());
  out.manifest = std::move(red.manifest);
  // On the record before anything leaves; a file is staged first and published after.
  if (Status st = record_egress(v,
                                {req.dry_run ? "preview" : "share",
                                 {req.flight},
                                 {d->flight.log_id},
                                 req.recipient,
                                 policy->sha256,
                                 out.manifest.output_sha256,
                                 out.manifest.json(false)},
                                out.extension, Bytes(out.bytes), req.dry_run ? nullptr : out_file);
      !st.ok())
    return st;
  return out;
}

}  // namespace skykeep::vault
