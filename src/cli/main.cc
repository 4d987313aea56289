// skykeep: keep flight logs under the operator's control. main only wires subcommands.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "cli/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: skykeep <command> [options]\n"
    "\n"
    "commands:\n"
    "  inspect FILE... [--json] [--mavlink-xml FILE]   summarise flight logs (ULog, DataFlash, "
    "tlog)\n"
    "  synth --format ulog|dataflash|tlog|dji -o FILE [--force] [--seed N] [--size SIZE]\n"
    "        [--lat D --lon D]\n"
    "                                                  write a realistic synthetic flight\n"
    "  demo [--vault DIR] [--port N] [--no-ui]         a fresh vault of demo flights, shown in the "
    "web UI\n"
    "  init [--vault DIR] [--passphrase-file FILE]     create the encrypted vault (default\n"
    "                                                  $SKYKEEP_VAULT or $XDG_DATA_HOME/skykeep)\n"
    "  import PATH... [--vault DIR] [--passphrase-file FILE] [--mavlink-xml FILE] [--json]\n"
    "                                                  keep logs in the vault, encrypted\n"
    "  verify [--repair] [--vault DIR] [--passphrase-file FILE] [--json]\n"
    "                                                  check the catalog's pages and every kept\n"
    "                                                  log; --repair removes orphaned blobs\n"
    "  flights [--since T] [--until T] [--vehicle V] [--min-duration D] [--max-duration D]\n"
    "          [--near LAT,LON,RADIUS_M] [--bbox MINLAT,MINLON,MAXLAT,MAXLON] [--event KIND]\n"
    "          [--text WORDS] [--limit N] [--json]       the logbook, newest first\n"
    "  show FLIGHT [--json]                            a flight's summary and events with "
    "evidence\n"
    "  stats [--by vehicle|month] [--json]             flights, hours, distance; battery cycles\n"
    "  vehicles [--json]                               every vehicle in the vault\n"
    "  export FLIGHT --to gpx|kml|geojson|csv [--topic NAME[/N]] [-o FILE [--force]]\n"
    "                                                  the track, or a topic of the original log\n"
    "  delete FLIGHT [--log] [--yes]                   destroy a log's keys and blobs\n"
    "  policy show|edit|set FILE|check FLIGHT RECIPIENT   the sharing policy (nothing leaves "
    "without it)\n"
    "  share FLIGHT --to RECIPIENT [--as native|gpx|geojson|csv] [-o FILE [--force]] [--dry-run]\n"
    "                                                  what the policy lets a recipient have\n"
    "  audit list|verify [--checkpoint FILE]|checkpoint|key|prove ENTRY|consistency OLD\n"
    "                                                  the tamper-evident audit log\n"
    "  audit check PROOF --key VERIFIER_KEY            check a proof offline, no vault needed\n"
    "  ui [--port N] [--tiles URL] [--no-open]         the web interface, on 127.0.0.1 only\n"
    "\n"
    "Every vault command takes --vault DIR and --passphrase-file FILE. An output file is never\n"
    "replaced without --force.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string cmd = argv[1];
  skykeep::cli::Args args(argv + 2, argv + argc);
  try {
    if (cmd == "inspect") return skykeep::cli::inspect(args);
    if (cmd == "synth") return skykeep::cli::synth(args);
    if (cmd == "demo") return skykeep::cli::demo(args);
    if (cmd == "init") return skykeep::cli::init(args);
    if (cmd == "import") return skykeep::cli::import_logs(args);
    if (cmd == "verify") return skykeep::cli::verify(args);
    if (cmd == "flights") return skykeep::cli::flights(args);
    if (cmd == "show") return skykeep::cli::show(args);
    if (cmd == "stats") return skykeep::cli::stats(args);
    if (cmd == "vehicles") return skykeep::cli::vehicles(args);
    if (cmd == "export") return skykeep::cli::export_flight(args);
    if (cmd == "delete") return skykeep::cli::delete_flight(args);
    if (cmd == "audit") return skykeep::cli::audit(args);
    if (cmd == "policy") return skykeep::cli::policy(args);
    if (cmd == "share") return skykeep::cli::share(args);
    if (cmd == "ui") return skykeep::cli::ui(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "skykeep: internal error: %s\n", e.what());
    return 2;
  }
  std::fprintf(stderr, "skykeep: unknown command '%s' (try skykeep --help)\n", cmd.c_str());
  return 2;
}
