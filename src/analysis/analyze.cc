// Flight segmentation and summaries (docs/vault.md, "Flights"); the events come from checks/.
#include <algorithm>
#include <cmath>

#include "analysis/checks/checks_internal.h"
#include "analysis/flight.h"
#include "analysis/geo.h"

namespace skykeep::analysis {
namespace {

// Armed periods shorter than this are glitches, not flights.
constexpr int64_t kMinFlightUs = 1000000;
// Without a land detector: the vehicle has taken off once it is this far above its arming
// altitude or this fast over the ground.
constexpr double kTakeoffClimbM = 2.0, kTakeoffSpeedMps = 3.0;
// A track step faster than this is a position glitch, not flight, and adds no distance.
constexpr double kMaxTrackSpeedMps = 150;

// The periods where a 0/1 state channel holds `value`; an open period ends at `last`.
std::vector<std::pair<int64_t, int64_t>> periods(const Series& s, double value, int64_t last,
                                                 std::vector<bool>* open_ended) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.v[i] != value) continue;
    size_t j = i + 1;
    while (j < s.size() && s.v[j] == value) ++j;
    bool open = j == s.size();
    out.push_back({s.t[i], open ? std::max(last, s.t[i]) : s.t[j]});
    open_ended->push_back(open);
    i = j;
  }
  return out;
}

// The first time in [from, to] the vehicle is clearly flying by altitude or speed, or nullopt.
std::optional<int64_t> heuristic_takeoff(const Signals& s, int64_t from, int64_t to) {
  const Series& alt = s[Ch::kAltRel].empty() ? s[Ch::kAltAmsl] : s[Ch::kAltRel];
  double base = value_at(alt, from);
  if (std::isnan(base) && !alt.empty()) {
    ptrdiff_t i = alt.at_or_after(from);
    if (i >= 0) base = alt.v[static_cast<size_t>(i)];
  }
  std::optional<int64_t> first;
  for (size_t i = 0; i < alt.size(); ++i)
    if (alt.t[i] >= from && alt.t[i] <= to && alt.v[i] - base > kTakeoffClimbM) {
      first = alt.t[i];
      break;
    }
  const Series& sp = s[Ch::kHSpeed];
  for (size_t i = 0; i < sp.size(); ++i)
    if (sp.t[i] >= from && sp.t[i] <= to && sp.v[i] > kTakeoffSpeedMps) {
      if (!first || sp.t[i] < *first) first = sp.t[i];
      break;
    }
  return first;
}

// The last time in [from, to] the vehicle was still flying by altitude or speed.
std::optional<int64_t> heuristic_landing(const Signals& s, int64_t from, int64_t to,
                                         int64_t takeoff) {
  const Series& alt = s[Ch::kAltRel].empty() ? s[Ch::kAltAmsl] : s[Ch::kAltRel];
  double base = value_at(alt, takeoff);
  std::optional<int64_t> last;
  for (size_t i = 0; i < alt.size(); ++i)
    if (alt.t[i] >= from && alt.t[i] <= to && alt.v[i] - base > kTakeoffClimbM / 2) last = alt.t[i];
  return last;
}

void takeoff_and_landing(const Signals& s, Window* w, Summary* sum) {
  const Series& landed = s[Ch::kLanded];
  if (!s.aerial) {  // a boat, rover or submarine is under way for its whole armed period
    sum->took_off = true;
    return;
  }
  if (!landed.empty()) {
    double state = value_at(landed, w->start);
    if (std::isnan(state)) state = 1;
    if (state == 0) w->takeoff = w->start;  // armed in the air (or the log began in flight)
    for (size_t i = 0; i < landed.size(); ++i) {
      if (landed.t[i] <= w->start || landed.t[i] > w->end) continue;
      if (state == 1 && landed.v[i] == 0 && !w->takeoff) w->takeoff = landed.t[i];
      if (state == 0 && landed.v[i] == 1 && w->takeoff) w->landing = landed.t[i];
      state = landed.v[i];
    }
    if (w->takeoff && state == 0) w->landing.reset();  // never came down
  } else {
    w->takeoff = heuristic_takeoff(s, w->start, w->end);
    if (w->takeoff && !w->ended_armed)
      w->landing = heuristic_landing(s, *w->takeoff, w->end, *w->takeoff);
  }
  sum->took_off = w->takeoff.has_value();
  sum->takeoff_us = w->takeoff;
  sum->landing_us = w->landing;
}

