// The adversary: every flight of every real log in ../shared/testdata and synthesized flights
// of each format are shared through vault::share, natively and as GPX, GeoJSON and CSV, to
// recipients at each level (tlogs imported with and without their MAVLink dialect), and the
// bytes that would leave are searched for what the recipient may not have: the flight's true
// positions (adjacent latitude/longitude in every binary encoding, decimal text), its local
// track (any field of the copy read back that follows it), its true UTC time (64-bit integers
// of microseconds, milliseconds and nanoseconds, doubles of seconds, 32-bit fields read back,
// GPS weeks, date tuples, dates and times of day as text, Unix times as text), its identifiers
// (as text and as their 8 bytes) and denied messages. The truth comes from decoding the
// original with the full dialect, independently of what the share decoded. Zero hits.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "analysis/recorder.h"
#include "base/endian.h"
#include "base/geo.h"
#include "base/utc.h"
#include "formats/detect.h"
#include "formats/reader.h"
#include "formats/writer.h"
#include "privacy/classify.h"
#include "privacy/redact.h"
#include "support/test_data.h"
#include "synth/synth.h"
#include "vault/catalog.h"
#include "vault/import.h"
#include "vault/read.h"
#include "vault/share.h"
#include "vault/vault.h"

namespace skykeep::vault {
namespace {

using privacy::DataClass;
using privacy::Level;

constexpr int64_t kShiftS = 37 * 86400 + 11111;  // 37 days, 3 h 5 min 11 s
constexpr const char* kMarkerSerial = "QX7KZ4MARKER91";
constexpr const char* kMarkerNote = "NOTEMARK pilot QX7KZ4MARKER91 at 47.3977420 8.5455940";

// ---------------------------------------------------------------------------------------------
// What the flight holds in truth

struct Sample {
  int64_t t;
  double lat, lon;
};

struct Truth {
  std::vector<Sample> positions;  // every position of the window (vehicle and points)
  std::vector<Sample> vehicle;    // the vehicle's track, in time order
  double lat_lo = 90, lat_hi = -90, lon_lo = 180, lon_hi = -180;
  std::optional<int64_t> utc_lo, utc_hi;  // the flight's true UTC span
  std::vector<std::string> ids;           // textual identifiers
  std::vector<std::array<std::byte, 8>> numeric_ids;
  std::set<uint64_t> time_bytes;           // the 8 bytes of every true time the original holds
  std::vector<std::string> messages;       // the autopilot's messages (trimmed)
  std::vector<std::string> info_messages;  // of severity 5 or more (info, debug)
};

bool valid(double a, double o) {
  return std::isfinite(a) && std::isfinite(o) && std::abs(a) <= 90 && std::abs(o) <= 180 &&
         (std::abs(a) > 1e-6 || std::abs(o) > 1e-6);
}

std::string trim(std::string s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\0' || s.back() == '\t' || s.back() == '\n'))
    s.pop_back();
  return s;
}

// The truth of a window of a log whose UTC span (where known) is [utc_lo, utc_hi].
Truth truth_of(const model::Log& log, std::optional<int64_t> utc_lo,
               std::optional<int64_t> utc_hi) {
  Truth t;
  size_t best_rows = 0;
  for (const auto& topic : log.topics) {
    for (const auto& p : privacy::position_fields(topic.schema).pairs) {
      std::vector<Sample> track;
      for (size_t i = 0; i < topic.rows; ++i) {
        double a = topic.value(static_cast<size_t>(p.lat), i) * p.k,
               o = topic.value(static_cast<size_t>(p.lon), i) * p.k;
        if (!valid(a, o)) continue;
        t.positions.push_back({topic.time_at(i), a, o});
        track.push_back({topic.time_at(i), a, o});
        t.lat_lo = std::min(t.lat_lo, a), t.lat_hi = std::max(t.lat_hi, a);
        t.lon_lo = std::min(t.lon_lo, o), t.lon_hi = std::max(t.lon_hi, o);
      }
      if (p.vehicle && track.size() > best_rows) t.vehicle = track, best_rows = track.size();
    }
  }
  std::sort(t.vehicle.begin(), t.vehicle.end(), [](auto& a, auto& b) { return a.t < b.t; });
  std::sort(t.positions.begin(), t.positions.end(), [](auto& a, auto& b) { return a.lat < b.lat; });
  t.utc_lo = utc_lo;
  t.utc_hi = utc_hi;
  if (t.utc_lo) {
    // Every 64-bit value of the original within an hour of the flight, as microseconds,
    // milliseconds, nanoseconds or seconds, and the records' own times where the clock is UTC:
    // their bytes, little- and big-endian (a tlog's record times), are what must not leave.
    double lo = static_cast<double>(*t.utc_lo) - 3600e6,
           hi = static_cast<double>(*t.utc_hi) + 3600e6;
    auto near = [&](double us) { return us >= lo && us <= hi; };
    auto add = [&](const std::byte* p) {
      uint64_t v = load_le<uint64_t>(p), r = 0;
      for (int k = 0; k < 8; ++k) r = r << 8 | ((v >> (8 * k)) & 0xFF);
      t.time_bytes.insert(v);
      t.time_bytes.insert(r);
    };
    for (const auto& topic : log.topics) {
      for (size_t i = 0; i < topic.rows; ++i)
        if (near(static_cast<double>(topic.time_at(i)))) add(topic.time.row(i));
      for (size_t f = 0; f < topic.schema.fields.size(); ++f) {
        const auto& fd = topic.schema.fields[f];
        if (fd.width() != 8 || fd.is_text()) continue;
        for (size_t i = 0; i < topic.rows; ++i) {
          double v = fd.type == model::FieldType::kFloat64
                         ? load_le<double>(topic.columns[f].row(i))
                         : static_cast<double>(load_le<uint64_t>(topic.columns[f].row(i)));
          if (near(v) || near(v * 1e3) || near(v / 1e3) || near(v * 1e6))
            add(topic.columns[f].row(i));
        }
      }
    }
  }
  auto add_id = [&](std::string s) {
    s = trim(std::move(s));
    if (s.size() >= 6) t.ids.push_back(s);
  };
  add_id(log.meta.vehicle_id);
  add_id(log.meta.board_id);
  add_id(kMarkerSerial);
  for (const auto& i : log.info)
    if (privacy::classify_info(i).cls == DataClass::kIdentity &&
        i.key.find("pilot") == std::string::npos)
      add_id(model::info_to_string(i.value));
  for (const auto& topic : log.topics) {
    auto cls = privacy::classify_topic(topic.schema);
    for (size_t f = 0; f < cls.size(); ++f) {
      if (cls[f].cls != DataClass::kIdentity) continue;
      const auto& fd = topic.schema.fields[f];
      for (size_t i = 0; i < topic.rows; ++i) {
        if (fd.is_text()) {
          add_id(std::string(topic.text(f, i)));
        } else if (fd.width() == 8) {
          std::array<std::byte, 8> v;
          std::memcpy(v.data(), topic.columns[f].row(i), 8);
          if (load_le<uint64_t>(v.data()) > 0xFFFFFFFFull) t.numeric_ids.push_back(v);
        }
      }
    }
  }
  for (const auto& m : log.texts) {
    std::string s = trim(m.text);
    if (s.size() < 12) continue;
    // A message that names an identifier is looked for by its identifier.
    if (std::any_of(t.ids.begin(), t.ids.end(),
                    [&](auto& id) { return s.find(id) != std::string::npos; }))
      continue;
    t.messages.push_back(s);
    if (m.severity > 4) t.info_messages.push_back(s);
  }
  std::sort(t.ids.begin(), t.ids.end());
  t.ids.erase(std::unique(t.ids.begin(), t.ids.end()), t.ids.end());
  return t;
}

// ---------------------------------------------------------------------------------------------
// What the recipient may have

struct Allowed {
  bool exact_positions = false;  // full location, no moved track: true positions outside
                                 // the zones may leave
  bool any_position = false;     // at least coarse
  double grid_m = 100;
  std::vector<privacy::Zone> zones;  // no true position inside any may leave
  bool true_time = true;             // no time shift
  bool identifiers = false;          // identity full without pseudonyms
  Level text = Level::kNone;
};

Allowed allowed(const privacy::Recipient& r, const std::vector<privacy::Zone>& zones) {
  Allowed a;
  Level loc = r.level(DataClass::kLocation);
  a.any_position = loc >= Level::kCoarse;
  a.exact_positions = loc == Level::kFull && !r.relative_track;
  a.grid_m = r.grid_m;
  a.zones = zones;
  a.true_time = r.time_shift_s == 0;
  a.identifiers = r.level(DataClass::kIdentity) == Level::kFull && !r.pseudonyms;
  a.text = r.level(DataClass::kText);
  return a;
}

// ---------------------------------------------------------------------------------------------
// The search

// A date written as its three parts with one separator ("2024-05-17", "17.05.2024").
std::string date_text(const std::string& a, char sep, const std::string& b, const std::string& c) {
  return a + sep + b + sep + c;
}

struct Scan {
  const Truth& truth;
  const Allowed& allow;
  std::vector<std::string> hits;

