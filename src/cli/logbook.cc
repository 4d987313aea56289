// The logbook on the command line:
//   skykeep flights [--since T --until T --vehicle V --min-duration D --max-duration D
//                    --near LAT,LON,RADIUS_M --bbox MINLAT,MINLON,MAXLAT,MAXLON --event KIND
//                    --text WORDS --limit N] [--json]
//   skykeep show FLIGHT [--json]
//   skykeep stats [--by vehicle|month] [--json]
//   skykeep vehicles [--json]
#include <cstdio>
#include <string>

#include "base/utc.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "present/present.h"
#include "vault/catalog.h"
#include "vault/reads.h"

namespace skykeep::cli {
using namespace present;
namespace {

Result<vault::Filter> filter_of(const Parsed& p) {
  vault::Filter f;
  auto bad = [](const std::string& why) { return Status::InvalidArgument(why); };
  if (auto v = p.get("--since")) {
    auto t = parse_utc(*v);
    if (!t) return bad("--since takes a UTC date or time like 2026-05-01 or 2026-05-01T10:00:00Z");
    f.since_us = *t;
  }
  if (auto v = p.get("--until")) {
    auto t = parse_utc_until(*v);
    if (!t) return bad("--until takes a UTC date or time like 2026-05-31 or 2026-05-31T18:00:00Z");
    f.until_us = *t;
  }
  if (auto v = p.get("--vehicle")) f.vehicle = *v;
  if (auto v = p.get("--min-duration")) {
    f.min_duration_s = parse_duration(*v);
    if (!f.min_duration_s) return bad("--min-duration takes a duration like 90, 90s, 5m or 1h30m");
  }
  if (auto v = p.get("--max-duration")) {
    f.max_duration_s = parse_duration(*v);
    if (!f.max_duration_s) return bad("--max-duration takes a duration like 90, 90s, 5m or 1h30m");
  }
  if (auto v = p.get("--near")) {
    auto n = parse_numbers(*v, 3);
    if (!n || std::abs((*n)[0]) > 90 || std::abs((*n)[1]) > 180 || (*n)[2] <= 0)
      return bad("--near takes LAT,LON,RADIUS_M (degrees and metres)");
    f.near = vault::Filter::Near{(*n)[0], (*n)[1], (*n)[2]};
  }
  if (auto v = p.get("--bbox")) {
    auto n = parse_numbers(*v, 4);
    if (!n || (*n)[0] > (*n)[2] || (*n)[1] > (*n)[3])
      return bad("--bbox takes MINLAT,MINLON,MAXLAT,MAXLON (degrees)");
    f.bbox = vault::Filter::Box{(*n)[0], (*n)[1], (*n)[2], (*n)[3]};
  }
  if (auto v = p.get("--event")) {
    if (analysis::event_kind_index(*v) < 0) {
      std::string kinds;
      for (const char* k : analysis::kEventKinds)
        kinds += (kinds.empty() ? "" : ", ") + std::string(k);
      return bad("--event takes one of " + kinds);
    }
    f.event = *v;
  }
  if (auto v = p.get("--text")) f.text = *v;
  if (auto v = p.get("--limit")) {
    auto n = parse_number(*v);
    if (!n || *n < 0 || *n != static_cast<double>(static_cast<int64_t>(*n)))
      return bad("--limit takes a whole number (0: all)");
    f.limit = *n == 0 ? SIZE_MAX - 1 : static_cast<size_t>(*n);
  }
  return f;
}

// The arguments that say what was asked (not where the vault is), for the read's entry.
std::vector<std::string> asked(const Args& args) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--vault" || args[i] == "--passphrase-file") {
      ++i;
      continue;
    }
    out.push_back(args[i]);
  }
  return out;
}

std::string opt_num(const std::optional<double>& v, const char* fmt) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, *v);
  return buf;
}

}  // namespace

