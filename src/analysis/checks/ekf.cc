// Estimator faults: innovation test ratios over 1 (the estimator rejecting a sensor) for a
// second or more, fault flags, and the estimator selector switching primaries back and forth.
#include <cmath>
#include <cstdio>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {
namespace {

constexpr double kRatioLimit = 1.0;
constexpr int64_t kSustainUs = 1000000, kCriticalUs = 5000000;
// Episodes of one ratio closer than this are one episode.
constexpr int64_t kMergeUs = 5000000;
// This many primary switches within kWhipsawUs is the selector whipsawing.
constexpr size_t kWhipsawSwitches = 3;
constexpr int64_t kWhipsawUs = 10000000;

void ratios(const Signals& s, const Window& w, Ch c, const char* what, std::vector<Event>* out) {
  const Series& r = s[c];
  size_t i = 0;
  while (i < r.size()) {
    if (!w.contains(r.t[i]) || r.v[i] < kRatioLimit) {
      ++i;
      continue;
    }
    size_t j = i, peak = i;
    for (size_t k = i + 1; k < r.size() && w.contains(r.t[k]); ++k) {
      if (r.v[k] < kRatioLimit) {
        if (r.t[k] - r.t[j] > kMergeUs) break;
        continue;
      }
      j = k;
      if (r.v[j] > r.v[peak]) peak = j;
    }
    int64_t span = r.t[j] - r.t[i];
    if (span >= kSustainUs) {
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "estimator %s innovation over its limit for %.1f s (test ratio up to %.2f)",
                    what, static_cast<double>(span) / 1e6, r.v[peak]);
      Event e = evidence_event(r, i, "ekf_fault",
                               span >= kCriticalUs ? Severity::kCritical : Severity::kWarning, buf);
      e.values.push_back({"peak " + r.field, r.v[peak]});
      out->push_back(std::move(e));
    }
    i = j + 1;
  }
}

}  // namespace

void check_ekf(const Signals& s, const Window& w, std::vector<Event>* out) {
  ratios(s, w, Ch::kEkfVel, "velocity", out);
  ratios(s, w, Ch::kEkfPos, "position", out);
  ratios(s, w, Ch::kEkfHgt, "height", out);
  ratios(s, w, Ch::kEkfMag, "magnetometer", out);
  const Series& faults = s[Ch::kEkfFaults];
  bool on = value_at(faults, w.start) > 0;
  for (size_t i = 0; i < faults.size(); ++i) {
    if (!w.contains(faults.t[i])) continue;
    if (faults.v[i] > 0 && !on)
      out->push_back(evidence_event(faults, i, "ekf_fault", Severity::kCritical,
                                    "estimator fault flags set (" +
                                        std::to_string(static_cast<long long>(faults.v[i])) + ")"));
    on = faults.v[i] > 0;
  }
  // Primary switches: each change of the selected instance inside the flight.
  const Series& primary = s[Ch::kEkfPrimary];
  std::vector<size_t> sw;
  for (size_t i = 1; i < primary.size(); ++i)
    if (w.contains(primary.t[i])) sw.push_back(i);
  for (size_t a = 0; a + kWhipsawSwitches <= sw.size();) {
    size_t b = a + kWhipsawSwitches - 1;
    int64_t span = primary.t[sw[b]] - primary.t[sw[a]];
    if (span > kWhipsawUs) {
      ++a;
      continue;
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "estimator selector switching: %zu primary changes in %.1f s",
                  kWhipsawSwitches, static_cast<double>(span) / 1e6);
    Event e = evidence_event(primary, sw[a], "ekf_fault", Severity::kCritical, buf);
    e.values.push_back({"switches", static_cast<double>(kWhipsawSwitches)});
    e.values.push_back({"window_s", static_cast<double>(span) / 1e6});
    out->push_back(std::move(e));
    a = b + 1;  // the next episode starts after this one's switches
  }
}

}  // namespace skykeep::analysis
