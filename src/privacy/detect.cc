#include "privacy/detect.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "base/endian.h"
#include "base/geo.h"
#include "base/utc.h"

namespace skykeep::privacy {
namespace {

constexpr int64_t kWeekUs = 7 * kDayUs;
// How far from the log's own UTC span a number may be and still be read as its time: a day
// or two of clock error, time zones, a log opened the day before.
constexpr int64_t kUtcSlackUs = 3 * kDayUs;
// How far around the log's positions a number may be and still be read as one (2 km): home,
// mission items and the track's edges.
constexpr double kBoxMarginDeg = 0.02;
// A box within this of the equator or the prime meridian says nothing by value: small numbers
// are everywhere.
constexpr double kNearZeroDeg = 0.5;
// Share of a field's non-zero values that must fall in a window for the field to be judged
// as that thing.
constexpr double kShare = 0.9;
// A field follows the track's north, east or down when it correlates this well with it.
constexpr double kTrackCorrelation = 0.97;
constexpr double kTrackMinSpreadM = 5;
// ... and its steps, taken a second or more apart, correlate this well with the track's.
constexpr double kStepCorrelation = 0.8;
constexpr double kStepUs = 1e6;
constexpr size_t kSampleRows = 4000;  // rows judged at most per field, evenly spread

// The scales at which a latitude or longitude is stored: degrees, 1e-5 to 1e-7 degrees,
// radians.
constexpr double kAngleScales[] = {1, 1e5, 1e6, 1e7, kDegToRad};
const char* const kAngleScaleNames[] = {"degrees", "1e-5 degrees", "1e-6 degrees", "1e-7 degrees",
                                        "radians"};

struct Window {
  double lo, hi;
  bool contains(double v) const { return v >= lo && v <= hi; }
};

// The windows in which a latitude or longitude of the log falls at a scale; none when the box
// lies near zero.
std::vector<Window> angle_windows(const Facts& f, double scale) {
  std::vector<Window> out;
  if (!f.positions) return out;
  for (auto [lo, hi] : {std::pair{f.lat_lo, f.lat_hi}, std::pair{f.lon_lo, f.lon_hi}}) {
    lo -= kBoxMarginDeg;
    hi += kBoxMarginDeg;
    if (lo <= kNearZeroDeg && hi >= -kNearZeroDeg) continue;
    out.push_back({std::min(lo * scale, hi * scale), std::max(lo * scale, hi * scale)});
  }
  return out;
}

Window utc_window(const TimeEncoding& e, const Facts& f) {
  int64_t lo = f.utc_offset_us ? f.utc_lo - kUtcSlackUs : kY2000Us;
  int64_t hi = f.utc_offset_us ? f.utc_hi + kUtcSlackUs : kY2100Us;
  return {static_cast<double>(lo - e.epoch_us) * e.per_us,
          static_cast<double>(hi - e.epoch_us) * e.per_us};
}

int year_of(int64_t utc_us) { return utc_year(utc_us); }

bool valid_position(double lat, double lon) {
  return std::isfinite(lat) && std::isfinite(lon) && std::abs(lat) <= 90 && std::abs(lon) <= 180 &&
         (std::abs(lat) > 1e-9 || std::abs(lon) > 1e-9);
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  size_t n = a.size();
  double ma = 0, mb = 0;
  for (size_t i = 0; i < n; ++i) ma += a[i], mb += b[i];
  ma /= static_cast<double>(n);
  mb /= static_cast<double>(n);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0;
}

double spread(const std::vector<double>& a) {
  auto [lo, hi] = std::minmax_element(a.begin(), a.end());
  return a.empty() ? 0 : *hi - *lo;
}

Classification found(DataClass c, Role r, std::string rule) {
  Classification out;
  out.cls = c;
  out.role = r;
  out.rule = "value: " + std::move(rule);
  return out;
}

}  // namespace

const std::vector<TimeEncoding>& utc_encodings() {
  static const std::vector<TimeEncoding> kEncodings = {
      {1, 0},           {1e-3, 0},           {1e-6, 0},           {1e3, 0},
      {1, kGpsEpochUs}, {1e-3, kGpsEpochUs}, {1e-6, kGpsEpochUs}, {1e-6, kY2000Us},
      {1e-6, kY2016Us}, {1.0 / kDayUs, 0}};
  return kEncodings;
}

bool is_utc(double value, const TimeEncoding& e, const Facts& f) {
  return utc_window(e, f).contains(value);
}

Facts facts_of(const model::Log& log, std::optional<int64_t> utc_offset_us,
               std::vector<std::string> ids, std::vector<std::array<std::byte, 8>> numeric_ids) {
  Facts f;
  f.ids = std::move(ids);
  f.numeric_ids = std::move(numeric_ids);
  f.utc_offset_us = utc_offset_us;
  // The track: the topic with the most positions of the vehicle.
  const model::Topic* best = nullptr;
  PositionPair best_pair;
  size_t best_rows = 0;
  auto widen = [&](double a, double o) {
    if (!f.positions) {
      f.lat_lo = f.lat_hi = a;
      f.lon_lo = f.lon_hi = o;
      f.positions = true;
    }
    f.lat_lo = std::min(f.lat_lo, a), f.lat_hi = std::max(f.lat_hi, a);
    f.lon_lo = std::min(f.lon_lo, o), f.lon_hi = std::max(f.lon_hi, o);
  };
  for (const auto& t : log.topics) {
    for (const auto& p : position_fields(t.schema).pairs) {
      size_t rows = 0;
      for (size_t i = 0; i < t.rows; ++i) {
        double a = t.value(static_cast<size_t>(p.lat), i) * p.k,
               o = t.value(static_cast<size_t>(p.lon), i) * p.k;
        if (!valid_position(a, o)) continue;
        widen(a, o);
        ++rows;
      }
      if (p.vehicle && rows > best_rows) best = &t, best_pair = p, best_rows = rows;
    }
  }
  if (best) {
    int alt = -1;
    auto cls = classify_topic(best->schema);
    for (size_t i = 0; i < cls.size() && alt < 0; ++i)
      if (cls[i].role == Role::kAltitude) alt = static_cast<int>(i);
    std::vector<size_t> order;
    for (size_t i = 0; i < best->rows; ++i) order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return best->time_at(a) < best->time_at(b); });
    for (size_t i : order) {
      int64_t tm = best->time_at(i);
      double a = best->value(static_cast<size_t>(best_pair.lat), i) * best_pair.k,
             o = best->value(static_cast<size_t>(best_pair.lon), i) * best_pair.k;
      if (tm == model::kNoTime || !valid_position(a, o)) continue;
      f.t.push_back(tm);
      f.lat.push_back(a);
      f.lon.push_back(o);
      f.alt.push_back(alt >= 0 ? best->value(static_cast<size_t>(alt), i) *
                                     altitude_factor(best->schema.fields[static_cast<size_t>(alt)])
                               : NAN);
    }
  }
  if (utc_offset_us) {
    bool any = false;
    for (const auto& t : log.topics) {
      if (!t.min_time) continue;
      int64_t lo = *t.min_time + *utc_offset_us, hi = *t.max_time + *utc_offset_us;
      f.utc_lo = any ? std::min(f.utc_lo, lo) : lo;
      f.utc_hi = any ? std::max(f.utc_hi, hi) : hi;
      any = true;
    }
    if (!any && log.meta.utc_start_us) f.utc_lo = f.utc_hi = *log.meta.utc_start_us, any = true;
    if (!any) f.utc_offset_us.reset();
  }
  return f;
}

