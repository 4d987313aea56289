// Exporting a flight: its track (GPX, KML, GeoJSON) or channels (CSV) from the derived data, or
// one topic of the original log as CSV, streamed. Each export is on the audit record ("export",
// with the hash of the bytes) and reaches its Egress in the order vault::Egress sets, so nothing
// leaves unrecorded and no partial file stands under its name. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "formats/reader.h"
#include "vault/egress.h"
#include "vault/vault.h"

namespace skykeep::vault {

struct ExportRequest {
  int64_t flight = 0;
  std::string to;                    // gpx, kml, geojson, csv
  std::optional<std::string> topic;  // with csv: NAME or NAME/INSTANCE of the original log
  formats::ReaderOptions reader;     // for a topic (MAVLink XML)
};

struct Exported {
  std::string log_name;
  std::string extension;  // ".gpx", ".kml", ".geojson", ".csv"
  uint64_t bytes = 0;
  uint64_t rows = 0;   // CSV of a topic: records written
  std::string sha256;  // hex, of the bytes
};

// Errors (nothing recorded, nothing published): InvalidArgument (a bad format or topic
// syntax), NotFound (no such flight; no such topic, naming the topics there are), reading the
// original or derived data, out's, and recording's.
Result<Exported> export_flight(Vault& v, const ExportRequest& r, Egress& out);

}  // namespace skykeep::vault
