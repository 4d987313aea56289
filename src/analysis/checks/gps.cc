// GNSS: fix lost and regained, and interference (a jamming report, accuracy collapsing or
// satellites dropping away against the flight's own baseline).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {
namespace {

constexpr double k3dFix = 3;
// Accuracy worse than this and than kEphFactor times the baseline is interference.
constexpr double kEphSpikeM = 5, kEphFactor = 3;
// Fewer than this share of the baseline satellites is interference.
constexpr double kSatsDropShare = 0.5;
constexpr size_t kBaselineSamples = 10;

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

std::string fmt(const char* f, double a, double b = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

}  // namespace

void check_gps(const Signals& s, const Window& w, std::vector<Event>* out) {
  const Series& fix = s[Ch::kGpsFix];
  if (fix.empty()) return;
  // Fix lost and regained, once the flight has had a 3D fix.
  bool had = value_at(fix, w.start) >= k3dFix, lost = false;
  int64_t lost_at = 0;
  for (size_t i = 0; i < fix.size(); ++i) {
    if (!w.contains(fix.t[i])) continue;
    bool good = fix.v[i] >= k3dFix;
    if (good && lost) {
      out->push_back(evidence_event(
          fix, i, "gps_regained", Severity::kInfo,
          fmt("GPS 3D fix regained after %.1f s", static_cast<double>(fix.t[i] - lost_at) / 1e6)));
      lost = false;
    } else if (!good && had && !lost) {
      Event e = evidence_event(fix, i, "gps_lost", Severity::kWarning,
                               fmt("GPS 3D fix lost (fix type %.0f)", fix.v[i]));
      if (double n = value_at(s[Ch::kSats], fix.t[i]); !std::isnan(n))
        e.values.push_back({s[Ch::kSats].field, n});
      if (w.in_air(s, fix.t[i])) e.severity = Severity::kCritical;
      out->push_back(std::move(e));
      lost = true;
      lost_at = fix.t[i];
    }
    had = had || good;
  }

  // Interference: the jamming report, or accuracy and satellites against the baseline of the
  // flight's first good samples. One event per episode.
  const Series &eph = s[Ch::kEph], &sats = s[Ch::kSats], &jam = s[Ch::kJamming];
  std::vector<double> e0, s0;
  for (size_t i = 0; i < fix.size() && e0.size() < kBaselineSamples; ++i) {
    if (fix.t[i] < w.start || fix.v[i] < k3dFix) continue;
    if (double e = value_at(eph, fix.t[i]); !std::isnan(e)) e0.push_back(e);
    if (double n = value_at(sats, fix.t[i]); !std::isnan(n)) s0.push_back(n);
  }
  double eph_base = median(e0), sats_base = median(s0);
  bool episode = false;
  for (size_t i = 0; i < fix.size(); ++i) {
    int64_t t = fix.t[i];
    if (!w.contains(t)) continue;
    double j = value_at(jam, t), e = value_at(eph, t), n = value_at(sats, t);
    bool solution = fix.v[i] >= 2;
    bool jammed = j >= 2;
    bool eph_bad =
        solution && !std::isnan(eph_base) && e > std::max(kEphSpikeM, kEphFactor * eph_base);
    bool sats_bad = solution && sats_base > 0 && n < sats_base * kSatsDropShare;
    if (!(jammed || eph_bad || sats_bad)) {
      episode = false;
      continue;
    }
    if (episode) continue;
    episode = true;
    Event ev;
    ev.t = t;
    ev.kind = "gps_interference";
    ev.severity = j >= 3 || n < 4 ? Severity::kCritical : Severity::kWarning;
    std::string why;
    if (jammed) why += fmt("jamming reported (state %.0f)", j);
    if (eph_bad)
      why += (why.empty() ? "" : ", ") + fmt("accuracy %.1f m (baseline %.1f m)", e, eph_base);
    if (sats_bad)
      why += (why.empty() ? "" : ", ") + fmt("%.0f satellites (baseline %.0f)", n, sats_base);
    ev.message = "GPS interference: " + why;
    ev.topic = fix.topic;
    ev.values.push_back({fix.field, fix.v[i]});
    if (!std::isnan(j)) ev.values.push_back({jam.field, j});
    if (!std::isnan(e)) ev.values.push_back({eph.field, e});
    if (!std::isnan(n)) ev.values.push_back({sats.field, n});
    out->push_back(std::move(ev));
  }
}

}  // namespace skykeep::analysis