namespace {
// The rows of a topic judge_values looks at: every step-th, at most about kSampleRows.
size_t sample_step(const model::Topic& t) { return std::max<size_t>(1, t.rows / kSampleRows); }
}  // namespace

RowTrack row_track(const model::Topic& t, const Facts& f) {
  RowTrack out;
  if (f.t.size() < 2) return out;
  out.step = sample_step(t);
  size_t n = (t.rows + out.step - 1) / out.step;
  out.n.assign(n, NAN);
  out.e.assign(n, NAN);
  out.d.assign(n, NAN);
  double lat0 = f.lat[0], lon0 = f.lon[0], alt0 = f.alt[0];
  double k_east = metres_per_degree_lon(lat0);
  for (size_t k = 0; k < n; ++k) {
    size_t i = k * out.step;
    int64_t tm = t.time_at(i);
    if (tm == model::kNoTime || tm < f.t.front() || tm > f.t.back()) continue;
    size_t j = static_cast<size_t>(std::upper_bound(f.t.begin(), f.t.end(), tm) - f.t.begin());
    size_t a = j == 0 ? 0 : j - 1, b = std::min(j, f.t.size() - 1);
    double w = f.t[b] == f.t[a]
                   ? 0
                   : static_cast<double>(tm - f.t[a]) / static_cast<double>(f.t[b] - f.t[a]);
    auto at = [&](const std::vector<double>& v) { return v[a] + (v[b] - v[a]) * w; };
    out.n[k] = (at(f.lat) - lat0) * kMetresPerDegree;
    out.e[k] = (at(f.lon) - lon0) * k_east;
    out.d[k] = -(at(f.alt) - alt0);
  }
  return out;
}