  void hit(const std::string& what) {
    if (hits.size() < 20) hits.push_back(what);
  }

  bool on_grid(double lat, double lon) const {
    double step = allow.grid_m / kMetresPerDegree;
    double n = lat / step;
    double glat = std::round(n) * step;
    double m = lon / (allow.grid_m / metres_per_degree_lon(glat));
    return std::abs(n - std::round(n)) < 1e-4 && std::abs(m - std::round(m)) < 1e-4;
  }
  bool in_zone(double a, double o) const {
    return std::any_of(allow.zones.begin(), allow.zones.end(),
                       [&](const privacy::Zone& z) { return z.contains(a, o); });
  }
  // A true position within tol degrees of (a, o) that the recipient may not have, or nullptr.
  const Sample* near_truth(double a, double o, double tol) const {
    auto lo = std::lower_bound(truth.positions.begin(), truth.positions.end(), a - tol,
                               [](const Sample& s, double v) { return s.lat < v; });
    for (auto it = lo; it != truth.positions.end() && it->lat <= a + tol; ++it)
      if (std::abs(it->lon - o) <= tol && (!allow.exact_positions || in_zone(it->lat, it->lon)))
        return &*it;
    return nullptr;
  }
  bool in_box(double v) const {
    constexpr double kMargin = 0.02;
    return (v >= truth.lat_lo - kMargin && v <= truth.lat_hi + kMargin) ||
           (v >= truth.lon_lo - kMargin && v <= truth.lon_hi + kMargin);
  }

