// skykeep demo [--vault DIR] [--port N] [--no-ui] [--no-open]: the embedded default job. Creates a
// fresh vault (in a private temporary folder unless --vault names a new one), imports a small
// fleet's synthesized flights into it (three vehicles, all three formats, a few faults), sets a
// sharing policy with three recipients, and serves the web interface on it until Ctrl-C. A
// temporary vault is removed when the demo ends.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/utc.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "synth/synth.h"
#include "vault/catalog.h"
#include "vault/import.h"
#include "vault/share.h"

namespace skykeep::cli {
namespace {

constexpr const char* kDemoPolicy = R"(# The demo's sharing policy (skykeep policy show).
[zones.home]
circle = { lat = 47.397742, lon = 8.545594, radius_m = 60 }

[recipients.insurer]
identity = "summary"
location = "coarse"
telemetry = "summary"
grid_m = 500

[recipients.maintenance]
identity = "full"
location = "full"
telemetry = "full"
text = "full"
zones = ["home"]
pseudonyms = false

[recipients.researcher]
location = "full"
telemetry = "full"
relative_track = true
)";

struct DemoLog {
  model::Format format;
  const char* name;
  const char* start;
  const char* vehicle;
  uint64_t seed;
  double dlat, dlon;
  synth::Options::Faults faults;
};

}  // namespace

int demo(const Args& args) {
  Parsed p(args, {"--port", "--tiles"}, {"--no-ui", "--no-open"});
  if (!p.status().ok()) return fail("demo", p.status());
  if (!p.positional().empty())
    return fail("demo", Status::InvalidArgument("unexpected " + p.positional()[0]));
  const char* tmp = std::getenv("TMPDIR");
  std::string work = std::string(tmp && *tmp ? tmp : "/tmp") + "/skykeep-demo-XXXXXX";
  if (!mkdtemp(work.data())) return fail("demo", Status::IOError("cannot create " + work));
  auto cleanup_work = [&] { std::filesystem::remove_all(work); };
  vault::Options vo;
  auto given = p.get("--vault");
  vo.dir = given ? *given : work + "/vault";
  auto v = vault::Vault::create(vo);
  if (!v) {
    cleanup_work();
    return fail("demo", v.error());
  }
  synth::Options::Faults none, vibration, jamming, battery;
  vibration.vibration = true;
  jamming.gps_jamming = true;
  battery.low_battery = true;
  const DemoLog logs[] = {
      {model::Format::kULog, "survey-1.ulg", "2026-05-01T09:12:00Z", "SKY-QUAD-0001", 11, 0, 0,
       none},
      {model::Format::kDataFlash, "inspection-1.bin", "2026-05-03T14:40:00Z", "SKY-HEXA-0002", 12,
       0.004, -0.006, vibration},
      {model::Format::kTlog, "patrol-1.tlog", "2026-05-10T07:55:00Z", "SKY-PLANE-0003", 13, -0.003,
       0.004, jamming},
      {model::Format::kULog, "survey-2.ulg", "2026-06-02T16:05:00Z", "SKY-QUAD-0001", 14, 0.001,
       0.002, battery},
      {model::Format::kULog, "survey-3.ulg", "2026-06-15T10:30:00Z", "SKY-QUAD-0001", 15, -0.002,
       -0.001, none},
      {model::Format::kDataFlash, "inspection-2.bin", "2026-06-20T11:20:00Z", "SKY-HEXA-0002", 16,
       0.002, 0.003, none},
  };
  std::vector<std::string> paths;
  for (const auto& l : logs) {
    synth::Options o;
    o.format = l.format;
    o.seed = l.seed;
    o.utc_start_us = *parse_utc(l.start);
    o.vehicle_serial = l.vehicle;
    o.lat += l.dlat;
    o.lon += l.dlon;
    o.faults = l.faults;
    o.flights = l.seed == 15 ? 2 : 1;
    std::string path = work + "/" + l.name;
    if (auto n = synth::synthesize_file(o, path); !n) {
      cleanup_work();
      return fail("demo", n.error());
    }
    paths.push_back(path);
  }
  formats::ReaderOptions reader;
  size_t flights = 0;
  // Each import is on the audit record like any (vault::import_file writes its entry).
  for (auto& r : vault::import_files(**v, paths, reader, 2)) {
    if (!r) {
      cleanup_work();
      return fail("demo", r.error());
    }
    flights += r->flights;
  }
  for (const auto& path : paths) std::remove(path.c_str());
  if (Status s = vault::store_policy(**v, kDemoPolicy); !s.ok()) {
    cleanup_work();
    return fail("demo", s);
  }
  auto vehicles = vault::vehicles(**v);
  std::printf("skykeep demo: %zu flights of %zu vehicles imported into %s\n", flights,
              vehicles ? vehicles->size() : 0, shown((*v)->dir()).c_str());
  std::fflush(stdout);
  int code = 0;
  if (!p.has("--no-ui")) code = serve_ui(**v, args);
  v->reset();
  cleanup_work();  // the synthesized logs, and the vault unless --vault named it
  return code;
}

}  // namespace skykeep::cli