std::optional<Classification> judge_values(const model::Topic& t, size_t field, const Facts& f,
                                           const RowTrack& track) {
  const model::Field& fd = t.schema.fields[field];
  if (fd.is_text() || t.rows == 0) return std::nullopt;
  // A 64-bit value that is one of the vehicle's identifiers, in any record.
  if (fd.width() == 8 && !f.numeric_ids.empty())
    for (size_t i = 0; i < t.rows; ++i)
      for (const auto& id : f.numeric_ids)
        if (std::memcmp(t.columns[field].row(i), id.data(), 8) == 0)
          return found(DataClass::kIdentity, Role::kPlain, "the vehicle's identifier");
  size_t step = sample_step(t);
  std::vector<double> v;
  std::vector<size_t> rows;
  for (size_t i = 0; i < t.rows; i += step) {
    double x = t.value(field, i);
    if (std::isfinite(x) && x != 0) v.push_back(x), rows.push_back(i);
  }
  if (v.empty()) return std::nullopt;
  // Nine values in ten inside a window put the median inside it: most windows are ruled out by
  // the median alone.
  std::vector<double> sorted = v;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<ptrdiff_t>(sorted.size() / 2),
                   sorted.end());
  const double median = sorted[sorted.size() / 2];
  auto share_in = [&](const Window& w) {
    if (!w.contains(median)) return false;
    size_t n = 0;
    for (double x : v) n += w.contains(x);
    return static_cast<double>(n) >= kShare * static_cast<double>(v.size());
  };
  // A latitude or longitude, at any scale.
  for (size_t s = 0; s < std::size(kAngleScales); ++s)
    for (const Window& w : angle_windows(f, kAngleScales[s]))
      if (share_in(w)) {
        Classification c = found(DataClass::kLocation, Role::kAbsolute,
                                 std::string("the flight's positions in ") + kAngleScaleNames[s]);
        c.scale = kAngleScales[s];
        return c;
      }
  if (f.utc_offset_us) {
    // The flight's UTC time, in any common encoding.
    for (const TimeEncoding& e : utc_encodings())
      if (share_in(utc_window(e, f))) {
        Classification c = found(DataClass::kTelemetry, Role::kTime, "the flight's UTC time");
        c.time = e;
        return c;
      }
    auto integers_in = [&](double lo, double hi) {
      if (median < lo || median > hi) return false;
      size_t n = 0;
      for (double x : v) n += x == std::round(x) && x >= lo && x <= hi;
      return static_cast<double>(n) >= kShare * static_cast<double>(v.size());
    };
    double week_lo = std::floor(static_cast<double>(f.utc_lo - kGpsEpochUs) / kWeekUs),
           week_hi = std::floor(static_cast<double>(f.utc_hi - kGpsEpochUs) / kWeekUs);
    if (integers_in(week_lo - 1, week_hi + 1))
      return found(DataClass::kTelemetry, Role::kGpsWeek, "the flight's GPS week");
    if (integers_in(year_of(f.utc_lo) - 1, year_of(f.utc_hi) + 1))
      return found(DataClass::kTelemetry, Role::kDatePart, "the flight's year");
  }
  // The track's north, east or down, from any origin and at any scale.
  if (!track.n.empty() && v.size() >= 8) {
    std::set<double> distinct;
    for (size_t i = 0; i < v.size() && distinct.size() < 5; ++i) distinct.insert(v[i]);
    if (distinct.size() >= 5) {
      const std::vector<double>* axes[] = {&track.n, &track.e, &track.d};
      const char* names[] = {"north", "east", "down"};
      for (size_t a = 0; a < 3; ++a) {
        std::vector<double> x, r, tm;
        for (size_t k = 0; k < rows.size(); ++k) {
          double ref = (*axes[a])[rows[k] / track.step];
          if (!std::isfinite(ref)) continue;
          x.push_back(v[k]);
          r.push_back(ref);
          tm.push_back(static_cast<double>(t.time_at(rows[k])));
        }
        if (x.size() < 8 || spread(r) < kTrackMinSpreadM) continue;
        double c = std::abs(correlation(x, r));
        // A clock or a counter that merely grows with time is not a position.
        if (c < kTrackCorrelation || c <= std::abs(correlation(x, tm)) + 0.01) continue;
        // Following the track means following its every step, not only sharing its shape (a
        // heading flips with the legs of a pattern): the steps a second or more apart must go
        // with the track's too.
        std::vector<double> dx, dr;
        size_t last = 0;
        for (size_t k = 1; k < x.size(); ++k) {
          if (tm[k] - tm[last] < kStepUs) continue;
          dx.push_back(x[k] - x[last]);
          dr.push_back(r[k] - r[last]);
          last = k;
        }
        if (dx.size() >= 8 && std::abs(correlation(dx, dr)) >= kStepCorrelation)
          return found(DataClass::kLocation, Role::kOpaque,
                       std::string("follows the track's ") + names[a]);
      }
    }
  }
  return std::nullopt;
}