  // Adjacent latitude and longitude in every binary encoding.
  void binary_positions(const std::vector<std::byte>& b) {
    if (truth.positions.empty() || (allow.exact_positions && allow.zones.empty())) return;
    struct Enc {
      const char* name;
      size_t width;
      double (*decode)(const std::byte*);
    };
    static const Enc kEncs[] = {
        {"int32 1e-7 degrees", 4, [](const std::byte* p) { return load_le<int32_t>(p) * 1e-7; }},
        {"int32 1e-5 degrees", 4, [](const std::byte* p) { return load_le<int32_t>(p) * 1e-5; }},
        {"float degrees", 4, [](const std::byte* p) { return double{load_le<float>(p)}; }},
        {"double degrees", 8, [](const std::byte* p) { return load_le<double>(p); }},
        {"double radians", 8, [](const std::byte* p) { return load_le<double>(p) / kDegToRad; }},
        {"float radians", 4, [](const std::byte* p) { return load_le<float>(p) / kDegToRad; }},
    };
    for (const Enc& e : kEncs) {
      // A float holds a latitude to a metre or so; the others to a centimetre.
      double tol = e.width == 4 && e.name[0] == 'f' ? 2e-5 : 2e-7;
      for (size_t o = 0; o + 2 * e.width <= b.size(); ++o) {
        double a = e.decode(b.data() + o);
        if (!std::isfinite(a) || !in_box(a)) continue;
        double n = e.decode(b.data() + o + e.width);
        if (!std::isfinite(n) || !valid(a, n)) continue;
        if (allow.any_position && on_grid(a, n)) continue;
        if (const Sample* s = near_truth(a, n, tol))
          hit(std::string("a true position (") + e.name + ") at byte " + std::to_string(o) + ": " +
              std::to_string(s->lat) + ", " + std::to_string(s->lon));
      }
    }
  }

