// skykeep export FLIGHT --to gpx|kml|geojson|csv [--topic NAME[/INSTANCE]] [-o FILE]
//                [--mavlink-xml FILE]
// The flight's track (GPX, KML, GeoJSON) or its channels (CSV) from the derived data; CSV of any
// topic of the original log with --topic.
#include "analysis/export.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "base/hex.h"
#include "base/json_writer.h"
#include "base/sha256.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "formats/csv_sink.h"
#include "vault/audit.h"
#include "vault/catalog.h"
#include "vault/read.h"

namespace skykeep::cli {
namespace {

// Hashes what passes through to another Output: the audit entry records what left.
class HashingOutput final : public formats::Output {
 public:
  explicit HashingOutput(formats::Output& inner) : inner_(inner) {}
  void write(Bytes d) override {
    hash.update(d);
    inner_.write(d);
  }
  Sha256 hash;

 private:
  formats::Output& inner_;
};

class StdoutOutput final : public formats::Output {
 public:
  void write(Bytes d) override {
    if (std::fwrite(d.data(), 1, d.size(), stdout) != d.size()) failed = true;
  }
  bool failed = false;
};

Status write_text(const std::optional<std::string>& path, const std::string& text) {
  if (!path) {
    StdoutOutput out;
    out.write(as_bytes(text));
    return out.failed ? Status::IOError("cannot write to standard output") : Status::Ok();
  }
  auto f = formats::FileOutput::create(*path);
  if (!f) return f.error();
  (*f)->write(as_bytes(text));
  return (*f)->close();
}

}  // namespace

int export_flight(const Args& args) {
  Parsed p(args, {"--to", "--topic", "-o", "--output", "--mavlink-xml"}, {});
  if (!p.status().ok()) return fail("export", p.status());
  if (p.positional().size() != 1)
    return fail("export", Status::InvalidArgument("export takes one flight number"));
  auto id = parse_id(p.positional()[0]);
  if (!id)
    return fail("export",
                Status::InvalidArgument("'" + p.positional()[0] + "' is not a flight number"));
  std::string to = p.get("--to").value_or("");
  if (to != "gpx" && to != "kml" && to != "geojson" && to != "csv")
    return fail("export", Status::InvalidArgument("--to takes gpx, kml, geojson or csv"));
  auto topic = p.get("--topic");
  if (topic && to != "csv")
    return fail("export", Status::InvalidArgument("--topic goes with --to csv"));
  auto out_path = p.get("-o");
  if (!out_path) out_path = p.get("--output");
  auto v = open_vault(args);
  if (!v) return fail("export", v.error());
  auto d = vault::get_flight(**v, *id);
  if (!d) return fail("export", d.error());
  const vault::FlightRow& row = d->flight;

  if (topic) {  // one topic of the original log, streamed
    std::string name = *topic;
    uint32_t instance = 0;
    if (size_t slash = name.rfind('/'); slash != std::string::npos) {
      auto n = parse_number(name.substr(slash + 1));
      if (!n || *n < 0 || *n > 255)
        return fail("export", Status::InvalidArgument("--topic takes NAME or NAME/INSTANCE"));
      instance = static_cast<uint32_t>(*n);
      name = name.substr(0, slash);
    }
    formats::ReaderOptions ro;
    if (auto x = p.get("--mavlink-xml")) ro.mavlink_xml.push_back(*x);
    if (Status s = formats::prepare(&ro); !s.ok()) return fail("--mavlink-xml", s);
    StdoutOutput so;
    std::unique_ptr<formats::FileOutput> fo;
    if (out_path) {
      auto f = formats::FileOutput::create(*out_path);
      if (!f) return fail("export", f.error());
      fo = std::move(*f);
    }
    HashingOutput out(fo ? static_cast<formats::Output&>(*fo) : so);
    formats::CsvSink csv(name, instance, row.summary.start_us, row.summary.end_us, d->utc_offset_us,
                         out);
    Status s = vault::read_original(**v, row.log_id, ro, csv);
    Status closed = fo ? fo->close() : Status::Ok();
    if (!csv.found()) {
      if (out_path) std::remove(out_path->c_str());
      std::string known;
      for (const auto& t : csv.topics()) known += (known.empty() ? "" : ", ") + t;
      return fail("export", Status::NotFound("no topic " + *topic + " in " + row.log_name +
                                             " (it has: " + known + ")"));
    }
    if (!s.ok()) return fail("export", s);
    if (!closed.ok()) return fail("export", closed);
    if (so.failed) return fail("export", Status::IOError("cannot write to standard output"));
    JsonWriter detail;
    detail.begin_object()
        .key("to")
        .value("csv")
        .key("topic")
        .value(name + "/" + std::to_string(instance))
        .end_object();
    if (Status a = vault::append_audit(
            **v,
            {"export", {row.id}, {row.log_id}, "", "", to_hex(out.hash.finish()), detail.str()});
        !a.ok())
      return fail("export", a);
    if (out_path)
      std::fprintf(stderr, "wrote %llu rows of %s to %s\n",
                   static_cast<unsigned long long>(csv.rows()), topic->c_str(), out_path->c_str());
    return 0;
  }

  auto signals = vault::load_signals(**v, row.log_id);
  if (!signals) return fail("export", signals.error());
  analysis::Flight flight{row.summary, d->events};
  analysis::ExportInfo info{"skykeep flight " + std::to_string(row.id), row.vehicle_uid,
                            row.log_name};
  std::string text = to == "gpx"       ? analysis::to_gpx(*signals, flight, info)
                     : to == "kml"     ? analysis::to_kml(*signals, flight, info)
                     : to == "geojson" ? analysis::to_geojson(*signals, flight, info)
                                       : analysis::to_csv(*signals, flight);
  // On the record before it leaves.
  Sha256 h;
  h.update(as_bytes(text));
  JsonWriter detail;
  detail.begin_object().key("to").value(to).end_object();
  if (Status s = vault::append_audit(
          **v, {"export", {row.id}, {row.log_id}, "", "", to_hex(h.finish()), detail.str()});
      !s.ok())
    return fail("export", s);
  if (Status s = write_text(out_path, text); !s.ok()) return fail("export", s);
  if (out_path)
    std::fprintf(stderr, "wrote flight %lld as %s to %s\n", static_cast<long long>(row.id),
                 to.c_str(), out_path->c_str());
  return 0;
}

}  // namespace skykeep::cli