// The index of the first sample in [from, to], or -1.
ptrdiff_t first_in(const Series& s, int64_t from, int64_t to) {
  ptrdiff_t i = s.at_or_after(from);
  return i >= 0 && s.t[static_cast<size_t>(i)] <= to ? i : -1;
}

ptrdiff_t last_in(const Series& s, int64_t from, int64_t to) {
  ptrdiff_t i = s.at_or_before(to);
  return i >= 0 && s.t[static_cast<size_t>(i)] >= from ? i : -1;
}

std::optional<double> max_in(const Series& s, int64_t from, int64_t to) {
  std::optional<double> m;
  for (ptrdiff_t i = first_in(s, from, to);
       i >= 0 && static_cast<size_t>(i) < s.size() && s.t[static_cast<size_t>(i)] <= to; ++i)
    if (!m || s.v[static_cast<size_t>(i)] > *m) m = s.v[static_cast<size_t>(i)];
  return m;
}

std::optional<double> min_in(const Series& s, int64_t from, int64_t to) {
  std::optional<double> m;
  for (ptrdiff_t i = first_in(s, from, to);
       i >= 0 && static_cast<size_t>(i) < s.size() && s.t[static_cast<size_t>(i)] <= to; ++i)
    if (!m || s.v[static_cast<size_t>(i)] < *m) m = s.v[static_cast<size_t>(i)];
  return m;
}

void figures(const Signals& s, const Window& w, Summary* sum) {
  int64_t from = w.takeoff.value_or(w.start), to = w.landing.value_or(w.end);
  const Series &lat = s[Ch::kLat], &lon = s[Ch::kLon];
  if (ptrdiff_t i = first_in(lat, from, w.end); i >= 0)
    sum->takeoff = Point{lat.v[static_cast<size_t>(i)], lon.v[static_cast<size_t>(i)]};
  if (ptrdiff_t i = last_in(lat, w.start, to); i >= 0)
    sum->landing = Point{lat.v[static_cast<size_t>(i)], lon.v[static_cast<size_t>(i)]};
  // Track: distance from takeoff to landing, bounding box over the whole flight.
  double dist = 0;
  bool any = false;
  for (ptrdiff_t i = first_in(lat, w.start, w.end);
       i >= 0 && static_cast<size_t>(i) < lat.size() && lat.t[static_cast<size_t>(i)] <= w.end;
       ++i) {
    size_t k = static_cast<size_t>(i);
    Point p{lat.v[k], lon.v[k]};
    if (!sum->bbox_min) sum->bbox_min = p, sum->bbox_max = p;
    sum->bbox_min->lat = std::min(sum->bbox_min->lat, p.lat);
    sum->bbox_min->lon = std::min(sum->bbox_min->lon, p.lon);
    sum->bbox_max->lat = std::max(sum->bbox_max->lat, p.lat);
    sum->bbox_max->lon = std::max(sum->bbox_max->lon, p.lon);
    if (k == 0 || lat.t[k - 1] < from || lat.t[k] > to) continue;
    double d = geodesic_m(lat.v[k - 1], lon.v[k - 1], p.lat, p.lon);
    double dt = static_cast<double>(lat.t[k] - lat.t[k - 1]) / 1e6;
    if (dt > 0 && d / dt > kMaxTrackSpeedMps) continue;
    dist += d;
    any = true;
  }
  if (any || (sum->took_off && !lat.empty())) sum->distance_m = dist;
  // Altitude above takeoff: the estimator's relative altitude where there is one, above the
  // lowest altitude between arming and takeoff (the ground the vehicle stood on: a takeoff seen
  // late, by a slow land detector or by the climb itself, must not raise it).
  const Series& alt = s[Ch::kAltRel].empty() ? s[Ch::kAltAmsl] : s[Ch::kAltRel];
  double base = value_at(alt, w.start);
  if (auto m = min_in(alt, w.start, from); m && !(*m >= base)) base = *m;
  if (std::isnan(base)) {
    if (ptrdiff_t i = first_in(alt, from, to); i >= 0) base = alt.v[static_cast<size_t>(i)];
  }
  if (auto m = max_in(alt, from, to); m && !std::isnan(base))
    sum->max_altitude_m = std::max(0.0, *m - base);
  sum->max_hspeed_mps = max_in(s[Ch::kHSpeed], w.start, w.end);
  sum->max_climb_mps = max_in(s[Ch::kClimb], w.start, w.end);
  sum->max_sink_mps = max_in(s[Ch::kSink], w.start, w.end);
  // Battery.
  const Series& rem = s[Ch::kRemaining];
  if (ptrdiff_t i = first_in(rem, w.start, w.end); i >= 0)
    sum->battery_start_pct = rem.v[static_cast<size_t>(i)];
  if (ptrdiff_t i = last_in(rem, w.start, w.end); i >= 0)
    sum->battery_end_pct = rem.v[static_cast<size_t>(i)];
  sum->min_voltage_v = min_in(s[Ch::kVoltage], w.start, w.end);
  const Series& used = s[Ch::kConsumed];
  ptrdiff_t a = first_in(used, w.start, w.end), b = last_in(used, w.start, w.end);
  if (a >= 0 && b >= 0) {
    sum->consumed_mah =
        std::max(0.0, used.v[static_cast<size_t>(b)] - used.v[static_cast<size_t>(a)]);
  } else if (const Series& cur = s[Ch::kCurrent]; first_in(cur, w.start, w.end) >= 0) {
    double mah = 0;  // integrate the current: A x h x 1000
    for (size_t i = 1; i < cur.size(); ++i)
      if (cur.t[i - 1] >= w.start && cur.t[i] <= w.end)
        mah += cur.v[i - 1] * static_cast<double>(cur.t[i] - cur.t[i - 1]) / 3.6e6;
    sum->consumed_mah = mah;
  }
  // Modes: the one in force at arming, then each one entered.
  const Series& mode = s[Ch::kMode];
  auto add_mode = [&](double code) {
    std::string n = s.mode_name(code);
    if (std::find(sum->modes.begin(), sum->modes.end(), n) == sum->modes.end())
      sum->modes.push_back(n);
  };
  if (double m0 = value_at(mode, w.start); !std::isnan(m0)) add_mode(m0);
  for (size_t i = 0; i < mode.size(); ++i)
    if (mode.t[i] > w.start && mode.t[i] < w.end) add_mode(mode.v[i]);
}

}  // namespace

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
  }
  return "info";
}

