// The flight synthesizer: realistic, seedable flights (arm, take off, fly a pattern over a given
// place, return, land, disarm) with GPS, attitude, battery discharge, mode changes and warnings,
// written by our own writers in any format skykeep writes (a DJI flight as its CSV export). Pure
// function of its Options; each call is independent and thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "formats/sink.h"
#include "model/schema.h"

namespace skykeep::synth {

struct Options {
  model::Format format = model::Format::kULog;
  uint64_t seed = 1;
  double lat = 47.397742;  // home, WGS84 degrees
  double lon = 8.545594;
  double alt_amsl = 488.0;                  // home altitude, metres above mean sea level
  int64_t utc_start_us = 1777629600000000;  // 2026-05-01T10:00:00Z
  uint64_t min_bytes = 0;  // keep flying (battery swaps between flights) until this size
  int flights = 1;         // at least this many flights
  int passes = 3;          // lawnmower passes of each mission (about 40 s each): 100 make an hour
  bool warnings = true;    // a few autopilot warnings; false gives a clean flight
  // Faults to fly into, for tests and demonstrations (each mid-mission, in every format):
  struct Faults {
    bool gps_jamming = false;   // 18 s of jamming: the receiver reports it, its jamming indicator
                                // and noise level rise, accuracy and satellites collapse, the 3D
                                // fix is lost for 8 s and regained
    bool gps_spoofing = false;  // the receiver reports spoofing for 15 s (indicated, then
                                // detected) and keeps its fix
    bool gps_no_fix = false;    // the receiver never gets a fix: the flight is flown without one
    bool low_battery = false;   // takes off on a pack at 25%: the autopilot warns, it lands near 5%
    bool vibration = false;     // 15 s of vibration (a damaged propeller)
    bool crash = false;         // flips over in flight; the log ends 2 s later, still armed
  } faults;
  // Marker values, so tests can look for them in output bytes.
  std::string vehicle_serial = "SKY0000000000000000A001";
  std::string pilot_note = "synthetic flight";
};

// Pushes the flight into sink (a writer, or a LogSink) as the reader of that format would.
// Returns the number of records.
uint64_t synthesize(const Options& options, formats::Sink& sink);

// Writes the flight to path through the format's writer. Errors: cannot create or write.
Result<uint64_t> synthesize_file(const Options& options, const std::string& path);

// The flight as bytes of the format (none for a format skykeep cannot write).
std::vector<std::byte> synthesize_bytes(const Options& options);

// The fault names `--fault` takes, for messages: "gps-jamming, gps-spoofing, ...".
extern const char* const kFaultNames;
// Sets the fault named (one of kFaultNames) in *faults; false for a name it does not know.
bool set_fault(std::string_view name, Options::Faults* faults);

// Parses "512K", "64M", "2G" (binary units) or a plain byte count; nullopt when malformed.
std::optional<uint64_t> parse_size(const std::string& text);

}  // namespace skykeep::synth