  // Decimal numbers in text: pairs that are true positions (off the grid), and at location
  // none any pair in the flight's area at all.
  void text_positions(const std::string& s) {
    if (truth.positions.empty() || (allow.exact_positions && allow.zones.empty())) return;
    std::vector<std::pair<size_t, double>> nums;  // offset, value (3 decimals or more)
    for (size_t i = 0; i < s.size();) {
      if (!std::isdigit(static_cast<unsigned char>(s[i])) ||
          (i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1])))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      size_t dec = 0;
      if (j + 1 < s.size() && s[j] == '.' && std::isdigit(static_cast<unsigned char>(s[j + 1]))) {
        ++j;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j, ++dec;
      }
      if (dec >= 3) {
        double v = std::strtod(s.c_str() + i, nullptr);
        if (i > 0 && s[i - 1] == '-') v = -v;
        nums.push_back({i, v});
      }
      i = j;
    }
    for (size_t k = 0; k + 1 < nums.size(); ++k) {
      if (nums[k + 1].first - nums[k].first > 48) continue;
      double a = nums[k].second, o = nums[k + 1].second;
      if (!in_box(a) || !in_box(o) || !valid(a, o)) continue;
      if (!allow.any_position && !on_grid(a, o)) {
        hit("a position as text at " + std::to_string(nums[k].first) + ": " +
            s.substr(nums[k].first, 40));
        continue;
      }
      if (on_grid(a, o)) continue;
      if (near_truth(a, o, 2e-5))
        hit("a true position as text at " + std::to_string(nums[k].first) + ": " +
            s.substr(nums[k].first, 40));
    }
  }

  void binary_times(const std::vector<std::byte>& b) {
    if (allow.true_time || !truth.utc_lo) return;
    // The exact bytes of the true times the original holds (windows of random bytes fall in
    // an hour of any date too often to search by range; read_back judges decoded fields).
    for (size_t o = 0; o + 8 <= b.size(); ++o)
      if (truth.time_bytes.count(load_le<uint64_t>(b.data() + o)))
        hit("a true time's 8 bytes at byte " + std::to_string(o));
    // Dates as PX4's events carry them: a 16-bit year, a month, a day.
    for (int64_t t = *truth.utc_lo - kDayUs; t <= *truth.utc_hi + kDayUs; t += kDayUs) {
      std::string iso = format_utc(t);
      unsigned char tuple[4];
      uint16_t y = static_cast<uint16_t>(std::stoi(iso.substr(0, 4)));
      std::memcpy(tuple, &y, 2);
      tuple[2] = static_cast<unsigned char>(std::stoi(iso.substr(5, 2)));
      tuple[3] = static_cast<unsigned char>(std::stoi(iso.substr(8, 2)));
      std::string_view hay(reinterpret_cast<const char*>(b.data()), b.size());
      if (hay.find(std::string_view(reinterpret_cast<const char*>(tuple), 4)) !=
          std::string_view::npos)
        hit("the true date as a (year, month, day) tuple: " + iso.substr(0, 10));
    }
  }

