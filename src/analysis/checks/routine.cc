// Arming and disarming, takeoff and landing, mode changes: the flight's own milestones.
#include <cmath>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {

void check_routine(const Signals& s, const Window& w, std::vector<Event>* out) {
  const Series& armed = s[Ch::kArmed];
  const Series& mode = s[Ch::kMode];
  for (size_t i = 0; i < armed.size(); ++i) {
    if (!w.contains(armed.t[i])) continue;
    if (armed.v[i] == 1 && armed.t[i] == w.start) {
      double m = value_at(mode, w.start);
      out->push_back(evidence_event(armed, i, "armed", Severity::kInfo,
                                    std::isnan(m) ? "armed" : "armed in " + s.mode_name(m)));
    } else if (armed.v[i] == 0 && armed.t[i] == w.end) {
      out->push_back(evidence_event(armed, i, "disarmed", Severity::kInfo, "disarmed"));
    }
  }
  const Series& landed = s[Ch::kLanded];
  auto milestone = [&](int64_t t, const char* kind, const char* what) {
    if (!landed.empty()) {
      ptrdiff_t i = landed.at_or_before(t);
      if (i >= 0 && landed.t[static_cast<size_t>(i)] == t) {
        out->push_back(evidence_event(landed, static_cast<size_t>(i), kind, Severity::kInfo, what));
        return;
      }
    }
    Event e;  // found from altitude and speed: the altitude is the evidence
    e.t = t;
    e.kind = kind;
    e.message = std::string(what) + " (from altitude and speed)";
    const Series& alt = s[Ch::kAltRel].empty() ? s[Ch::kAltAmsl] : s[Ch::kAltRel];
    e.topic = alt.topic;
    if (double a = value_at(alt, t); !std::isnan(a)) e.values.push_back({alt.field, a});
    out->push_back(std::move(e));
  };
  if (s.aerial && w.takeoff) milestone(*w.takeoff, "takeoff", "takeoff");
  if (s.aerial && w.landing) milestone(*w.landing, "landing", "landing");
  double prev = value_at(mode, w.start);
  for (size_t i = 0; i < mode.size(); ++i) {
    if (mode.t[i] <= w.start || mode.t[i] >= w.end) continue;  // at disarming: after the flight
    std::string msg = "mode " + (std::isnan(prev) ? std::string("?") : s.mode_name(prev)) + " -> " +
                      s.mode_name(mode.v[i]);
    out->push_back(evidence_event(mode, i, "mode_change", Severity::kInfo, std::move(msg)));
    prev = mode.v[i];
  }
}

}  // namespace skykeep::analysis
