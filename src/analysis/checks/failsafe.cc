// Failsafes: the autopilot's own failsafe state (PX4 vehicle_status.failsafe, MAVLink
// system_status CRITICAL/EMERGENCY) and ArduPilot's failsafe error codes (ERR).
#include <string>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {
namespace {

// ArduPilot ERR subsystems that are failsafes (AP_Logger LogErrorSubsystem).
const char* failsafe_subsystem(int sub) {
  switch (sub) {
    case 5:
      return "radio";
    case 6:
      return "battery";
    case 7:
      return "GPS";
    case 8:
      return "ground station";
    case 9:
      return "fence";
    case 17:
      return "EKF/inertial navigation";
    case 20:
      return "ADS-B";
    case 23:
      return "terrain";
    case 26:
      return "sensors";
    case 27:
      return "leak";
    case 29:
      return "vibration";
    default:
      return nullptr;
  }
}

}  // namespace

void check_failsafe(const Signals& s, const Window& w, std::vector<Event>* out) {
  const Series& fs = s[Ch::kFailsafe];
  double prev = value_at(fs, w.start);
  for (size_t i = 0; i < fs.size(); ++i) {
    if (fs.t[i] <= w.start || fs.t[i] > w.end) continue;
    if (fs.v[i] == 1 && prev != 1)
      out->push_back(evidence_event(fs, i, "failsafe", Severity::kCritical, "failsafe activated"));
    prev = fs.v[i];
  }
  for (const Notice& n : s.notices) {
    if (n.topic != "ERR" || !w.contains(n.t) || n.code == 0) continue;
    const char* what = failsafe_subsystem(n.subsystem);
    if (!what) continue;
    Event e;
    e.t = n.t;
    e.kind = "failsafe";
    e.severity = Severity::kCritical;
    e.message = std::string(what) + " failsafe (error code " + std::to_string(n.code) + ")";
    e.topic = "ERR";
    e.values = {{"Subsys", n.subsystem}, {"ECode", n.code}};
    out->push_back(std::move(e));
  }
}

}  // namespace skykeep::analysis