int flights(const Args& args) {
  Parsed p(args,
           {"--since", "--until", "--vehicle", "--min-duration", "--max-duration", "--near",
            "--bbox", "--event", "--text", "--limit"},
           {"--json"});
  if (!p.status().ok()) return fail("flights", p.status());
  if (!p.positional().empty())
    return fail("flights", Status::InvalidArgument("unexpected " + p.positional()[0]));
  auto f = filter_of(p);
  if (!f) return fail("flights", f.error());
  auto v = open_vault(args);
  if (!v) return fail("flights", v.error());
  auto list = vault::list_flights(**v, *f, {"flights", asked(args)});
  if (!list) return fail("flights", list.error());
  const auto* rows = &list->flights;
  bool more = list->more;
  if (p.has("--json")) {
    JsonWriter j(true);
    j.begin_object().key("flights").begin_array();
    for (const auto& r : *rows) flight_json(j, r);
    j.end_array().key("more").value(more).end_object();
    std::printf("%s\n", j.str().c_str());
    return 0;
  }
  if (rows->empty()) {
    std::printf("no flights match\n");
    return 0;
  }
  std::printf("%6s  %-20s  %8s  %9s  %7s  %-24s  %s\n", "FLIGHT", "START (UTC)", "DURATION",
              "DISTANCE", "MAX ALT", "VEHICLE", "EVENTS");
  for (const auto& r : *rows) {
    const auto& s = r.summary;
    std::string start = s.utc_start_us ? utc_iso(*s.utc_start_us) : "unknown";
    std::string vehicle = shown(r.vehicle_uid);
    if (vehicle.size() > 24) {  // cut on a character's first byte
      size_t cut = 23;
      while (cut > 0 && (static_cast<unsigned char>(vehicle[cut]) & 0xC0) == 0x80) --cut;
      vehicle = vehicle.substr(0, cut) + "~";
    }
    std::string events =
        r.warnings ? std::to_string(r.warnings) + " warning" + (r.warnings > 1 ? "s" : "") : "";
    std::printf("%6lld  %-20s  %8s  %9s  %7s  %-24s  %s\n", static_cast<long long>(r.id),
                start.c_str(), duration_text(s.duration_s).c_str(),
                opt_num(s.distance_m ? std::optional<double>(*s.distance_m / 1000) : std::nullopt,
                        "%.2f km")
                    .c_str(),
                opt_num(s.max_altitude_m, "%.0f m").c_str(), vehicle.c_str(), events.c_str());
  }
  if (more) std::printf("(more flights match: --limit N shows more, --limit 0 all)\n");
  return 0;
}

