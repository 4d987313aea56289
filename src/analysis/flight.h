// Flights, their summaries and their event timelines, computed from Signals alone. A log is split
// into flights by arming (by takeoff and landing where it has no arming state); each figure and
// event is defined in docs/vault.md. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/signals.h"

namespace skykeep::analysis {

enum class Severity : uint8_t { kInfo, kWarning, kCritical };
const char* severity_name(Severity s);  // "info", "warning", "critical"

// Every kind of event. The vault stores a flight's kinds as a bit mask over this list: a new kind
// goes at the end, so that the bits of existing vaults keep their meaning (docs/vault.md).
inline constexpr const char* kEventKinds[] = {"armed",
                                              "disarmed",
                                              "takeoff",
                                              "landing",
                                              "mode_change",
                                              "failsafe",
                                              "gps_lost",
                                              "gps_regained",
                                              "gps_interference",
                                              "ekf_fault",
                                              "battery_low",
                                              "vibration_high",
                                              "autopilot_message",
                                              "crash",
                                              "brownout",
                                              "gps_no_fix",
                                              "gps_spoofing"};
// The kind's index in kEventKinds, or -1.
int event_kind_index(std::string_view kind);

struct Event {
  int64_t t = 0;     // log clock, microseconds
  std::string kind;  // one of kEventKinds
  Severity severity = Severity::kInfo;
  std::string message;  // one line for a person
  // Evidence: the topic the values come from, and each field with its value at t.
  std::string topic;
  std::vector<std::pair<std::string, double>> values;
  std::string text;  // the autopilot's own words, for autopilot_message
};

struct Point {
  double lat = 0, lon = 0;
};

struct Summary {
  int64_t start_us = 0, end_us = 0;  // log clock: arming to disarming
  std::optional<int64_t> utc_start_us, utc_end_us;
  double duration_s = 0;
  bool took_off = false;     // a takeoff was seen (or the vehicle does not fly)
  bool ended_armed = false;  // the log ends before the vehicle disarmed
  std::optional<int64_t> takeoff_us, landing_us;
  std::optional<Point> takeoff, landing;
  std::optional<double> max_altitude_m;  // above the takeoff altitude
  std::optional<double> max_hspeed_mps, max_climb_mps, max_sink_mps;
  std::optional<double> distance_m;  // geodesic ground distance, takeoff to landing
  std::optional<double> battery_start_pct, battery_end_pct, min_voltage_v, consumed_mah;
  std::vector<std::string> modes;           // in order of first use
  std::optional<Point> bbox_min, bbox_max;  // of the track

  // The larger of the climb and sink rates.
  std::optional<double> max_vspeed_mps() const;
};

struct Flight {
  Summary summary;
  std::vector<Event> events;  // in time order
};

// Every flight of the log, in time order.
std::vector<Flight> analyze(const Signals& signals);

}  // namespace skykeep::analysis
