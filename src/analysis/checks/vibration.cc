// Vibration: the vibration metric above the source's limit for two seconds or more in the air,
// and accelerometer clipping during the flight.
#include <cmath>
#include <cstdio>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {
namespace {

constexpr int64_t kSustainUs = 2000000;
// Clipping counts that grow by this much in a flight are worth a look.
constexpr double kClipping = 10;

}  // namespace

void check_vibration(const Signals& s, const Window& w, std::vector<Event>* out) {
  const Series& v = s[Ch::kVibration];
  double limit = s.vibration_warn;
  size_t i = 0;
  while (i < v.size()) {
    if (!w.in_air(s, v.t[i]) || v.v[i] < limit) {
      ++i;
      continue;
    }
    size_t j = i, peak = i;
    while (j + 1 < v.size() && v.v[j + 1] >= limit && w.in_air(s, v.t[j + 1])) {
      ++j;
      if (v.v[j] > v.v[peak]) peak = j;
    }
    int64_t span = v.t[j] - v.t[i];
    if (span >= kSustainUs) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "high vibration for %.1f s (up to %.1f m/s^2, limit %.0f)",
                    static_cast<double>(span) / 1e6, v.v[peak], limit);
      Event e =
          evidence_event(v, peak, "vibration_high",
                         v.v[peak] >= 2 * limit ? Severity::kCritical : Severity::kWarning, buf);
      e.t = v.t[i];
      out->push_back(std::move(e));
    }
    i = j + 1;
  }
  const Series& clip = s[Ch::kClipping];
  double c0 = value_at(clip, w.start);
  if (std::isnan(c0) && !clip.empty() && clip.t[0] <= w.end) c0 = clip.v[0];
  for (size_t k = 0; k < clip.size(); ++k) {
    if (!w.contains(clip.t[k]) || std::isnan(c0) || clip.v[k] - c0 < kClipping) continue;
    char buf[128];
    std::snprintf(buf, sizeof buf, "accelerometer clipping: %.0f samples clipped in flight",
                  clip.v[k] - c0);
    out->push_back(evidence_event(clip, k, "vibration_high", Severity::kWarning, buf));
    break;
  }
}

}  // namespace skykeep::analysis