  void text_times(const std::string& s) {
    if (allow.true_time || !truth.utc_lo) return;
    std::set<std::string> dates, clock;
    for (int64_t t = *truth.utc_lo - kDayUs; t <= *truth.utc_hi + kDayUs; t += kDayUs / 4) {
      std::string iso = format_utc(t);
      std::string y = iso.substr(0, 4), m = iso.substr(5, 2), d = iso.substr(8, 2);
      for (const std::string& f :
           {date_text(y, '-', m, d), date_text(y, '_', m, d), date_text(y, '/', m, d),
            date_text(d, '.', m, y), date_text(d, '/', m, y), date_text(m, '/', d, y)})
        dates.insert(f);
    }
    for (int64_t t = *truth.utc_lo; t <= *truth.utc_hi; t += 1000000) {
      std::string hms = format_utc(t).substr(11, 8);
      clock.insert(hms);
      std::string u = hms;
      std::replace(u.begin(), u.end(), ':', '_');
      clock.insert(u);
    }
    for (const auto& d : dates)
      if (s.find(d) != std::string::npos) hit("the true date as text: " + d);
    for (size_t i = 0; i + 8 <= s.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i])) || (s[i + 2] != ':' && s[i + 2] != '_'))
        continue;
      if (clock.count(s.substr(i, 8))) hit("the true time of day as text: " + s.substr(i, 8));
    }
    // Unix times as text.
    for (size_t i = 0; i < s.size();) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      if (j - i >= 10 && j - i <= 19) {
        double v = std::strtod(s.substr(i, j - i).c_str(), nullptr);
        for (double scale : {1e6, 1e3, 1.0, 1e-3})
          if (v * scale >= static_cast<double>(*truth.utc_lo - kDayUs) &&
              v * scale <= static_cast<double>(*truth.utc_hi + kDayUs))
            hit("a true Unix time as text: " + s.substr(i, j - i));
      }
      i = j;
    }
  }

  void identifiers(const std::vector<std::byte>& b) {
    if (allow.identifiers) return;
    std::string_view hay(reinterpret_cast<const char*>(b.data()), b.size());
    for (const auto& id : truth.ids)
      if (hay.find(id) != std::string_view::npos) hit("an identifier: " + id);
    for (const auto& id : truth.numeric_ids)
      if (hay.find(std::string_view(reinterpret_cast<const char*>(id.data()), 8)) !=
          std::string_view::npos)
        hit("a numeric identifier's 8 bytes");
  }

  void messages(const std::vector<std::byte>& b) {
    std::string_view hay(reinterpret_cast<const char*>(b.data()), b.size());
    const auto& denied = allow.text <= Level::kSummary  ? truth.messages
                         : allow.text == Level::kCoarse ? truth.info_messages
                                                        : std::vector<std::string>{};
    for (const auto& m : denied)
      if (hay.find(m) != std::string_view::npos) hit("a denied message: " + m);
  }

  // The copy read back: no field follows the local track below coarse location, no 32-bit field
  // holds the true time, the event and message topics are empty where text is denied.
  void read_back(const model::Log& copy) {
    if (!truth.utc_lo || allow.true_time) {
    } else {
      double lo = static_cast<double>(*truth.utc_lo - kDayUs),
             hi = static_cast<double>(*truth.utc_hi + kDayUs);
      int64_t week = (*truth.utc_lo - kGpsEpochUs) / (7 * kDayUs);
      for (const auto& t : copy.topics)
        for (size_t f = 0; f < t.schema.fields.size(); ++f) {
          if (t.schema.fields[f].is_text() || t.rows == 0) continue;
          size_t in = 0, weeks = 0, nonzero = 0;
          for (size_t i = 0; i < t.rows; ++i) {
            double v = t.value(f, i);
            if (!std::isfinite(v) || v == 0) continue;
            ++nonzero;
            for (double s : {1e6, 1e3, 1.0, 1e-3})
              if (v * s >= lo && v * s <= hi) ++in;
            if (v * 1e6 + kGpsEpochUs >= lo && v * 1e6 + kGpsEpochUs <= hi) ++in;
            if (std::abs(v - static_cast<double>(week)) < 0.5) ++weeks;
          }
          // A 64-bit field holds a time only by intent: one value in the window is one too many.
          if (nonzero && (in * 2 >= nonzero || (t.schema.fields[f].width() == 8 && in > 0)))
            hit("the true time in " + t.name() + "." + t.schema.fields[f].name);
          if (nonzero && weeks * 2 >= nonzero && weeks > 0)
            hit("the true GPS week in " + t.name() + "." + t.schema.fields[f].name);
        }
    }
    if (allow.text <= Level::kSummary) {
      if (!copy.texts.empty()) hit("messages where text is denied");
      for (const auto& t : copy.topics)
        if ((t.name() == "event" || t.name() == "STATUSTEXT" || t.name() == "MSG") && t.rows)
          hit("records of " + t.name() + " where text is denied");
    }
    if (allow.any_position || truth.vehicle.size() < 20) return;
    // The local track: any field of the copy that follows the true north, east or down.
    double lat0 = truth.vehicle.front().lat, lon0 = truth.vehicle.front().lon;
    for (const auto& t : copy.topics) {
      std::vector<double> n, e;
      std::vector<size_t> rows;
      for (size_t i = 0; i < t.rows; ++i) {
        int64_t tm = t.time_at(i);
        auto it = std::lower_bound(truth.vehicle.begin(), truth.vehicle.end(), tm,
                                   [](const Sample& s, int64_t v) { return s.t < v; });
        if (it == truth.vehicle.end() || it == truth.vehicle.begin()) continue;
        n.push_back((it->lat - lat0) * kMetresPerDegree);
        e.push_back((it->lon - lon0) * metres_per_degree_lon(lat0));
        rows.push_back(i);
      }
      if (rows.size() < 20) continue;
      auto spread = [](const std::vector<double>& v) {
        auto [a, b] = std::minmax_element(v.begin(), v.end());
        return *b - *a;
      };
      std::vector<double> times;
      times.reserve(rows.size());
      for (size_t r : rows) times.push_back(static_cast<double>(t.time_at(r)));
      for (size_t f = 0; f < t.schema.fields.size(); ++f) {
        if (t.schema.fields[f].is_text()) continue;
        std::vector<double> x;
        x.reserve(rows.size());
        for (size_t r : rows) x.push_back(t.value(f, r));
        if (std::any_of(x.begin(), x.end(), [](double v) { return !std::isfinite(v); })) continue;
        if (spread(x) == 0) continue;
        double clock = std::abs(correlation(x, times));  // a clock is not a track
        for (const auto* axis : {&n, &e}) {
          if (spread(*axis) < 20) continue;
          // Following the track: in level and in every step, not merely sharing its trend.
          double c = correlation(x, *axis), dc = correlation(steps(x), steps(*axis));
          if (std::abs(c) >= 0.95 && std::abs(dc) >= 0.8 && std::abs(c) > clock)
            hit("the local track in " + t.name() + "." + t.schema.fields[f].name +
                " (correlation " + std::to_string(c) + ", of steps " + std::to_string(dc) + ")");
        }
      }
    }
  }

  static std::vector<double> steps(const std::vector<double>& v) {
    std::vector<double> d;
    for (size_t i = 1; i < v.size(); ++i) d.push_back(v[i] - v[i - 1]);
    return d;
  }

  static double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    double ma = 0, mb = 0;
    for (size_t i = 0; i < a.size(); ++i) ma += a[i], mb += b[i];
    ma /= static_cast<double>(a.size());
    mb /= static_cast<double>(a.size());
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < a.size(); ++i)
      ab += (a[i] - ma) * (b[i] - mb), aa += (a[i] - ma) * (a[i] - ma),
          bb += (b[i] - mb) * (b[i] - mb);
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0;
  }
};

