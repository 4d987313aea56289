#include "vault/export.h"

#include "analysis/export.h"
#include "base/hex.h"
#include "base/json_writer.h"
#include "base/numeric.h"
#include "base/sha256.h"
#include "formats/csv_sink.h"
#include "formats/writer.h"
#include "vault/audit_internal.h"
#include "vault/catalog.h"
#include "vault/read.h"

namespace skykeep::vault {
namespace {

// Hashes what passes through, and hands it on to an Egress (or nowhere).
class HashingOutput final : public formats::Output {
 public:
  explicit HashingOutput(Egress* out) : out_(out) {}
  void write(Bytes d) override {
    bytes += d.size();
    hash.update(d);
    if (out_ && status.ok()) status = out_->write(d);
  }
  Sha256 hash;
  uint64_t bytes = 0;
  Status status;

 private:
  Egress* out_;
};

// The topic's CSV streamed from the original into out (or only hashed when out is null).
Result<Exported> stream_topic(Vault& v, const FlightDetail& d, const std::string& name,
                              uint32_t instance, const std::string& asked,
                              const formats::ReaderOptions& reader, Egress* out) {
  const FlightRow& row = d.flight;
  HashingOutput hashing(out);
  formats::CsvSink csv(name, instance, row.summary.start_us, row.summary.end_us, d.utc_offset_us,
                       hashing);
  Status s = read_original(v, row.log_id, reader, csv);
  if (!csv.found()) {
    std::string known;
    for (const auto& t : csv.topics()) known += (known.empty() ? "" : ", ") + t;
    return Status::NotFound("no topic " + asked + " in " + row.log_name + " (it has: " + known +
                            ")");
  }
  if (!s.ok()) return s;
  if (!hashing.status.ok()) return hashing.status;
  Exported e;
  e.log_name = row.log_name;
  e.extension = ".csv";
  e.bytes = hashing.bytes;
  e.rows = csv.rows();
  e.sha256 = to_hex(hashing.hash.finish());
  return e;
}

}  // namespace

Result<Exported> export_flight(Vault& v, const ExportRequest& r, Egress& out) {
  if (r.to != "gpx" && r.to != "kml" && r.to != "geojson" && r.to != "csv")
    return Status::InvalidArgument("--to takes gpx, kml, geojson or csv");
  if (r.topic && r.to != "csv") return Status::InvalidArgument("--topic goes with --to csv");
  auto d = v.catalog().get_flight(r.flight);
  if (!d) return d.error();
  const FlightRow& row = d->flight;
  JsonWriter detail;
  detail.begin_object().key("to").value(r.to);

  if (r.topic) {  // one topic of the original log, streamed
    std::string name = *r.topic;
    uint32_t instance = 0;
    if (size_t slash = name.rfind('/'); slash != std::string::npos) {
      auto n = parse_uint(std::string_view(name).substr(slash + 1), "--topic's instance");
      if (!n || *n > 255)
        return Status::InvalidArgument("--topic takes NAME or NAME/INSTANCE (0 to 255)");
      instance = static_cast<uint32_t>(*n);
      name = name.substr(0, slash);
    }
    detail.key("topic").value(name + "/" + std::to_string(instance)).end_object();
    auto action = [&](const Exported& e) {
      return Action{"export", {row.id}, {row.log_id}, "", "", e.sha256, detail.str()};
    };
    if (out.immediate()) {
      // Bytes seen as they are written: a first pass hashes them for the entry, the second
      // writes the same bytes (the original does not change).
      auto dry = stream_topic(v, *d, name, instance, *r.topic, r.reader, nullptr);
      if (!dry) return dry.error();
      if (Status s = record(v, action(*dry)); !s.ok()) return s;
      if (Status s = out.open(".csv"); !s.ok()) return s;
      auto wet = stream_topic(v, *d, name, instance, *r.topic, r.reader, &out);
      if (!wet) return wet.error();
      if (Status s = out.close(); !s.ok()) return s;
      if (Status s = out.publish(); !s.ok()) return s;
      return wet;
    }
    if (Status s = out.open(".csv"); !s.ok()) return s;
    auto e = stream_topic(v, *d, name, instance, *r.topic, r.reader, &out);
    if (!e) return e.error();
    if (Status s = out.close(); !s.ok()) return s;
    if (Status s = record(v, action(*e)); !s.ok()) return s;
    if (Status s = out.publish(); !s.ok()) return s;
    return e;
  }

  auto signals = load_signals(v, row.log_id);
  if (!signals) return signals.error();
  analysis::Flight flight{row.summary, d->events};
  analysis::ExportInfo info{"skykeep flight " + std::to_string(row.id), row.vehicle_uid,
                            row.log_name};
  std::string text = r.to == "gpx"       ? analysis::to_gpx(*signals, flight, info)
                     : r.to == "kml"     ? analysis::to_kml(*signals, flight, info)
                     : r.to == "geojson" ? analysis::to_geojson(*signals, flight, info)
                                         : analysis::to_csv(*signals, flight);
  Sha256 h;
  h.update(as_bytes(text));
  Exported e;
  e.log_name = row.log_name;
  e.extension = "." + r.to;
  e.bytes = text.size();
  e.sha256 = to_hex(h.finish());
  detail.end_object();
  if (Status s =
          record_egress(v, {"export", {row.id}, {row.log_id}, "", "", e.sha256, detail.str()},
                        e.extension, as_bytes(text), &out);
      !s.ok())
    return s;
  return e;
}

}  // namespace skykeep::vault
