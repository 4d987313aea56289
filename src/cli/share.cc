// skykeep share FLIGHT --to RECIPIENT [--as native|gpx|geojson|csv] [-o FILE] [--force]
// [--dry-run] [--mavlink-xml FILE]: writes what the policy lets the recipient have of the flight,
// by default in the log's own format; --dry-run writes nothing and prints the egress manifest.
// The file is staged, the share recorded, then the file put in place (vault::Egress); it never
// replaces an existing file without --force.
#include "vault/share.h"

#include <cctype>
#include <cstdio>
#include <string>

#include "base/file.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "formats/writer.h"

namespace skykeep::cli {

int share(const Args& args) {
  Parsed p(args, {"--to", "--as", "-o", "--output", "--mavlink-xml"}, {"--dry-run", "--force"});
  if (!p.status().ok()) return fail("share", p.status());
  if (p.positional().size() != 1)
    return fail("share", Status::InvalidArgument("share takes one flight number"));
  auto id = parse_id(p.positional()[0]);
  if (!id)
    return fail("share",
                Status::InvalidArgument("'" + p.positional()[0] + "' is not a flight number"));
  auto to = p.get("--to");
  if (!to || to->empty())
    return fail("share", Status::InvalidArgument("--to RECIPIENT is required"));
  vault::ShareRequest req;
  req.flight = *id;
  req.recipient = *to;
  req.as = p.get("--as").value_or("native");
  if (req.as != "native" && req.as != "gpx" && req.as != "geojson" && req.as != "csv")
    return fail("share", Status::InvalidArgument("--as takes native, gpx, geojson or csv"));
  req.dry_run = p.has("--dry-run");
  bool force = p.has("--force");
  std::string path = p.get("-o").value_or(p.get("--output").value_or(""));
  if (!path.empty() && !req.dry_run)
    if (Status s = check_output_path(path, force); !s.ok()) return fail("share", s);
  if (auto x = p.get("--mavlink-xml")) req.reader.mavlink_xml.push_back(*x);
  if (Status s = formats::prepare(&req.reader); !s.ok()) return fail("--mavlink-xml", s);
  auto v = open_vault(args);
  if (!v) return fail("share", v.error());
  std::string safe = *to;  // a recipient's name in a file name: letters, digits, - and _ only
  for (char& c : safe)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  FileEgress out(path, force, [&](std::string_view extension) {
    return "skykeep-flight-" + std::to_string(*id) + "-" + safe + std::string(extension);
  });
  auto r = vault::share(**v, req, &out);
  if (!r) return fail("share", r.error());
  if (req.dry_run) {
    std::printf("%s\n", r->manifest.json().c_str());
    return 0;
  }
  std::printf(
      "wrote %s (%zu bytes, %llu records, %llu positions) for %s%s\n", shown(out.path()).c_str(),
      r->bytes.size(),
      [&] {
        unsigned long long n = 0;
        for (const auto& t : r->manifest.topics) n += t.records;
        return n;
      }(),
      static_cast<unsigned long long>(r->manifest.positions), shown(*to).c_str(),
      r->manifest.summary_only ? ": the flight's summary only, as the policy says" : "");
  return 0;
}

}  // namespace skykeep::cli
