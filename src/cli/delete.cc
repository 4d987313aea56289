// skykeep delete FLIGHT [--log] [--yes]: destroys the keys of the log holding the flight and
// removes its blobs; asks first on a terminal, needs --yes otherwise.
#include "vault/delete.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "present/present.h"
#include "vault/catalog.h"

namespace skykeep::cli {
using namespace present;

int delete_flight(const Args& args) {
  Parsed p(args, {}, {"--log", "--yes"});
  if (!p.status().ok()) return fail("delete", p.status());
  if (p.positional().size() != 1)
    return fail("delete", Status::InvalidArgument("delete takes one flight number"));
  auto id = parse_id(p.positional()[0]);
  if (!id)
    return fail("delete",
                Status::InvalidArgument("'" + p.positional()[0] + "' is not a flight number"));
  auto v = open_vault(args);
  if (!v) return fail("delete", v.error());
  if (!p.has("--yes")) {
    if (!isatty(STDIN_FILENO))
      return fail("delete", Status::InvalidArgument(
                                "deleting cannot be undone: add --yes when not at a terminal"));
    // The question names the flight (a lookup: the deletion's entry records it).
    auto d = vault::get_flight(**v, *id);
    if (!d) return fail("delete", d.error());
    const auto& s = d->flight.summary;
    std::printf("Delete flight %lld (%s, %s)%s? It cannot be undone. [y/N] ",
                static_cast<long long>(*id), shown(d->flight.log_name).c_str(),
                s.utc_start_us ? utc_iso(*s.utc_start_us).c_str() : "time unknown",
                p.has("--log") ? " and every flight of its log" : "");
    std::fflush(stdout);
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "Y" && answer != "yes") {
      std::printf("nothing deleted\n");
      return 1;
    }
  }
  auto r = vault::delete_flight(**v, *id, p.has("--log"));
  if (!r) return fail("delete", r.error());
  std::string ids;
  for (int64_t f : r->flights) ids += (ids.empty() ? "" : ", ") + std::to_string(f);
  std::printf(
      "deleted log %s (flight%s %s): its keys are destroyed and its encrypted blobs removed, so "
      "its bytes can no longer be decrypted by anyone\n",
      shown(r->log_name).c_str(), r->flights.size() > 1 ? "s" : "", ids.c_str());
  if (!r->wal_truncated)
    std::printf(
        "note: another program has the vault open; the catalog's write-ahead log is emptied the "
        "next time skykeep writes to it\n");
  return 0;
}

}  // namespace skykeep::cli