// Everything the search finds in bytes that would leave; read_back with the reader options when
// they are a log of ours.
std::vector<std::string> search(const std::vector<std::byte>& b, const Truth& truth,
                                const Allowed& allow, const formats::ReaderOptions* log) {
  Scan scan{truth, allow, {}};
  std::string text(reinterpret_cast<const char*>(b.data()), b.size());
  scan.binary_positions(b);
  scan.text_positions(text);
  scan.binary_times(b);
  scan.text_times(text);
  scan.identifiers(b);
  scan.messages(b);
  if (log && !b.empty()) {
    model::Log copy;
    Status st = formats::read_log_bytes(Bytes(b), *log, &copy);
    if (!st.ok()) scan.hit("the copy does not read back: " + st.message());
    scan.read_back(copy);
  }
  return scan.hits;
}

// ---------------------------------------------------------------------------------------------
// The recipients

struct Recipient {
  const char* name;
  const char* toml;  // the recipient's table; zones are added per flight
};

const Recipient kRecipients[] = {
    {"engineer",  // telemetry only: the flight's dynamics, nothing of where, when or who
     "identity = \"none\"\nlocation = \"none\"\ntelemetry = \"full\"\ntext = \"none\"\n"
     "media = \"none\"\ntime_shift_s = "},
    {"insurer",  // a coarse track on a 1 km grid, pseudonyms, warnings
     "identity = \"coarse\"\nlocation = \"coarse\"\ngrid_m = 1000\ntelemetry = \"full\"\n"
     "text = \"coarse\"\nmedia = \"none\"\ntime_shift_s = "},
    {"zoned",  // every position but those near home, messages in full
     "identity = \"coarse\"\nlocation = \"full\"\ntelemetry = \"coarse\"\ntext = \"full\"\n"
     "media = \"full\"\ntime_shift_s = "},
    {"moved",  // the shape of the track at an arbitrary place
     "identity = \"summary\"\nlocation = \"full\"\nrelative_track = true\ntelemetry = \"full\"\n"
     "text = \"full\"\nmedia = \"none\"\ntime_shift_s = "},
    {"summary",  // the summary alone
     "identity = \"summary\"\nlocation = \"summary\"\ntelemetry = \"summary\"\ntext = \"summary\"\n"
     "media = \"summary\"\ntime_shift_s = "},
    {"everything",  // all of it, but when it happened
     "identity = \"full\"\nlocation = \"full\"\ntelemetry = \"full\"\ntext = \"full\"\n"
     "media = \"full\"\npseudonyms = false\ntime_shift_s = "},
};

