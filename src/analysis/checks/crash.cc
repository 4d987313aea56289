// A suspected crash: the vehicle tipped far past flying attitudes in the air, the autopilot's
// failure detector tripping on attitude, or ArduPilot's crash check.
#include <cmath>
#include <cstdio>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {
namespace {

constexpr double kMultirotorTiltDeg = 60, kFixedWingTiltDeg = 80;
constexpr int64_t kSustainUs = 300000;
constexpr int kCrashCheckSubsystem = 12;

}  // namespace

void check_crash(const Signals& s, const Window& w, std::vector<Event>* out) {
  if (!s.aerial) return;
  const Series& tilt = s[Ch::kTilt];
  double limit = s.fixed_wing ? kFixedWingTiltDeg : kMultirotorTiltDeg;
  for (size_t i = 0; i < tilt.size(); ++i) {
    if (tilt.v[i] < limit || !w.in_air(s, tilt.t[i])) continue;
    size_t j = i, peak = i;
    while (j + 1 < tilt.size() && tilt.v[j + 1] >= limit) {
      ++j;
      if (tilt.v[j] > tilt.v[peak]) peak = j;
    }
    if (tilt.t[j] - tilt.t[i] >= kSustainUs || j + 1 == tilt.size()) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "suspected crash: tilted %.0f degrees in the air (limit %.0f)",
                    tilt.v[peak], limit);
      Event e = evidence_event(tilt, peak, "crash", Severity::kCritical, buf);
      e.t = tilt.t[i];
      const Series &roll = s[Ch::kRoll], &pitch = s[Ch::kPitch];
      if (double r = value_at(roll, tilt.t[peak]); !std::isnan(r))
        e.values.push_back({"roll_deg", r});
      if (double p = value_at(pitch, tilt.t[peak]); !std::isnan(p))
        e.values.push_back({"pitch_deg", p});
      out->push_back(std::move(e));
      break;  // one is enough: what follows a crash is the crash
    }
    i = j;
  }
  const Series& fail = s[Ch::kFailure];
  double prev = value_at(fail, w.start);
  for (size_t i = 0; i < fail.size(); ++i) {
    if (!w.contains(fail.t[i])) continue;
    int bits = static_cast<int>(fail.v[i]), was = std::isnan(prev) ? 0 : static_cast<int>(prev);
    prev = fail.v[i];
    int rising = bits & ~was & 3;  // roll or pitch
    if (!rising) continue;
    out->push_back(evidence_event(
        fail, i, "crash", Severity::kCritical,
        std::string("failure detector: ") + (rising & 1 ? "roll" : "pitch") + " beyond its limit"));
  }
  for (const Notice& n : s.notices) {
    if (n.topic != "ERR" || n.subsystem != kCrashCheckSubsystem || n.code == 0 || !w.contains(n.t))
      continue;
    Event e;
    e.t = n.t;
    e.kind = "crash";
    e.severity = Severity::kCritical;
    e.message = n.code == 1 ? "crash check: crash detected" : "crash check: loss of control";
    e.topic = "ERR";
    e.values = {{"Subsys", n.subsystem}, {"ECode", n.code}};
    out->push_back(std::move(e));
  }
}

}  // namespace skykeep::analysis