int show(const Args& args) {
  Parsed p(args, {}, {"--json"});
  if (!p.status().ok()) return fail("show", p.status());
  if (p.positional().size() != 1)
    return fail("show", Status::InvalidArgument("show takes one flight number"));
  auto id = parse_id(p.positional()[0]);
  if (!id)
    return fail("show",
                Status::InvalidArgument("'" + p.positional()[0] + "' is not a flight number"));
  auto v = open_vault(args);
  if (!v) return fail("show", v.error());
  auto d = vault::read_flight(**v, *id, {"show", {}});
  if (!d) return fail("show", d.error());
  const auto& f = d->flight;
  const auto& s = f.summary;
  if (p.has("--json")) {
    JsonWriter j(true);
    j.begin_object().key("flight");
    flight_json(j, f);
    j.key("log_sha256").value(d->log_sha256).key("log_corrupt").value(d->log_corrupt);
    sources_json(j, d->sources);
    j.key("events").begin_array();
    for (const auto& e : d->events) event_json(j, e, s, d->utc_offset_us);
    j.end_array().end_object();
    std::printf("%s\n", j.str().c_str());
    return 0;
  }
  std::printf("Flight %lld: flight %d of %s (%s, log %lld)%s\n", static_cast<long long>(f.id),
              f.seq, shown(f.log_name).c_str(), f.format.c_str(), static_cast<long long>(f.log_id),
              d->log_corrupt ? ", read with recovered corruption" : "");
  if (d->sources.size() > 1) {
    std::string also;
    for (size_t i = 1; i < d->sources.size(); ++i)
      also += (also.empty() ? "" : ", ") + shown(d->sources[i].name) + " (" + d->sources[i].format +
              ", log " + std::to_string(d->sources[i].log_id) + ")";
    std::printf("  also from     %s\n", also.c_str());
  }
  std::printf("  vehicle       %s, %s, %s %s\n", shown(f.vehicle_uid).c_str(),
              f.vehicle_type.empty() ? "type unknown" : shown(f.vehicle_type).c_str(),
              shown(f.autopilot).c_str(), shown(f.firmware).c_str());
  if (s.utc_start_us)
    std::printf("  time          %s to %s\n", utc_iso(*s.utc_start_us).c_str(),
                utc_iso(*s.utc_end_us).c_str());
  else
    std::printf("  time          UTC unknown (the log carries no GPS time)\n");
  std::printf("  duration      %s armed%s\n", duration_text(s.duration_s).c_str(),
              s.ended_armed ? " (the log ends while armed)" : "");
  auto where = [](const std::optional<analysis::Point>& pt) {
    if (!pt) return std::string("-");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f, %.6f", pt->lat, pt->lon);
    return std::string(buf);
  };
  std::printf("  takeoff       %s\n", s.took_off ? where(s.takeoff).c_str() : "none detected");
  std::printf("  landing       %s\n", s.landing_us ? where(s.landing).c_str() : "none detected");
  std::printf("  max altitude  %s above takeoff\n", opt_num(s.max_altitude_m, "%.1f m").c_str());
  std::printf("  max speed     %s horizontal, %s vertical\n",
              opt_num(s.max_hspeed_mps, "%.1f m/s").c_str(),
              opt_num(s.max_vspeed_mps(), "%.1f m/s").c_str());
  std::printf(
      "  distance      %s\n",
      opt_num(s.distance_m ? std::optional<double>(*s.distance_m / 1000) : std::nullopt, "%.2f km")
          .c_str());
  std::printf(
      "  battery       %s -> %s, %s used, lowest %s%s\n",
      opt_num(s.battery_start_pct, "%.0f%%").c_str(), opt_num(s.battery_end_pct, "%.0f%%").c_str(),
      opt_num(s.consumed_mah, "%.0f mAh").c_str(), opt_num(s.min_voltage_v, "%.2f V").c_str(),
      f.battery_serial.empty() ? "" : (", pack " + shown(f.battery_serial)).c_str());
  std::string modes;
  for (const auto& m : s.modes) modes += (modes.empty() ? "" : ", ") + m;
  std::printf("  modes         %s\n", modes.empty() ? "-" : shown(modes).c_str());
  std::printf("events (%zu)\n", d->events.size());
  for (const auto& e : d->events) {
    std::string when = d->utc_offset_us
                           ? utc_iso_ms(e.t + *d->utc_offset_us).substr(11, 12)
                           : "+" + opt_num(static_cast<double>(e.t - s.start_us) / 1e6, "%.2f s");
    std::printf("  %-12s  %-8s  %-17s  %s  [%s]\n", when.c_str(),
                analysis::severity_name(e.severity), shown(e.kind).c_str(),
                shown(e.message).c_str(), shown(evidence_text(e)).c_str());
  }
  return 0;
}