std::string policy_for(const FlightDetail& d) {
  std::string p;
  if (d.flight.summary.takeoff) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "[zones.home]\ncircle = { lat = %.7f, lon = %.7f, radius_m = 40 }\n",
                  d.flight.summary.takeoff->lat, d.flight.summary.takeoff->lon);
    p += buf;
  }
  // Only the zoned recipient has the zone.
  for (const Recipient& r : kRecipients) {
    p += std::string("[recipients.") + r.name + "]\n" + r.toml + std::to_string(kShiftS) + "\n";
    if (std::string(r.name) != "zoned") p += "zones = []\n";
  }
  return p;
}

// ---------------------------------------------------------------------------------------------

struct Case {
  std::string name;  // the sample's file name, or "synthesized-<format>"
  std::filesystem::path path;
};

// GoogleTest finds a type's printer by this exact name.
// NOLINTNEXTLINE(readability-identifier-naming)
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const char* folder : {"ulog", "dataflash", "tlog"})
    for (const auto& p : testing::samples(folder)) out.push_back({p.filename().string(), p});
  for (const char* f : {"ulog", "dataflash", "tlog"})
    out.push_back({std::string("synthesized-") + f, {}});
  return out;
}

std::string dialect_file() { return testing::shared_dir() + "/mavlink-xml/ardupilotmega.xml"; }

// A log with no flight (never armed) cannot be shared by flight; its whole content is redacted
// for each recipient as a share would be, and searched the same way.
void whole_log(const std::string& path, const formats::ReaderOptions& reader,
               const formats::ReaderOptions& full) {
  model::Log log, original;
  ASSERT_TRUE(formats::read_log_file(path, reader, &log).ok());
  ASSERT_TRUE(formats::read_log_file(path, full, &original).ok());
  auto sig = analysis::signals_of(original);
  std::optional<int64_t> lo, hi;
  if (sig.utc_offset_us) {
    for (const auto& t : original.topics)
      if (t.min_time) {
        int64_t a = *t.min_time + *sig.utc_offset_us, b = *t.max_time + *sig.utc_offset_us;
        lo = lo ? std::min(*lo, a) : a;
        hi = hi ? std::max(*hi, b) : b;
      }
  }
  Truth truth = truth_of(original, lo, hi);
  FlightDetail none;
  auto policy = privacy::parse_policy(policy_for(none));
  ASSERT_TRUE(policy.has_value());
  for (const Recipient& r : kRecipients) {
    auto rec = policy->recipient(r.name);
    ASSERT_TRUE(rec.has_value());
    privacy::Rules rules;
    rules.recipient = *rec;
    rules.utc_offset_us = sig.utc_offset_us;
    rules.pseudonym_key.fill(7);
    privacy::Redacted red = privacy::redact(log, rules);
    if (red.manifest.summary_only) continue;
    auto bytes = formats::write_log(red.log).value();
    auto hits = search(bytes, truth, allowed(*rec, {}), &full);
    EXPECT_TRUE(hits.empty()) << path << " (no flight: the whole log) to " << r.name << ": "
                              << hits.size() << " hits, the first: " << hits.front();
  }
}

