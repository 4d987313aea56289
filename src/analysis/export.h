// One flight as a file others' tools open: GPX 1.1, KML 2.2, RFC 7946 GeoJSON (the track with its
// takeoff, landing and events), or CSV of the vehicle's channels. Pure functions of the flight's
// Signals; thread-safe.
#pragma once

#include <string>

#include "analysis/flight.h"
#include "analysis/signals.h"

namespace skykeep::analysis {

struct ExportInfo {
  std::string name;      // "skykeep flight 12"
  std::string vehicle;   // the vehicle's identifier
  std::string log_name;  // the file the flight came from
};

std::string to_gpx(const Signals& s, const Flight& f, const ExportInfo& info);
std::string to_kml(const Signals& s, const Flight& f, const ExportInfo& info);
std::string to_geojson(const Signals& s, const Flight& f, const ExportInfo& info);
// Every channel of the flight every 0.2 s (the last sample at or before each row's time).
std::string to_csv(const Signals& s, const Flight& f);

}  // namespace skykeep::analysis
