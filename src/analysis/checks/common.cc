#include <cmath>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {

bool Window::in_air(const Signals& s, int64_t t) const {
  if (!s.aerial) return contains(t);
  const Series& landed = s[Ch::kLanded];
  if (!landed.empty()) {
    double v = value_at(landed, t);
    return v == 0 && contains(t);
  }
  return takeoff && t >= *takeoff && (!landing || t <= *landing);
}

double value_at(const Series& s, int64_t t) {
  ptrdiff_t i = s.at_or_before(t);
  return i < 0 ? NAN : s.v[static_cast<size_t>(i)];
}

Event evidence_event(const Series& s, size_t i, const char* kind, Severity sev,
                     std::string message) {
  Event e;
  e.t = s.t[i];
  e.kind = kind;
  e.severity = sev;
  e.message = std::move(message);
  e.topic = s.topic;
  e.values.push_back({s.field, s.v[i]});
  return e;
}

}  // namespace skykeep::analysis
