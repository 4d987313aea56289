// skykeep export FLIGHT --to gpx|kml|geojson|csv [--topic NAME[/INSTANCE]] [-o FILE] [--force]
//                [--mavlink-xml FILE]
// The flight's track (GPX, KML, GeoJSON) or its channels (CSV) from the derived data; CSV of any
// topic of the original log with --topic (vault/export.h). A file is written whole or not at all
// and never replaces an existing one without --force.
#include "vault/export.h"

#include <cstdio>
#include <string>

#include "base/file.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace skykeep::cli {

int export_flight(const Args& args) {
  Parsed p(args, {"--to", "--topic", "-o", "--output", "--mavlink-xml"}, {"--force"});
  if (!p.status().ok()) return fail("export", p.status());
  if (p.positional().size() != 1)
    return fail("export", Status::InvalidArgument("export takes one flight number"));
  auto id = parse_id(p.positional()[0]);
  if (!id)
    return fail("export",
                Status::InvalidArgument("'" + p.positional()[0] + "' is not a flight number"));
  vault::ExportRequest req;
  req.flight = *id;
  req.to = p.get("--to").value_or("");
  if (req.to != "gpx" && req.to != "kml" && req.to != "geojson" && req.to != "csv")
    return fail("export", Status::InvalidArgument("--to takes gpx, kml, geojson or csv"));
  req.topic = p.get("--topic");
  if (req.topic && req.to != "csv")
    return fail("export", Status::InvalidArgument("--topic goes with --to csv"));
  auto out_path = p.get("-o");
  if (!out_path) out_path = p.get("--output");
  bool force = p.has("--force");
  if (out_path)
    if (Status s = check_output_path(*out_path, force); !s.ok()) return fail("export", s);
  if (auto x = p.get("--mavlink-xml")) req.reader.mavlink_xml.push_back(*x);
  if (Status s = formats::prepare(&req.reader); !s.ok()) return fail("--mavlink-xml", s);
  auto v = open_vault(args);
  if (!v) return fail("export", v.error());
  if (!out_path) {
    StdoutEgress out;
    auto r = vault::export_flight(**v, req, out);
    return r ? 0 : fail("export", r.error());
  }
  FileEgress out(*out_path, force);
  auto r = vault::export_flight(**v, req, out);
  if (!r) return fail("export", r.error());
  if (req.topic)
    std::fprintf(stderr, "wrote %llu rows of %s to %s\n", static_cast<unsigned long long>(r->rows),
                 shown(*req.topic).c_str(), shown(out.path()).c_str());
  else
    std::fprintf(stderr, "wrote flight %lld as %s to %s\n", static_cast<long long>(*id),
                 req.to.c_str(), shown(out.path()).c_str());
  return 0;
}

}  // namespace skykeep::cli