std::vector<ByteArray> byte_arrays(const model::Schema& s) {
  std::vector<ByteArray> out;
  for (size_t i = 0; i < s.fields.size();) {
    const std::string& n = s.fields[i].name;
    bool one_byte = s.fields[i].width() == 1 && !s.fields[i].is_text();
    if (!one_byte || n.size() < 4 || n.compare(n.size() - 3, 3, "[0]") != 0) {
      ++i;
      continue;
    }
    ByteArray a{n.substr(0, n.size() - 3), i, 0};
    while (i + a.count < s.fields.size() &&
           s.fields[i + a.count].name == a.name + "[" + std::to_string(a.count) + "]" &&
           s.fields[i + a.count].width() == 1)
      ++a.count;
    if (a.count >= 4) out.push_back(a);
    i += std::max<size_t>(a.count, 1);
  }
  return out;
}

uint8_t scan_bytes(const std::byte* p, size_t size, const Facts& f) {
  uint8_t holds = 0;
  std::vector<Window> deg = angle_windows(f, 1), e7 = angle_windows(f, 1e7);
  auto in = [](const std::vector<Window>& ws, double x) {
    return std::any_of(ws.begin(), ws.end(), [&](const Window& w) { return w.contains(x); });
  };
  int y_lo = f.utc_offset_us ? year_of(f.utc_lo) - 1 : 2000;
  int y_hi = f.utc_offset_us ? year_of(f.utc_hi) + 1 : 2100;
  for (size_t o = 0; o < size; ++o) {
    size_t left = size - o;
    if (left >= 4) {
      // A date as a year (16 bits), a month and a day, as PX4's events carry it.
      uint16_t y = load_le<uint16_t>(p + o);
      auto month = static_cast<uint8_t>(p[o + 2]), day = static_cast<uint8_t>(p[o + 3]);
      if (y >= y_lo && y <= y_hi && month >= 1 && month <= 12 && day >= 1 && day <= 31)
        holds |= kHoldsTime;
      int32_t i32 = load_le<int32_t>(p + o);
      float f32 = load_le<float>(p + o);
      if (in(e7, i32) || (std::isfinite(f32) && in(deg, f32))) holds |= kHoldsPosition;
      uint32_t u32 = load_le<uint32_t>(p + o);
      if (f.utc_offset_us && (is_utc(u32, {1e-6, 0}, f) || is_utc(u32, {1e-6, kGpsEpochUs}, f)))
        holds |= kHoldsTime;
    }
    if (left >= 8) {
      auto u64 = static_cast<double>(load_le<uint64_t>(p + o));
      double f64 = load_le<double>(p + o);
      if (std::isfinite(f64) && in(deg, f64)) holds |= kHoldsPosition;
      if (is_utc(u64, {1, 0}, f) ||
          (f.utc_offset_us && (is_utc(u64, {1e-3, 0}, f) || is_utc(u64, {1e3, 0}, f))))
        holds |= kHoldsTime;
      for (const auto& id : f.numeric_ids)
        if (std::memcmp(p + o, id.data(), 8) == 0) holds |= kHoldsIdentifier;
    }
  }
  std::string_view text(reinterpret_cast<const char*>(p), size);
  for (const auto& id : f.ids)
    if (text.find(id) != std::string_view::npos) holds |= kHoldsIdentifier;
  return holds;
}

std::string holds_name(uint8_t holds) {
  std::string s;
  auto add = [&](const char* w) { s += (s.empty() ? "" : ", ") + std::string(w); };
  if (holds & kHoldsPosition) add("a position");
  if (holds & kHoldsTime) add("a time");
  if (holds & kHoldsIdentifier) add("an identifier");
  return s;
}

}  // namespace skykeep::privacy
