// GNSS: fix lost and regained; a flight without a 3D fix; interference (the receiver's jamming
// report, its interference monitor, accuracy or satellites against the flight's own baseline);
// the receiver's spoofing report.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {
namespace {

constexpr double k3dFix = 3;
// The baseline of a figure: the median of its first samples in the flight taken with a 3D fix.
constexpr size_t kBaselineSamples = 10;
// Accuracy worse than this and than kEphFactor times the baseline is interference.
constexpr double kEphSpikeM = 5, kEphFactor = 3;
// Fewer than this share of the baseline satellites is interference.
constexpr double kSatsDropShare = 0.5;
// The interference monitor: the jamming indicator (0-255) above both kJamIndFloor and
// kJamIndFactor times its baseline, or the noise level above kNoiseFactor times its baseline,
// for kMonitorSustainUs or more.
constexpr double kJamIndFloor = 100, kJamIndFactor = 3, kNoiseFactor = 1.5;
constexpr int64_t kMonitorSustainUs = 2000000;
// An accuracy this poor or worse is no estimate at all.
constexpr double kNoAccuracyM = 10000;
// Jamming and spoofing states: 2 warning (indicated, mitigated), 3 critical (detected).
constexpr double kStateWarning = 2, kStateCritical = 3;

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

// The name of a series' field in an event about `topic`: prefixed with its own topic when that
// differs ("UBX1.jamInd" in an event about "GPS").
std::string label(const Series& s, const std::string& topic) {
  return s.topic == topic ? s.field : s.topic + "." + s.field;
}

// The baseline of channel c: the median of its first kBaselineSamples samples in the window
// taken while the receiver has a 3D fix; NaN without any.
double baseline(const Signals& s, const Window& w, Ch c) {
  const Series &fix = s[Ch::kGpsFix], &x = s[c];
  std::vector<double> first;
  ptrdiff_t from = x.at_or_after(w.start);
  for (size_t k = from < 0 ? x.size() : static_cast<size_t>(from);
       k < x.size() && w.contains(x.t[k]) && first.size() < kBaselineSamples; ++k)
    if (value_at(fix, x.t[k]) >= k3dFix) first.push_back(x.v[k]);
  return median(std::move(first));
}

void lost_and_regained(const Signals& s, const Window& w, std::vector<Event>* out) {
  const Series& fix = s[Ch::kGpsFix];
  bool had = value_at(fix, w.start) >= k3dFix, lost = false;
  int64_t lost_at = 0;
  ptrdiff_t from = fix.at_or_after(w.start);
  for (size_t i = from < 0 ? fix.size() : static_cast<size_t>(from);
       i < fix.size() && w.contains(fix.t[i]); ++i) {
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
}

// The values of a channel in the window, in time order.
std::vector<double> in_window(const Series& x, const Window& w) {
  std::vector<double> v;
  for (ptrdiff_t i = x.at_or_after(w.start); i >= 0 && static_cast<size_t>(i) < x.size(); ++i) {
    if (!w.contains(x.t[static_cast<size_t>(i)])) break;
    v.push_back(x.v[static_cast<size_t>(i)]);
  }
  return v;
}

// A flight whose receiver reports all along and never has a 3D fix.
void never_fixed(const Signals& s, const Window& w, std::vector<Event>* out) {
  const Series& fix = s[Ch::kGpsFix];
  std::vector<double> fixes = in_window(fix, w);
  if (fixes.empty()) return;  // no receiver reporting in this flight: nothing to say
  double best = *std::max_element(fixes.begin(), fixes.end());
  if (double at_arming = value_at(fix, w.start); at_arming > best) best = at_arming;
  if (best >= k3dFix) return;
  Event e;
  e.t = w.takeoff.value_or(w.start);
  e.kind = "gps_no_fix";
  // Flying without a fix is critical, arming without one a warning. A boat, rover or submarine
  // (under way for its whole armed period) gets it as information: a submarine has no fix
  // under water, and many carry no receiver at all.
  e.severity = !s.aerial ? Severity::kInfo : w.takeoff ? Severity::kCritical : Severity::kWarning;
  e.topic = fix.topic;
  e.values.push_back({"best " + fix.field, best});
  std::string why = fmt("best fix type %.0f", best);
  const Series &sats = s[Ch::kSats], &eph = s[Ch::kEph];
  if (std::vector<double> n = in_window(sats, w); !n.empty()) {
    double most = *std::max_element(n.begin(), n.end()), mid = median(n);
    e.values.push_back({"max " + label(sats, fix.topic), most});
    e.values.push_back({"median " + label(sats, fix.topic), mid});
    why += fmt(", %.0f satellites at most (median %.0f)", most, mid);
  }
  if (std::vector<double> a = in_window(eph, w); !a.empty()) {
    double least = *std::min_element(a.begin(), a.end()), mid = median(a);
    e.values.push_back({"best " + label(eph, fix.topic), least});
    e.values.push_back({"median " + label(eph, fix.topic), mid});
    // Receivers without a solution report their largest value (u-blox: 4294967 m).
    why += least < kNoAccuracyM ? fmt(", accuracy %.1f m at best (median %.1f m)", least, mid)
                                : fmt(", no accuracy estimate (%.0f m)", least);
  }
  e.message = std::string(!s.aerial   ? "under way"
                          : w.takeoff ? "flew"
                                      : "armed") +
              " without a GPS 3D fix: " + why;
  out->push_back(std::move(e));
}

// The times of every sample of these channels in the window, sorted, once each.
std::vector<int64_t> timeline(const Signals& s, const Window& w, std::initializer_list<Ch> chs) {
  std::vector<int64_t> t;
  for (Ch c : chs) {
    const Series& x = s[c];
    size_t from = t.size();
    for (ptrdiff_t i = x.at_or_after(w.start); i >= 0 && static_cast<size_t>(i) < x.size(); ++i) {
      if (!w.contains(x.t[static_cast<size_t>(i)])) break;
      t.push_back(x.t[static_cast<size_t>(i)]);
    }
    std::inplace_merge(t.begin(), t.begin() + static_cast<ptrdiff_t>(from), t.end());
  }
  t.erase(std::unique(t.begin(), t.end()), t.end());
  return t;
}

// A channel's value at times from `from` on that only move forward: value_at without a search
// each time.
class Cursor {
 public:
  Cursor(const Series& s, int64_t from)
      : s_(s), next_(static_cast<size_t>(s.at_or_before(from) + 1)) {}
  double at(int64_t t) {
    while (next_ < s_.size() && s_.t[next_] <= t) ++next_;
    return next_ ? s_.v[next_ - 1] : NAN;
  }

 private:
  const Series& s_;
  size_t next_ = 0;
};

// One cause of interference over an episode: when it first held, its longest unbroken run, and
// its worst value.
struct Cause {
  bool held = false, running = false;
  int64_t first = 0, run_from = 0, longest = 0;
  double worst = NAN;

  void see(bool on, int64_t t, double v, bool larger_is_worse) {
    running = on && running;
    if (!on) return;
    if (!held) first = t;
    if (!running) run_from = t;
    held = running = true;
    longest = std::max(longest, t - run_from);
    if (std::isnan(worst) || (larger_is_worse ? v > worst : v < worst)) worst = v;
  }
};

void interference(const Signals& s, const Window& w, std::vector<Event>* out) {
  const Series &fix = s[Ch::kGpsFix], &eph = s[Ch::kEph], &sats = s[Ch::kSats],
               &jam = s[Ch::kJamming], &ind = s[Ch::kJamIndicator], &noise = s[Ch::kGpsNoise];
  double eph_base = baseline(s, w, Ch::kEph), sats_base = baseline(s, w, Ch::kSats),
         ind_base = baseline(s, w, Ch::kJamIndicator), noise_base = baseline(s, w, Ch::kGpsNoise);
  double ind_limit = std::max(kJamIndFloor, std::isnan(ind_base) ? 0 : kJamIndFactor * ind_base);
  double noise_limit = noise_base > 0 ? kNoiseFactor * noise_base : NAN;

  // An episode: consecutive samples where any cause holds. It raises one event if the jamming
  // report, accuracy or satellites held at all, or the monitor's figures for kMonitorSustainUs.
  struct Episode {
    Cause jammed, eph, sats, ind, noise;
    double fewest_sats = NAN;
  } ep;
  bool in_episode = false;
  auto report = [&] {
    in_episode = false;
    bool ind_counts = ep.ind.held && ep.ind.longest >= kMonitorSustainUs;
    bool noise_counts = ep.noise.held && ep.noise.longest >= kMonitorSustainUs;
    int64_t t = INT64_MAX;
    std::string topic;
    for (auto [on, at, from] : {std::tuple{ep.jammed.held, ep.jammed.first, &jam},
                                {ep.eph.held, ep.eph.first, &fix},
                                {ep.sats.held, ep.sats.first, &fix},
                                {ind_counts, ep.ind.first, &ind},
                                {noise_counts, ep.noise.first, &noise}})
      if (on && at < t) t = at, topic = from->topic;
    if (t == INT64_MAX) return;
    Event ev;
    ev.t = t;
    ev.kind = "gps_interference";
    ev.topic = topic;
    std::string why;
    auto add = [&](const Series& x, const std::string& what, const char* worst_name, double base,
                   double worst) {
      why += (why.empty() ? "" : ", ") + what;
      ev.values.push_back({label(x, topic), value_at(x, t)});
      if (!std::isnan(base)) ev.values.push_back({"baseline " + label(x, topic), base});
      ev.values.push_back({worst_name + label(x, topic), worst});
    };
    if (double f = value_at(fix, t); !std::isnan(f)) ev.values.push_back({label(fix, topic), f});
    if (ep.jammed.held)
      add(jam,
          fmt(ep.jammed.worst >= kStateCritical
                  ? "jamming reported by the receiver (state %.0f: critical, detected)"
                  : "jamming reported by the receiver (state %.0f: warning, mitigated)",
              ep.jammed.worst),
          "worst ", NAN, ep.jammed.worst);
    if (ep.eph.held)
      add(eph, fmt("accuracy %.1f m (baseline %.1f m)", ep.eph.worst, eph_base), "worst ", eph_base,
          ep.eph.worst);
    if (ep.sats.held)
      add(sats, fmt("%.0f satellites (baseline %.0f)", ep.sats.worst, sats_base), "fewest ",
          sats_base, ep.sats.worst);
    if (ind_counts)
      add(ind, fmt("jamming indicator up to %.0f (baseline %.0f)", ep.ind.worst, ind_base), "peak ",
          ind_base, ep.ind.worst);
    if (noise_counts)
      add(noise, fmt("noise level up to %.0f (baseline %.0f)", ep.noise.worst, noise_base), "peak ",
          noise_base, ep.noise.worst);
    ev.message = "GPS interference: " + why;
    bool critical = (ep.jammed.held && ep.jammed.worst >= kStateCritical) || ep.fewest_sats < 4;
    ev.severity = critical ? Severity::kCritical : Severity::kWarning;
    out->push_back(std::move(ev));
  };

  Cursor fix_at(fix, w.start), jam_at(jam, w.start), eph_at(eph, w.start), sats_at(sats, w.start),
      ind_at(ind, w.start), noise_at(noise, w.start);
  for (int64_t t : timeline(s, w, {Ch::kGpsFix, Ch::kJamming, Ch::kJamIndicator, Ch::kGpsNoise})) {
    double f = fix_at.at(t), j = jam_at.at(t), e = eph_at.at(t), n = sats_at.at(t),
           ji = ind_at.at(t), nz = noise_at.at(t);
    bool solution = f >= 2;
    bool jammed = j >= kStateWarning;
    bool eph_bad =
        solution && !std::isnan(eph_base) && e > std::max(kEphSpikeM, kEphFactor * eph_base);
    bool sats_bad = solution && sats_base > 0 && n < sats_base * kSatsDropShare;
    bool ind_bad = ji > ind_limit;
    bool noise_bad = nz > noise_limit;  // false while there is no limit (NaN)
    if (!(jammed || eph_bad || sats_bad || ind_bad || noise_bad)) {
      if (in_episode) report();
      continue;
    }
    if (!in_episode) ep = Episode{}, in_episode = true;
    ep.jammed.see(jammed, t, j, true);
    ep.eph.see(eph_bad, t, e, true);
    ep.sats.see(sats_bad, t, n, false);
    ep.ind.see(ind_bad, t, ji, true);
    ep.noise.see(noise_bad, t, nz, true);
    if (!std::isnan(n) && !(n >= ep.fewest_sats)) ep.fewest_sats = n;
  }
  if (in_episode) report();
}

// The receiver's spoofing report: one event per episode of state 2 or 3.
void spoofing(const Signals& s, const Window& w, std::vector<Event>* out) {
  const Series& sp = s[Ch::kSpoofing];
  ptrdiff_t from = sp.at_or_after(w.start);
  size_t i = from < 0 ? sp.size() : static_cast<size_t>(from);
  while (i < sp.size() && w.contains(sp.t[i])) {
    if (sp.v[i] < kStateWarning) {
      ++i;
      continue;
    }
    size_t j = i, worst = i;
    while (j + 1 < sp.size() && w.contains(sp.t[j + 1]) && sp.v[j + 1] >= kStateWarning) {
      ++j;
      if (sp.v[j] > sp.v[worst]) worst = j;
    }
    bool detected = sp.v[worst] >= kStateCritical;
    Event e = evidence_event(
        sp, i, "gps_spoofing", detected ? Severity::kCritical : Severity::kWarning,
        fmt(detected ? "GPS spoofing reported by the receiver (state %.0f: detected) for %.1f s"
                     : "GPS spoofing reported by the receiver (state %.0f: indicated or "
                       "mitigated) for %.1f s",
            sp.v[worst], static_cast<double>(sp.t[j] - sp.t[i]) / 1e6));
    e.values.push_back({"worst " + sp.field, sp.v[worst]});
    for (Ch c : {Ch::kGpsFix, Ch::kSats, Ch::kEph})
      if (double v = value_at(s[c], sp.t[i]); !std::isnan(v))
        e.values.push_back({label(s[c], sp.topic), v});
    out->push_back(std::move(e));
    i = j + 1;
  }
}

}  // namespace

void check_gps(const Signals& s, const Window& w, std::vector<Event>* out) {
  if (!s[Ch::kGpsFix].empty()) {
    lost_and_regained(s, w, out);
    never_fixed(s, w, out);
  }
  interference(s, w, out);
  spoofing(s, w, out);
}

}  // namespace skykeep::analysis
