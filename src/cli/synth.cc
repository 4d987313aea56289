// skykeep synth --format ulog|dataflash|tlog -o FILE [--force] [--seed N] [--size SIZE] [--flights
// N]
//               [--lat DEG --lon DEG] [--start UTC] [--vehicle SERIAL] [--passes N] [--clean]
//               [--fault gps-jamming|gps-spoofing|gps-no-fix|low-battery|vibration|crash]...
#include "synth/synth.h"

#include <charconv>
#include <cstdio>
#include <string>

#include "base/file.h"
#include "base/utc.h"
#include "cli/commands.h"

namespace skykeep::cli {
namespace {

bool parse_double(const std::string& s, double* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Result<model::Format> parse_format(const std::string& s) {
  if (s == "ulog") return model::Format::kULog;
  if (s == "dataflash" || s == "bin") return model::Format::kDataFlash;
  if (s == "tlog") return model::Format::kTlog;
  if (s == "dji" || s == "dji_csv") return model::Format::kDjiCsv;  // a CSV export
  return Status::InvalidArgument("unknown format '" + s + "' (ulog, dataflash, tlog or dji)");
}

int synth(const Args& args) {
  synth::Options o;
  std::string out;
  bool force = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    auto bad = [&](const std::string& why) { return fail("synth", Status::InvalidArgument(why)); };
    if (a == "--clean") {
      o.warnings = false;
      continue;
    }
    if (a == "--force") {
      force = true;
      continue;
    }
    const std::string* v = value();
    if (!v) return bad(a + " needs a value");
    if (a == "--format") {
      auto f = parse_format(*v);
      if (!f) return fail("synth", f.error());
      o.format = *f;
    } else if (a == "-o" || a == "--output") {
      out = *v;
    } else if (a == "--seed") {
      auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), o.seed);
      if (ec != std::errc() || p != v->data() + v->size())
        return bad("--seed takes a whole number");
    } else if (a == "--size") {
      auto n = synth::parse_size(*v);
      if (!n) return bad("--size takes a size like 512K, 64M or 1G");
      o.min_bytes = *n;
    } else if (a == "--flights") {
      auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), o.flights);
      if (ec != std::errc() || o.flights < 1 || o.flights > 100000)
        return bad("--flights takes 1 to 100000");
    } else if (a == "--passes") {
      auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), o.passes);
      if (ec != std::errc() || o.passes < 1 || o.passes > 1000)
        return bad("--passes takes 1 to 1000 (about 40 s of mission each)");
    } else if (a == "--fault") {
      if (!synth::set_fault(*v, &o.faults))
        return bad(std::string("--fault takes ") + synth::kFaultNames);
    } else if (a == "--start") {
      auto t = parse_utc(*v);
      if (!t) return bad("--start takes a UTC time like 2026-05-01T10:00:00Z");
      o.utc_start_us = *t;
    } else if (a == "--vehicle") {
      if (v->empty() || v->size() > 40)
        return bad("--vehicle takes a serial of 1 to 40 characters");
      o.vehicle_serial = *v;
    } else if (a == "--lat") {
      if (!parse_double(*v, &o.lat) || o.lat < -85 || o.lat > 85)
        return bad("--lat takes degrees in [-85, 85]");
    } else if (a == "--lon") {
      if (!parse_double(*v, &o.lon) || o.lon < -180 || o.lon > 180)
        return bad("--lon takes degrees in [-180, 180]");
    } else {
      return bad("unknown option " + a);
    }
  }
  if (out.empty()) return fail("synth", Status::InvalidArgument("-o FILE is required"));
  // Written beside the file under a temporary name, put in place whole (never over an existing
  // file without --force).
  auto file = OutputFile::create(out, force);
  if (!file) return fail("synth", file.error());
  auto n = synth::synthesize_file(o, (*file)->temp_path());
  if (!n) return fail("synth", n.error());
  if (Status s = (*file)->commit(); !s.ok()) return fail("synth", s);
  return 0;
}

}  // namespace skykeep::cli