int stats(const Args& args) {
  Parsed p(args, {"--by"}, {"--json"});
  if (!p.status().ok()) return fail("stats", p.status());
  std::string by = p.get("--by").value_or("vehicle");
  if (by != "vehicle" && by != "month")
    return fail("stats", Status::InvalidArgument("--by takes vehicle or month"));
  if (!p.positional().empty())
    return fail("stats", Status::InvalidArgument("unexpected " + p.positional()[0]));
  auto v = open_vault(args);
  if (!v) return fail("stats", v.error());
  auto st = vault::read_stats(
      **v, by == "vehicle" ? vault::StatsBy::kVehicle : vault::StatsBy::kMonth, {"stats", {}});
  if (!st) return fail("stats", st.error());
  if (p.has("--json")) {
    JsonWriter j(true);
    auto row = [&](const vault::StatRow& r) {
      j.begin_object().key(by).value(r.key).key("flights").value(r.flights);
      j.key("hours").value(r.hours).key("distance_km").value(r.distance_km).end_object();
    };
    j.begin_object().key("by").value(by).key("rows").begin_array();
    for (const auto& r : st->rows) row(r);
    j.end_array().key("total");
    row(st->total);
    j.key("batteries").begin_array();
    for (const auto& b : st->batteries) {
      j.begin_object().key("serial").value(b.serial).key("cycles").value(b.cycles).key(
          "min_voltage_v");
      if (b.min_voltage_v)
        j.value(*b.min_voltage_v);
      else
        j.null();
      j.end_object();
    }
    j.end_array().end_object();
    std::printf("%s\n", j.str().c_str());
    return 0;
  }
  std::printf("%-32s  %7s  %8s  %11s\n", by == "vehicle" ? "VEHICLE" : "MONTH", "FLIGHTS", "HOURS",
              "DISTANCE");
  for (const auto& r : st->rows)
    std::printf("%-32s  %7lld  %8.2f  %8.1f km\n", shown(r.key).c_str(),
                static_cast<long long>(r.flights), r.hours, r.distance_km);
  std::printf("%-32s  %7lld  %8.2f  %8.1f km\n", "total", static_cast<long long>(st->total.flights),
              st->total.hours, st->total.distance_km);
  if (!st->batteries.empty()) {
    std::printf("\n%-32s  %7s  %s\n", "BATTERY", "CYCLES", "LOWEST VOLTAGE");
    for (const auto& b : st->batteries)
      std::printf("%-32s  %7lld  %s\n", shown(b.serial).c_str(), static_cast<long long>(b.cycles),
                  opt_num(b.min_voltage_v, "%.2f V").c_str());
  }
  return 0;
}

int vehicles(const Args& args) {
  Parsed p(args, {}, {"--json"});
  if (!p.status().ok()) return fail("vehicles", p.status());
  if (!p.positional().empty())
    return fail("vehicles", Status::InvalidArgument("unexpected " + p.positional()[0]));
  auto v = open_vault(args);
  if (!v) return fail("vehicles", v.error());
  auto rows = vault::read_vehicles(**v, {"vehicles", {}});
  if (!rows) return fail("vehicles", rows.error());
  if (p.has("--json")) {
    JsonWriter j(true);
    j.begin_object().key("vehicles").begin_array();
    for (const auto& r : *rows) {
      j.begin_object().key("id").value(r.id).key("uid").value(r.uid).key("type").value(r.type);
      j.key("autopilot")
          .value(r.autopilot)
          .key("hardware")
          .value(r.hardware)
          .key("firmware")
          .value(r.firmware);
      j.key("logs").value(r.logs).key("flights").value(r.flights).key("hours").value(r.hours);
      j.key("first_flight_utc");
      if (r.first_us)
        j.value(utc_iso(*r.first_us));
      else
        j.null();
      j.key("last_flight_utc");
      if (r.last_us)
        j.value(utc_iso(*r.last_us));
      else
        j.null();
      j.end_object();
    }
    j.end_array().end_object();
    std::printf("%s\n", j.str().c_str());
    return 0;
  }
  if (rows->empty()) {
    std::printf("no vehicles yet: import some logs\n");
    return 0;
  }
  std::printf("%3s  %-32s  %-12s  %-10s  %-14s  %7s  %7s  %s\n", "#", "VEHICLE", "TYPE",
              "AUTOPILOT", "FIRMWARE", "FLIGHTS", "HOURS", "LAST FLIGHT");
  for (const auto& r : *rows)
    std::printf("%3lld  %-32s  %-12s  %-10s  %-14s  %7lld  %7.2f  %s\n",
                static_cast<long long>(r.id), shown(r.uid).c_str(), shown(r.type).c_str(),
                shown(r.autopilot).c_str(), shown(r.firmware).c_str(),
                static_cast<long long>(r.flights), r.hours,
                r.last_us ? utc_iso(*r.last_us).c_str() : "-");
  return 0;
}

}  // namespace skykeep::cli
