// The event checks: each reads the Signals over one flight's window and appends its events.
// One check per file. Pure functions; thread-safe.
#pragma once

#include <vector>

#include "analysis/flight.h"

namespace skykeep::analysis {

// One flight's time window and what is known of it when the checks run.
struct Window {
  int64_t start = 0, end = 0;
  std::optional<int64_t> takeoff, landing;
  bool ended_armed = false;
  // Whether the vehicle was in the air at t: the land detector where the log has one, else
  // between takeoff and landing.
  bool in_air(const Signals& s, int64_t t) const;
  bool contains(int64_t t) const { return t >= start && t <= end; }
};

// The value of a channel's last sample at or before t, or NaN.
double value_at(const Series& s, int64_t t);

// An event with evidence from one channel's series at sample i.
Event evidence_event(const Series& s, size_t i, const char* kind, Severity sev,
                     std::string message);

void check_routine(const Signals& s, const Window& w, std::vector<Event>* out);
void check_failsafe(const Signals& s, const Window& w, std::vector<Event>* out);
void check_gps(const Signals& s, const Window& w, std::vector<Event>* out);
void check_ekf(const Signals& s, const Window& w, std::vector<Event>* out);
void check_battery(const Signals& s, const Window& w, std::vector<Event>* out);
void check_vibration(const Signals& s, const Window& w, std::vector<Event>* out);
void check_messages(const Signals& s, const Window& w, std::vector<Event>* out);
void check_crash(const Signals& s, const Window& w, std::vector<Event>* out);

}  // namespace skykeep::analysis