int event_kind_index(std::string_view kind) {
  for (size_t i = 0; i < std::size(kEventKinds); ++i)
    if (kind == kEventKinds[i]) return static_cast<int>(i);
  return -1;
}

std::optional<double> Summary::max_vspeed_mps() const {
  if (!max_climb_mps && !max_sink_mps) return std::nullopt;
  return std::max(max_climb_mps.value_or(0), max_sink_mps.value_or(0));
}

std::vector<Flight> analyze(const Signals& s) {
  std::vector<Flight> out;
  if (!s.any_time) return out;
  std::vector<bool> open;
  // Armed periods; without an arming state, periods in the air.
  auto spans = periods(s[Ch::kArmed], 1, s.last_us, &open);
  bool by_arming = !s[Ch::kArmed].empty();
  if (!by_arming) spans = periods(s[Ch::kLanded], 0, s.last_us, &open);
  std::vector<size_t> order(spans.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return spans[a] < spans[b]; });
  for (size_t i : order) {
    auto [start, end] = spans[i];
    if (end - start < kMinFlightUs) continue;
    Flight f;
    Window w;
    w.start = start;
    w.end = end;
    w.ended_armed = open[i];
    Summary& sum = f.summary;
    sum.start_us = start;
    sum.end_us = end;
    sum.ended_armed = open[i];
    sum.duration_s = static_cast<double>(end - start) / 1e6;
    sum.utc_start_us = s.utc(start);
    sum.utc_end_us = s.utc(end);
    if (by_arming) {
      takeoff_and_landing(s, &w, &sum);
    } else {
      w.takeoff = start;
      if (!open[i]) w.landing = end;
      sum.took_off = true;
      sum.takeoff_us = w.takeoff;
      sum.landing_us = w.landing;
    }
    figures(s, w, &sum);
    for (auto check : {check_routine, check_failsafe, check_gps, check_ekf, check_battery,
                       check_vibration, check_messages, check_crash})
      check(s, w, &f.events);
    std::stable_sort(f.events.begin(), f.events.end(),
                     [](const Event& a, const Event& b) { return a.t < b.t; });
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace skykeep::analysis