class Adversary : public ::testing::TestWithParam<Case> {};

TEST_P(Adversary, NothingDeniedLeavesInAnyShare) {
  const Case& c = GetParam();
  std::string dir = ::testing::TempDir() + "/skykeep-adversary-" + c.name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string path = c.path.string();
  if (path.empty()) {  // a synthesized flight with markers in every place they can go
    synth::Options o;
    o.format = c.name.ends_with("ulog")        ? model::Format::kULog
               : c.name.ends_with("dataflash") ? model::Format::kDataFlash
                                               : model::Format::kTlog;
    o.vehicle_serial = kMarkerSerial;
    o.pilot_note = kMarkerNote;
    o.seed = 7;
    path = dir + "/synth.log";
    ASSERT_TRUE(synth::synthesize_file(o, path).has_value());
  }
  formats::ReaderOptions full;
  if (!testing::shared_dir().empty()) {
    full.mavlink_xml.push_back(dialect_file());
    ASSERT_TRUE(formats::prepare(&full).ok());
  }
  bool tlog = c.name.ends_with(".tlog") || c.name.ends_with("tlog");
  // tlogs twice: imported with their dialect and without.
  for (bool with_dialect : tlog ? std::vector<bool>{true, false} : std::vector<bool>{true}) {
    SCOPED_TRACE(with_dialect ? "with the dialect" : "without the dialect");
    Options vo;
    vo.dir = dir + (with_dialect ? "/vault-d" : "/vault-n");
    auto v = Vault::create(vo);
    ASSERT_TRUE(v.has_value()) << v.error().message();
    auto imported = import_file(**v, path, with_dialect ? full : formats::ReaderOptions{});
    ASSERT_TRUE(imported.has_value()) << imported.error().message();
    Filter all;
    all.limit = 1000;
    bool more = false;
    auto flights = find_flights(**v, all, &more);
    ASSERT_TRUE(flights.has_value());
    std::printf("%s: %zu flights\n", c.name.c_str(), flights->size());
    if (flights->empty()) whole_log(path, with_dialect ? full : formats::ReaderOptions{}, full);
    for (const FlightRow& row : *flights) {
      auto d = get_flight(**v, row.id);
      ASSERT_TRUE(d.has_value());
      model::Log original;
      ASSERT_TRUE(read_window(**v, d->flight.log_id, d->flight.summary.start_us,
                              d->flight.summary.end_us, full, &original)
                      .ok());
      std::optional<int64_t> lo, hi;
      if (d->utc_offset_us)
        lo = d->flight.summary.start_us + *d->utc_offset_us,
        hi = d->flight.summary.end_us + *d->utc_offset_us;
      Truth truth = truth_of(original, lo, hi);
      ASSERT_TRUE(store_policy(**v, policy_for(*d)).ok());
      auto policy = load_policy(**v);
      ASSERT_TRUE(policy.has_value());
      for (const Recipient& r : kRecipients) {
        auto rec = policy->recipient(r.name);
        ASSERT_TRUE(rec.has_value());
        Allowed allow = allowed(*rec, policy->zones_for(*rec));
        for (const char* as : {"native", "gpx", "geojson", "csv"}) {
          ShareRequest req;
          req.flight = row.id;
          req.recipient = r.name;
          req.as = as;
          req.dry_run = true;
          // No dialect given: the share decodes with the one the log was imported with.
          req.reader = {};
          auto shared = share(**v, req);
          ASSERT_TRUE(shared.has_value()) << shared.error().message();
          bool native = std::string(as) == "native" && !shared->manifest.summary_only;
          auto hits = search(shared->bytes, truth, allow, native ? &full : nullptr);
          EXPECT_TRUE(hits.empty())
              << c.name << " flight " << row.id << " to " << r.name << " as " << as << ": "
              << hits.size() << " hits, the first: " << hits.front();
        }
      }
    }
  }
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(EveryLog, Adversary, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           std::string n = i.param.name;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

}  // namespace
}  // namespace skykeep::vault
