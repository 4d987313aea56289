// Battery: low charge (the autopilot's own warning, or the remaining charge), and brownout (the
// pack voltage collapsing below 3.0 V a cell while armed, or the log ending in flight).
#include <cmath>
#include <cstdio>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {
namespace {

constexpr double kLowPct = 20, kCriticalPct = 10;
// Below the 3.3-3.5 V a cell at which autopilots raise their low-battery failsafes: a pack this
// low has collapsed (or the power monitor lost it), and the electronics are at risk.
constexpr double kBrownoutCellV = 3.0;

}  // namespace

void check_battery(const Signals& s, const Window& w, std::vector<Event>* out) {
  // The autopilot's warning level: each level once, the first time the flight reaches it.
  const Series& warn = s[Ch::kBatteryWarning];
  double level = value_at(warn, w.start);
  if (std::isnan(level)) level = 0;
  bool warned = false;
  for (size_t i = 0; i < warn.size(); ++i) {
    if (!w.contains(warn.t[i])) continue;
    if (warn.v[i] > level && warn.v[i] >= 1) {
      level = warn.v[i];
      static const char* const kLevels[] = {"", "low", "critical", "emergency"};
      int l = static_cast<int>(std::fmin(warn.v[i], 3));
      out->push_back(evidence_event(warn, i, "battery_low",
                                    l >= 2 ? Severity::kCritical : Severity::kWarning,
                                    std::string("battery warning: ") + kLevels[l]));
      warned = true;
    }
  }
  // Without the autopilot's warning: the remaining charge crossing 20% and 10%.
  const Series& rem = s[Ch::kRemaining];
  double crossed = 100;
  for (size_t i = 0; i < rem.size() && !warned; ++i) {
    if (!w.contains(rem.t[i])) continue;
    for (double limit : {kLowPct, kCriticalPct}) {
      if (rem.v[i] < limit && crossed > limit) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "battery at %.0f%% (below %.0f%%)", rem.v[i], limit);
        out->push_back(
            evidence_event(rem, i, "battery_low",
                           limit <= kCriticalPct ? Severity::kCritical : Severity::kWarning, buf));
        crossed = limit;
      }
    }
  }
  // Brownout: the pack voltage under 3.3 V a cell while armed.
  const Series& volt = s[Ch::kVoltage];
  if (s.battery_cells > 0) {
    double limit = kBrownoutCellV * s.battery_cells;
    for (size_t i = 0; i < volt.size(); ++i) {
      if (!w.contains(volt.t[i]) || volt.v[i] >= limit) continue;
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "battery voltage %.2f V below %.1f V (%d cells x %.1f V) while armed",
                    volt.v[i], limit, s.battery_cells, kBrownoutCellV);
      Event e = evidence_event(volt, i, "brownout", Severity::kCritical, buf);
      e.values.push_back({"threshold_v", limit});
      if (double c = value_at(s[Ch::kCurrent], volt.t[i]); !std::isnan(c))
        e.values.push_back({s[Ch::kCurrent].field, c});
      out->push_back(std::move(e));
      break;
    }
  }
  // The log ending while the vehicle is armed in the air: power lost, or the vehicle destroyed.
  if (w.ended_armed && s.aerial && w.in_air(s, w.end)) {
    Event e;
    e.t = w.end;
    e.kind = "brownout";
    e.severity = Severity::kCritical;
    e.message = "the log ends while the vehicle is armed and in the air (power loss or crash)";
    e.topic = s[Ch::kArmed].topic;
    e.values.push_back({s[Ch::kArmed].field, 1});
    if (double v = value_at(volt, w.end); !std::isnan(v))
      e.values.push_back({volt.topic + "." + volt.field, v});
    out->push_back(std::move(e));
  }
}

}  // namespace skykeep::analysis
