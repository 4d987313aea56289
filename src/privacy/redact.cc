#include "privacy/redact.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>

#include "base/endian.h"
#include "base/hex.h"
#include "base/json_writer.h"
#include "base/numeric.h"
#include "base/utc.h"
#include "privacy/classify.h"

namespace skykeep::privacy {
namespace {

constexpr double kMetresPerDegree = 111320.0;
constexpr double kDegToRad = 0.017453292519943295;
// Times near a position inside an exclusion disk are cut too: no sample just inside the edge.
constexpr int64_t kZonePadUs = 500000;
constexpr int64_t kCoarsePeriodUs = 1000000;
constexpr const char* kShiftTagKey =
    "skykeep_redaction";  // telemetry at "coarse": one record a second

double read(const model::Topic& t, size_t f, size_t row) { return t.value(f, row); }

void write(model::Topic& t, size_t f, size_t row, double v) {
  const model::Field& fd = t.schema.fields[f];
  std::byte* p = t.columns[f].bytes().data() + row * fd.width();
  double raw = fd.scale != 0 ? v / fd.scale : v;
  switch (fd.type) {
    case model::FieldType::kInt8:
      store_le(p, saturate<int8_t>(std::round(raw)));
      break;
    case model::FieldType::kUInt8:
    case model::FieldType::kBool:
    case model::FieldType::kChar:
      store_le(p, saturate<uint8_t>(std::round(raw)));
      break;
    case model::FieldType::kInt16:
      store_le(p, saturate<int16_t>(std::round(raw)));
      break;
    case model::FieldType::kUInt16:
      store_le(p, saturate<uint16_t>(std::round(raw)));
      break;
    case model::FieldType::kInt32:
      store_le(p, saturate<int32_t>(std::round(raw)));
      break;
    case model::FieldType::kUInt32:
      store_le(p, saturate<uint32_t>(std::round(raw)));
      break;
    case model::FieldType::kInt64:
      store_le(p, saturate<int64_t>(std::round(raw)));
      break;
    case model::FieldType::kUInt64:
      store_le(p, saturate<uint64_t>(std::round(raw)));
      break;
    case model::FieldType::kFloat32:
      store_le(p, static_cast<float>(raw));
      break;
    case model::FieldType::kFloat64:
      store_le(p, raw);
      break;
    case model::FieldType::kFloat16:
      std::memset(p, 0, 2);
      break;  // not written by any format here
  }
}

void zero(model::Topic& t, size_t f, size_t row) {
  const model::Field& fd = t.schema.fields[f];
  std::memset(t.columns[f].bytes().data() + row * fd.width(), 0, fd.width());
}

void write_text(model::Topic& t, size_t f, size_t row, std::string_view s) {
  const model::Field& fd = t.schema.fields[f];
  std::byte* p = t.columns[f].bytes().data() + row * fd.width();
  std::memset(p, 0, fd.width());
  std::memcpy(p, s.data(), std::min<size_t>(s.size(), fd.width()));
}

// Keeps the rows where keep[row]; returns how many went.
uint64_t filter_rows(model::Topic& t, const std::vector<bool>& keep) {
  size_t out = 0;
  for (size_t r = 0; r < t.rows; ++r) {
    if (!keep[r]) continue;
    if (out != r) {
      std::memcpy(t.time.bytes().data() + out * 8, t.time.row(r), 8);
      for (auto& c : t.columns)
        std::memmove(c.bytes().data() + out * c.width(), c.row(r), c.width());
    }
    ++out;
  }
  uint64_t gone = t.rows - out;
  t.rows = out;
  t.count = out;
  t.time.bytes().resize(out * 8);
  for (auto& c : t.columns) c.bytes().resize(out * c.width());
  t.min_time.reset();
  t.max_time.reset();
  for (size_t r = 0; r < out; ++r) {
    int64_t tm = t.time_at(r);
    if (tm == model::kNoTime) continue;
    t.min_time = t.min_time ? std::min(*t.min_time, tm) : tm;
    t.max_time = t.max_time ? std::max(*t.max_time, tm) : tm;
  }
  return gone;
}

void set_time(model::Topic& t, size_t row, int64_t v) {
  std::memcpy(t.time.bytes().data() + row * 8, &v, 8);
}

std::array<uint8_t, 32> hmac(const std::array<uint8_t, 32>& key, std::string_view msg) {
  std::array<uint8_t, 32> out{};
  crypto_auth_hmacsha256(out.data(), reinterpret_cast<const uint8_t*>(msg.data()), msg.size(),
                         key.data());
  return out;
}

// 64-bit identifiers: 32 bits of the keyed hash and 32 bits that check them.
uint64_t pseudonym64(const std::array<uint8_t, 32>& key, uint64_t v) {
  uint32_t check = 0, h = 0;
  auto d = hmac(key, std::string_view(reinterpret_cast<const char*>(&v), 8));
  std::memcpy(&h, d.data(), 4);
  auto c = hmac(key, std::string_view(reinterpret_cast<const char*>(&h), 4));
  std::memcpy(&check, c.data(), 4);
  return uint64_t{h} << 32 | check;
}

bool is_pseudonym64(const std::array<uint8_t, 32>& key, uint64_t v) {
  uint32_t h = static_cast<uint32_t>(v >> 32), check = 0;
  auto c = hmac(key, std::string_view(reinterpret_cast<const char*>(&h), 4));
  std::memcpy(&check, c.data(), 4);
  return check == static_cast<uint32_t>(v);
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Grid snapping in integers: a coordinate becomes a whole number of grid steps.
// Not-a-number (a field the autopilot left unset) stays as it is: it says nothing.
double snap(double v, double step) {
  return std::isfinite(v) ? static_cast<double>(std::llround(v / step)) * step : v;
}

class Redactor {
 public:
  Redactor(const model::Log& in, const Rules& r)
      : r_(r), rec_(r.recipient), out_(model::deep_copy(in)) {
    m_.recipient = rec_.name;
    m_.levels = rec_.levels;
    if (rec_.time_shift_s)
      for (const auto& i : in.info)
        if (i.key == kShiftTagKey && model::info_to_string(i.value) == shift_tag())
          shifted_already_ = true;
  }

  // A copy shifted in time says so, with a tag only these rules recognise (it reveals nothing
  // of the shift), so that redacting it again does not shift it twice.
  std::string shift_tag() const {
    auto h = hmac(r_.pseudonym_key, "time shift " + std::to_string(rec_.time_shift_s));
    return "time shifted " + to_hex(h.data(), 8);
  }

  Redacted run() {
    if (rec_.relative_track && lvl(DataClass::kLocation) >= Level::kCoarse) {
      // A track that starts at this recipient's arbitrary origin has been moved already.
      to_ = arbitrary_origin();
      std::optional<LatLon> first;
      std::optional<double> alt;
      first_position(&first, &alt);
      moved_already_ =
          first && std::abs(first->lat - to_.lat) < 1e-6 && std::abs(first->lon - to_.lon) < 1e-6;
    }
    window();
    zones();
    collect_ids();
    fields();
    texts();
    params_and_info();
    metadata();
    shift_time();
    manifest();
    return {std::move(out_), std::move(m_)};
  }

 private:
  Level lvl(DataClass c) const { return rec_.level(c); }
  void removed(const std::string& what, const std::string& rule, uint64_t n) {
    if (n) m_.removed.push_back({what, rule, n});
  }
  std::string topic_label(const model::Topic& t) const {
    return t.name() + (t.instance() ? "/" + std::to_string(t.instance()) : std::string());
  }

  // The flight's window and the recipient's time slice.
  void window() {
    int64_t from = r_.from_us, to = r_.to_us;
    bool no_utc_slice = false;
    if (rec_.slice_from_us) {
      if (!r_.utc_offset_us) {
        no_utc_slice = true;
      } else {
        from = std::max(from, *rec_.slice_from_us - *r_.utc_offset_us);
        to = std::min(to, *rec_.slice_to_us - *r_.utc_offset_us);
      }
    }
    // A tlog's clock is UTC: in a copy shifted already, the window moves with it.
    if (shifted_already_ && out_.meta.format == model::Format::kTlog) {
      int64_t d = rec_.time_shift_s * 1000000;
      from = from == INT64_MIN ? from : from + d;
      to = to == INT64_MAX ? to : to + d;
    }
    std::string rule =
        no_utc_slice ? "time slice (the log carries no UTC)" : "outside the flight or time slice";
    auto inside = [&](int64_t t) {
      return !no_utc_slice && t != model::kNoTime && t >= from && t <= to;
    };
    // Parameters set before the flight are its configuration: they stay unless a slice says not.
    auto config = [&](int64_t t) { return !rec_.slice_from_us && t != model::kNoTime && t <= to; };
    for (auto& t : out_.topics) {
      std::vector<bool> keep(t.rows);
      bool params = model::is_parameter_topic(t.name());
      for (size_t i = 0; i < t.rows; ++i)
        keep[i] = inside(t.time_at(i)) || (params && config(t.time_at(i)));
      removed("records of " + topic_label(t), rule, filter_rows(t, keep));
    }
    size_t before = out_.texts.size();
    std::erase_if(out_.texts, [&](const model::TextMessage& m) { return !inside(m.time_us); });
    removed("text messages", rule, before - out_.texts.size());
    before = out_.params.changes.size();
    std::erase_if(out_.params.changes, [&](const model::ParamChange& c) {
      return !inside(c.time_us) && !config(c.time_us);
    });
    removed("parameter changes", rule, before - out_.params.changes.size());
    std::erase_if(out_.dropouts, [&](const model::Dropout& d) { return !inside(d.time_us); });
  }

  bool excluded(double lat, double lon) const {
    if (std::abs(lat) < 1e-9 && std::abs(lon) < 1e-9) return false;  // (0, 0): no position
    return std::any_of(r_.exclusions.begin(), r_.exclusions.end(),
                       [&](const Exclusion& e) { return e.contains(lat, lon); });
  }
  // A point is excluded where it, or where it lands on the recipient's grid, is in a disk (at
  // every level, so that a lower level never lets more through).
  bool excluded(const model::Topic& t, const PositionPair& p, size_t row) const {
    double a = read(t, p.lat, row) * p.k, o = read(t, p.lon, row) * p.k;
    if (excluded(a, o)) return true;
    LatLon g = on_grid({a, o});
    return excluded(g.lat, g.lon);
  }

  // A position snapped to the recipient's grid: whole numbers of grid steps (no floating-point
  // noise from the original survives).
  LatLon on_grid(LatLon p) const {
    double step_lat = rec_.grid_m / kMetresPerDegree;
    double lat = snap(p.lat, step_lat);
    double step_lon = rec_.grid_m / (kMetresPerDegree * std::max(0.01, std::cos(lat * kDegToRad)));
    return {lat, snap(p.lon, step_lon)};
  }

  // Zones: every record of every topic near a time the vehicle was inside an exclusion disk
  // goes, then any record still placing the vehicle inside one; other points inside one (an
  // origin, home, a setpoint or mission item) are zeroed where they stand.
  void zones() {
    // At every location level, even none: what the vehicle did there stays there.
    if (r_.exclusions.empty() || moved_already_) return;
    std::vector<std::pair<int64_t, int64_t>> cut;
    for (const auto& t : out_.topics) {
      auto pf = position_fields(t.schema);
      for (size_t i = 0; i < t.rows; ++i)
        for (const auto& p : pf.pairs) {
          if (!p.vehicle || !excluded(t, p, i)) continue;
          int64_t tm = t.time_at(i);
          if (tm != model::kNoTime) cut.push_back({tm - kZonePadUs, tm + kZonePadUs});
          break;
        }
    }
    std::sort(cut.begin(), cut.end());
    std::vector<std::pair<int64_t, int64_t>> merged;
    for (auto c : cut) {
      if (!merged.empty() && c.first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, c.second);
      else
        merged.push_back(c);
    }
    auto in_cut = [&](int64_t tm) {
      auto it = std::upper_bound(merged.begin(), merged.end(),
                                 std::pair<int64_t, int64_t>{tm, INT64_MAX});
      return it != merged.begin() && tm <= std::prev(it)->second;
    };
    std::string rule = "sensitive zone";
    for (const auto& e : r_.exclusions) rule += (rule.back() == 'e' ? " " : ", ") + e.zone;
    for (auto& t : out_.topics) {
      auto pf = position_fields(t.schema);
      std::vector<bool> keep(t.rows, true);
      uint64_t points = 0;
      for (size_t i = 0; i < t.rows; ++i) {
        int64_t tm = t.time_at(i);
        if (tm != model::kNoTime && in_cut(tm)) keep[i] = false;
        for (const auto& p : pf.pairs) {
          if (!excluded(t, p, i)) continue;
          if (p.vehicle) {
            keep[i] = false;
          } else {
            zero(t, static_cast<size_t>(p.lat), i);
            zero(t, static_cast<size_t>(p.lon), i);
            ++points;
          }
        }
      }
      removed("points (origin, home, setpoints) of " + topic_label(t), rule, points);
      removed("records of " + topic_label(t), rule, filter_rows(t, keep));
    }
    size_t before = out_.texts.size();
    std::erase_if(out_.texts, [&](const model::TextMessage& m) {
      return m.time_us != model::kNoTime && in_cut(m.time_us);
    });
    removed("text messages", rule, before - out_.texts.size());
    std::erase_if(out_.params.changes, [&](const model::ParamChange& c) {
      return c.time_us != model::kNoTime && in_cut(c.time_us);
    });
  }

  void collect_ids() {
    auto add = [&](std::string s) {
      while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
      if (s.size() >= 4 && !is_pseudonym(r_.pseudonym_key, s)) known_ids_.push_back(s);
    };
    add(out_.meta.vehicle_id);
    add(out_.meta.board_id);
    for (const auto& i : out_.info)
      if (classify_info(i) == DataClass::kIdentity) add(model::info_to_string(i.value));
    for (const auto& t : out_.topics)
      for (size_t f = 0; f < t.schema.fields.size(); ++f)
        if (t.schema.fields[f].is_text() &&
            classify_field(t.schema, t.schema.fields[f]) == DataClass::kIdentity)
          for (size_t i = 0; i < t.rows; ++i) add(std::string(t.text(f, i)));
    std::sort(known_ids_.begin(), known_ids_.end(),
              [](auto& a, auto& b) { return a.size() != b.size() ? a.size() > b.size() : a < b; });
    known_ids_.erase(std::unique(known_ids_.begin(), known_ids_.end()), known_ids_.end());
  }

  // An identifier as this recipient may see it: its pseudonym, or nothing.
  std::string id_out(std::string_view id) const {
    if (lvl(DataClass::kIdentity) == Level::kFull && !rec_.pseudonyms) return std::string(id);
    if (lvl(DataClass::kIdentity) <= Level::kSummary) return std::string();
    if (is_pseudonym(r_.pseudonym_key, id)) return std::string(id);
    return pseudonym(r_.pseudonym_key, id);
  }

  std::string scrub(std::string s) const {
    // Known identifiers first, then runs of hex that look like one (UUIDs, board ids).
    if (!(lvl(DataClass::kIdentity) == Level::kFull && !rec_.pseudonyms)) {
      for (const auto& id : known_ids_) {
        std::string rep = id_out(id);
        if (rep.empty()) rep = "[id]";
        for (size_t at = s.find(id); at != std::string::npos; at = s.find(id, at + rep.size()))
          s.replace(at, id.size(), rep);
      }
      std::string o;
      size_t i = 0;
      while (i < s.size()) {
        size_t j = i, digits = 0;
        while (j < s.size() &&
               (is_hex(s[j]) ||
                (s[j] == ' ' && j + 1 < s.size() && is_hex(s[j + 1]) && digits >= 4)) &&
               !(j >= 5 && s.compare(j - 5, 5, "anon-") == 0 && j == i)) {
          if (is_hex(s[j])) ++digits;
          ++j;
        }
        bool word_start = i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1]));
        bool after_anon = i >= 5 && s.compare(i - 5, 5, "anon-") == 0;
        if (digits >= 12 && word_start && !after_anon &&
            (j == s.size() || !std::isalnum(static_cast<unsigned char>(s[j])))) {
          while (j > i && s[j - 1] == ' ') --j;
          o += "[id]";
          i = j;
          continue;
        }
        o += s[i++];
      }
      s = o;
      // Serial-number-like words: eight letters and digits or more, with both.
      o.clear();
      i = 0;
      while (i < s.size()) {
        size_t j = i;
        int digits = 0, letters = 0;
        while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) {
          (std::isdigit(static_cast<unsigned char>(s[j])) ? digits : letters) += 1;
          ++j;
        }
        if (j == i) {
          o += s[i++];
          continue;
        }
        bool pseudo = i >= 5 && s.compare(i - 5, 5, "anon-") == 0 &&
                      is_pseudonym(r_.pseudonym_key, s.substr(i - 5, j - i + 5));
        if (j - i >= 8 && digits >= 2 && letters >= 2 && !pseudo) {
          std::string rep = id_out(s.substr(i, j - i));
          o += rep.empty() ? "[id]" : rep;
        } else {
          o.append(s, i, j - i);
        }
        i = j;
      }
      s = o;
    }
    return scrub_positions(s);
  }

  // Coordinates in text: numbers with four decimals or more, and long integers (1e-7 degrees).
  std::string scrub_positions(std::string s) const {
    if (lvl(DataClass::kLocation) != Level::kFull || !r_.exclusions.empty() ||
        rec_.relative_track) {
      std::string o;
      size_t i = 0;
      while (i < s.size()) {
        bool start = std::isdigit(static_cast<unsigned char>(s[i])) &&
                     (i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1])));
        if (!start) {
          o += s[i++];
          continue;
        }
        size_t j = i, before_point = 0, after_point = 0;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j, ++before_point;
        if (j < s.size() && s[j] == '.') {
          ++j;
          while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j, ++after_point;
        }
        if (after_point >= 4 || before_point >= 7)
          o += "[position]";
        else
          o.append(s, i, j - i);
        i = j;
      }
      s = o;
    }
    return s;
  }

  // Every field of every topic by its class and the recipient's level for it.
  void fields() {
    Level loc = lvl(DataClass::kLocation);
    double grid = rec_.grid_m;
    // The relative track's origin: the first position of the vehicle that leaves. It moves to
    // this recipient's arbitrary origin.
    if (rec_.relative_track && loc >= Level::kCoarse && !moved_already_)
      first_position(&origin_, &origin_alt_);
    for (auto& t : out_.topics) {
      if (param_topic(t)) continue;
      bool messages = text_topic(t);  // before their severity is zeroed below
      const auto& fs = t.schema.fields;
      auto pf = position_fields(t.schema);
      std::vector<bool> is_pos(fs.size()), is_alt(fs.size()), is_local(fs.size());
      std::vector<double> alt_k(fs.size(), 1.0);
      for (const auto& p : pf.pairs) is_pos[p.lat] = is_pos[p.lon] = true;
      for (const auto& a : pf.alts) is_alt[a.index] = true, alt_k[a.index] = a.k;
      for (int l : pf.local) is_local[l] = true;
      std::vector<FieldOut>& outs = treatments_[&t];
      bool any_kept = false;
      for (size_t f = 0; f < fs.size(); ++f) {
        DataClass c = classify_field(t.schema, fs[f]);
        Level l = lvl(c);
        std::string how = "kept";
        if (c == DataClass::kLocation) {
          if (loc <= Level::kSummary) {
            for (size_t i = 0; i < t.rows; ++i) zero(t, f, i);
            how = std::string("removed (zeroed): location ") + level_name(loc);
          } else if (is_local[f] && (!r_.exclusions.empty() || rec_.relative_track)) {
            // Local coordinates are measured from an origin that is usually home: with zones
            // (or a moved track) they would give it away.
            for (size_t i = 0; i < t.rows; ++i) zero(t, f, i);
            how = "removed (zeroed): local frame, under zones";
          } else if (is_pos[f]) {
            std::string coarse = "coarsened to " + std::to_string(std::lround(grid)) + " m";
            if (rec_.relative_track)
              how = "moved to an arbitrary origin" +
                    (loc == Level::kCoarse ? ", " + coarse : std::string());
            else
              how = loc == Level::kCoarse ? coarse : "kept";
          } else if (is_alt[f] || is_local[f]) {
            double k = is_alt[f] ? alt_k[f] : 1.0;
            for (size_t i = 0; i < t.rows; ++i) {
              double v = read(t, f, i) * k;
              if (is_alt[f] && origin_alt_) v -= *origin_alt_;
              if (loc == Level::kCoarse) v = snap(v, grid);
              write(t, f, i, v / k);
            }
            how = loc == Level::kCoarse
                      ? "coarsened to " + std::to_string(std::lround(grid)) + " m"
                      : (rec_.relative_track && is_alt[f] ? "relative to the first position"
                                                          : "kept");
          }
        } else if (c == DataClass::kIdentity) {
          for (size_t i = 0; i < t.rows; ++i) {
            if (fs[f].is_text()) {
              std::string v = id_out(t.text(f, i));
              if (v.size() > fs[f].width()) v.clear();  // no room for a pseudonym: nothing
              write_text(t, f, i, v);
            } else if (l == Level::kFull && !rec_.pseudonyms) {
            } else if (l >= Level::kCoarse && fs[f].width() == 8) {
              uint64_t v;
              std::memcpy(&v, t.columns[f].row(i), 8);
              if (v && !is_pseudonym64(r_.pseudonym_key, v)) v = pseudonym64(r_.pseudonym_key, v);
              std::memcpy(t.columns[f].bytes().data() + i * 8, &v, 8);
            } else {
              zero(t, f, i);
            }
          }
          how = l <= Level::kSummary ? "removed (zeroed): identity " + std::string(level_name(l))
                : (l == Level::kFull && !rec_.pseudonyms) ? "kept"
                                                          : "pseudonym";
        } else if (c == DataClass::kText) {
          for (size_t i = 0; i < t.rows; ++i) {
            if (l <= Level::kSummary || !fs[f].is_text()) {
              if (l <= Level::kSummary) zero(t, f, i);
            } else {
              write_text(t, f, i, scrub(std::string(t.text(f, i))));
            }
          }
          how = l <= Level::kSummary ? "removed (zeroed): text " + std::string(level_name(l))
                                     : "scrubbed of positions and identifiers";
        } else if (l <= Level::kSummary) {  // telemetry, media
          for (size_t i = 0; i < t.rows; ++i) zero(t, f, i);
          how = std::string("removed (zeroed): ") + class_name(c) + " " + level_name(l);
        }
        if (how.rfind("removed", 0) != 0) any_kept = true;
        outs.push_back({fs[f].name, c, how});
      }
      // Positions: moved, coarsened.
      for (const auto& p : pf.pairs) {
        if (loc <= Level::kSummary) break;
        size_t la = static_cast<size_t>(p.lat), lo = static_cast<size_t>(p.lon);
        for (size_t i = 0; i < t.rows; ++i) {
          double a = read(t, la, i) * p.k, o = read(t, lo, i) * p.k;
          if ((std::abs(a) < 1e-9 && std::abs(o) < 1e-9) || !std::isfinite(a) || !std::isfinite(o))
            continue;
          if (origin_) {  // relative track, not yet moved
            double n = (a - origin_->lat) * kMetresPerDegree;
            double e = (o - origin_->lon) * kMetresPerDegree * std::cos(origin_->lat * kDegToRad);
            a = to_.lat + n / kMetresPerDegree;
            o = to_.lon + e / (kMetresPerDegree * std::cos(to_.lat * kDegToRad));
          }
          if (loc == Level::kCoarse) {
            LatLon g = on_grid({a, o});
            a = g.lat;
            o = g.lon;
          }
          write(t, la, i, a / p.k);
          write(t, lo, i, o / p.k);
        }
      }
      // A topic with nothing left worth sending goes whole.
      if (!any_kept && t.rows)
        removed("records of " + topic_label(t), "every field removed",
                filter_rows(t, std::vector<bool>(t.rows, false)));
      if (messages) continue;
      // Below full telemetry, one record a second: the rate and timing of records is telemetry.
      if (lvl(DataClass::kTelemetry) <= Level::kCoarse && t.rows) {
        std::vector<bool> keep(t.rows);
        int64_t next = INT64_MIN;
        for (size_t i = 0; i < t.rows; ++i) {
          int64_t tm = t.time_at(i);
          keep[i] = tm == model::kNoTime || tm >= next;
          if (keep[i] && tm != model::kNoTime) next = (tm / kCoarsePeriodUs + 1) * kCoarsePeriodUs;
        }
        removed("records of " + topic_label(t),
                std::string("telemetry: ") + level_name(lvl(DataClass::kTelemetry)) +
                    " (one record a second)",
                filter_rows(t, keep));
      }
    }
  }

  // A parameter's value as the recipient may see it, or nothing (by the parameter's class).
  std::optional<double> param_out(const std::string& name, double value) const {
    DataClass c = classify_param(name);
    if (lvl(c) <= Level::kSummary) return std::nullopt;
    if (c == DataClass::kIdentity && !(lvl(c) == Level::kFull && !rec_.pseudonyms))
      return std::nullopt;
    if (c == DataClass::kLocation) {
      if (!r_.exclusions.empty() || rec_.relative_track) return 0.0;
      if (lvl(c) == Level::kCoarse) return snap(value, rec_.grid_m / kMetresPerDegree);
    }
    return value;
  }

  // Topics whose records are parameters (model::is_parameter_topic): each record by its
  // parameter's class. Returns false for other topics.
  bool param_topic(model::Topic& t) {
    if (!model::is_parameter_topic(t.name())) return false;
    // DataFlash names its fields Name, Value and Default; MAVLink param_id and param_value.
    int name = t.schema.find(t.name() == "PARM" ? "Name" : "param_id");
    std::vector<int> values;
    for (const char* v : {"Value", "Default", "param_value"})
      if (t.schema.find(v) >= 0) values.push_back(t.schema.find(v));
    if (name < 0 || values.empty()) return false;
    std::vector<bool> keep(t.rows, true);
    for (size_t i = 0; i < t.rows; ++i) {
      std::string pname(t.text(static_cast<size_t>(name), i));
      for (int f : values) {
        auto v = param_out(pname, read(t, static_cast<size_t>(f), i));
        if (!v)
          keep[i] = false;
        else if (*v != read(t, static_cast<size_t>(f), i))
          write(t, static_cast<size_t>(f), i, *v);
      }
    }
    removed("records of " + topic_label(t), "parameters: their class's level",
            filter_rows(t, keep));
    auto& outs = treatments_[&t];
    for (const auto& f : t.schema.fields)
      outs.push_back({f.name, DataClass::kTelemetry, "by each parameter's class"});
    return true;
  }

  // Topics whose records are the autopilot's messages (DataFlash MSG, MAVLink STATUSTEXT): all
  // go below "coarse"; at "coarse" only warnings and worse stay (where they carry a severity).
  bool text_topic(model::Topic& t) {
    if (t.name() != "MSG" && t.name() != "STATUSTEXT") return false;
    Level l = lvl(DataClass::kText);
    int sev = t.schema.find("severity");
    std::vector<bool> keep(t.rows, l >= Level::kCoarse);
    for (size_t i = 0; i < t.rows && l == Level::kCoarse && sev >= 0; ++i)
      keep[i] = read(t, static_cast<size_t>(sev), i) <= 4;
    removed("records of " + topic_label(t), std::string("text: ") + level_name(l),
            filter_rows(t, keep));
    return true;
  }

  // The vehicle's earliest position in the log (and its altitude where the topic has one).
  void first_position(std::optional<LatLon>* pos, std::optional<double>* alt) const {
    int64_t best = INT64_MAX;
    for (const auto& t : out_.topics) {
      auto pf = position_fields(t.schema);
      if (pf.pairs.empty() || !pf.pairs[0].vehicle) continue;
      const PositionPair& p = pf.pairs[0];
      for (size_t i = 0; i < t.rows; ++i) {
        double a = read(t, p.lat, i) * p.k, o = read(t, p.lon, i) * p.k;
        int64_t tm = t.time_at(i);
        if ((std::abs(a) > 1e-9 || std::abs(o) > 1e-9) && tm != model::kNoTime && tm < best) {
          best = tm;
          *pos = LatLon{a, o};
          if (!pf.alts.empty())
            *alt = read(t, pf.alts[0].index, i) * pf.alts[0].k;
          else
            alt->reset();
        }
      }
    }
  }

  // Where a relative track starts for this recipient: an arbitrary point of its own (between
  // 30 degrees south and north), on the coarsening grid where positions are coarse.
  LatLon arbitrary_origin() const {
    auto h = hmac(r_.pseudonym_key, "relative track origin");
    uint64_t u1, u2;
    std::memcpy(&u1, h.data(), 8);
    std::memcpy(&u2, h.data() + 8, 8);
    LatLon o{-30 + 60 * (static_cast<double>(u1 >> 11) / 9007199254740992.0),
             -180 + 360 * (static_cast<double>(u2 >> 11) / 9007199254740992.0)};
    if (lvl(DataClass::kLocation) == Level::kCoarse) {
      o.lat = snap(o.lat, rec_.grid_m / kMetresPerDegree);
      o.lon = snap(o.lon, rec_.grid_m / (kMetresPerDegree * std::cos(o.lat * kDegToRad)));
    } else {
      o.lat = static_cast<double>(std::llround(o.lat * 1e7)) / 1e7;
      o.lon = static_cast<double>(std::llround(o.lon * 1e7)) / 1e7;
    }
    return o;
  }

  void texts() {
    Level l = lvl(DataClass::kText);
    size_t before = out_.texts.size();
    if (l <= Level::kSummary) out_.texts.clear();
    if (l == Level::kCoarse)
      std::erase_if(out_.texts, [](const model::TextMessage& m) { return m.severity > 4; });
    removed("text messages", std::string("text: ") + level_name(l), before - out_.texts.size());
    for (auto& m : out_.texts) m.text = scrub(m.text);
  }

  void params_and_info() {
    size_t before =
        out_.params.initial.size() + out_.params.defaults.size() + out_.params.changes.size();
    auto gone = [&](model::Param& p) {
      auto v = param_out(p.name, p.value);
      if (v) p.value = *v;
      return !v;
    };
    std::erase_if(out_.params.initial, [&](model::Param& p) { return gone(p); });
    std::erase_if(out_.params.defaults, [&](model::DefaultParam& p) { return gone(p.param); });
    std::erase_if(out_.params.changes, [&](model::ParamChange& p) { return gone(p.param); });
    removed("parameters", "their class's level",
            before - out_.params.initial.size() - out_.params.defaults.size() -
                out_.params.changes.size());
    before = out_.info.size();
    std::vector<model::InfoItem> kept;
    for (auto& i : out_.info) {
      if (i.key == kShiftTagKey) {
        kept.push_back(std::move(i));
        continue;
      }
      DataClass c = classify_info(i);
      if (lvl(c) <= Level::kSummary) continue;
      if (auto* s = std::get_if<std::string>(&i.value)) {
        if (c == DataClass::kIdentity) {
          *s = scrub_positions(id_out(*s));  // a pilot's note kept as it is may name a place
          if (s->empty()) continue;
        } else {
          *s = scrub(*s);
        }
      }
      kept.push_back(std::move(i));
    }
    out_.info = std::move(kept);
    removed("log information items", "their class's level", before - out_.info.size());
  }

  void metadata() {
    out_.meta.vehicle_id = out_.meta.vehicle_id.empty() ? "" : id_out(out_.meta.vehicle_id);
    out_.meta.board_id = out_.meta.board_id.empty() ? "" : id_out(out_.meta.board_id);
  }

  // The recipient's time shift, on every value that carries UTC.
  void shift_time() {
    int64_t d = rec_.time_shift_s * 1000000;
    if (!d || shifted_already_) return;
    out_.info.push_back({kShiftTagKey, "", shift_tag(), false, false});
    if (out_.meta.utc_start_us) *out_.meta.utc_start_us += d;
    bool tlog = out_.meta.format == model::Format::kTlog;
    for (auto& t : out_.topics) {
      for (size_t i = 0; i < t.rows && tlog; ++i) set_time(t, i, t.time_at(i) + d);
      for (size_t f = 0; f < t.schema.fields.size(); ++f) {
        const std::string& n = t.schema.fields[f].name;
        bool us = n == "time_utc_usec" || n == "time_unix_usec" || (tlog && n == "time_usec");
        for (size_t i = 0; i < t.rows && us; ++i) {
          double v = read(t, f, i);
          if (v > 1e15) write(t, f, i, v + static_cast<double>(d));
        }
      }
      int wk = t.schema.find("GWk"), ms = t.schema.find("GMS");
      for (size_t i = 0; wk >= 0 && ms >= 0 && i < t.rows; ++i) {
        double week = read(t, static_cast<size_t>(wk), i),
               msw = read(t, static_cast<size_t>(ms), i);
        if (week < 1000) continue;
        double total = week * 604800000.0 + msw + static_cast<double>(d) / 1000;
        write(t, static_cast<size_t>(wk), i, std::floor(total / 604800000.0));
        write(t, static_cast<size_t>(ms), i, std::fmod(total, 604800000.0));
      }
      if (t.min_time && tlog) *t.min_time += d, *t.max_time += d;
    }
    if (tlog) {
      for (auto& m : out_.texts) m.time_us += d;
      for (auto& c : out_.params.changes) c.time_us += d;
    }
  }

  void manifest() {
    bool tlog = out_.meta.format == model::Format::kTlog;
    for (auto& t : out_.topics) {
      if (!t.rows) continue;
      TopicOut o;
      o.name = t.name();
      o.instance = t.instance();
      o.records = t.rows;
      if (t.min_time) {
        int64_t shift =
            tlog ? 0 : (r_.utc_offset_us ? *r_.utc_offset_us + rec_.time_shift_s * 1000000 : 0);
        o.utc = tlog || r_.utc_offset_us.has_value();
        o.first_us = *t.min_time + shift;
        o.last_us = *t.max_time + shift;
      }
      o.fields = treatments_[&t];
      auto pf = position_fields(t.schema);
      for (size_t i = 0; i < t.rows && lvl(DataClass::kLocation) > Level::kSummary; ++i)
        for (const auto& p : pf.pairs)
          if (std::isfinite(read(t, p.lat, i)) && std::isfinite(read(t, p.lon, i)) &&
              (read(t, p.lat, i) != 0 || read(t, p.lon, i) != 0))
            ++m_.positions;
      m_.topics.push_back(std::move(o));
    }
    m_.texts = out_.texts.size();
    m_.params = out_.params.initial.size() + out_.params.changes.size();
  }

  const Rules& r_;
  const Recipient& rec_;
  model::Log out_;
  Manifest m_;
  std::vector<std::string> known_ids_;  // identifiers the log carries, longest first
  std::optional<LatLon> origin_;        // relative track: where it starts now (unset: not moved)
  std::optional<double> origin_alt_;
  LatLon to_;                     // relative track: where it will start
  bool shifted_already_ = false;  // the log is a copy already shifted by these rules
  bool moved_already_ = false;    // ... already moved to the recipient's origin
  std::map<const model::Topic*, std::vector<FieldOut>> treatments_;
};

}  // namespace

bool Exclusion::contains(double la, double lo) const {
  double dn = (la - lat) * kMetresPerDegree,
         de = (lo - lon) * kMetresPerDegree * std::cos(lat * kDegToRad);
  return std::hypot(dn, de) <= radius_m;
}

Exclusion exclusion(const Zone& z, const std::array<uint8_t, 32>& secret) {
  // The zone's bounding circle.
  LatLon c = z.center;
  double r = z.radius_m;
  if (!z.circle) {
    c = {0, 0};
    for (const auto& p : z.polygon)
      c.lat += p.lat / static_cast<double>(z.polygon.size()),
          c.lon += p.lon / static_cast<double>(z.polygon.size());
    r = 0;
    for (const auto& p : z.polygon) {
      double dn = (p.lat - c.lat) * kMetresPerDegree,
             de = (p.lon - c.lon) * kMetresPerDegree * std::cos(c.lat * kDegToRad);
      r = std::max(r, std::hypot(dn, de));
    }
  }
  auto unit = [&](int i) {  // three uniform numbers in [0, 1) from the secret
    uint64_t v;
    std::memcpy(&v, secret.data() + 8 * i, 8);
    return static_cast<double>(v >> 11) / 9007199254740992.0;
  };
  // A center moved 4 to 5 radii in a secret direction, and a radius that holds the whole zone
  // plus a secret margin of 2 to 3 radii (20 m at least): no shared point comes within 3 radii
  // of the zone's center, and the end points of tracks that leave it, averaged, miss the center
  // by more than a radius whether flights leave the disk everywhere or only on its near side
  // (docs/privacy.md has the measurements and the limits).
  double shift = r * (4 + unit(0)), bearing = 2 * M_PI * unit(1);
  double margin = std::max(20.0, r * (2 + unit(2)));
  Exclusion e;
  e.zone = z.name;
  e.lat = c.lat + shift * std::cos(bearing) / kMetresPerDegree;
  e.lon = c.lon + shift * std::sin(bearing) / (kMetresPerDegree * std::cos(c.lat * kDegToRad));
  e.radius_m = shift + r + margin;
  return e;
}

std::string pseudonym(const std::array<uint8_t, 32>& key, std::string_view id) {
  auto h = hmac(key, id);
  std::string body = to_hex(h.data(), 4);
  auto c = hmac(key, "check:" + body);
  return "anon-" + body + to_hex(c.data(), 2);
}

bool is_pseudonym(const std::array<uint8_t, 32>& key, std::string_view s) {
  if (s.size() != 17 || s.substr(0, 5) != "anon-") return false;
  std::string body(s.substr(5, 8));
  auto c = hmac(key, "check:" + body);
  return s.substr(13) == to_hex(c.data(), 2);
}

std::string Manifest::json(bool pretty) const {
  JsonWriter j(pretty);
  j.begin_object().key("recipient").value(recipient).key("policy_sha256").value(policy_sha256);
  j.key("levels").begin_object();
  for (size_t c = 0; c < kClasses; ++c)
    j.key(class_name(static_cast<DataClass>(c))).value(level_name(levels[c]));
  j.end_object();
  j.key("summary_only").value(summary_only);
  j.key("topics").begin_array();
  for (const auto& t : topics) {
    j.begin_object()
        .key("name")
        .value(t.name)
        .key("instance")
        .value(static_cast<int64_t>(t.instance));
    j.key("records").value(t.records);
    j.key(t.utc ? "first_utc" : "first_us");
    if (!t.first_us)
      j.null();
    else if (t.utc)
      j.value(format_utc(*t.first_us, 3));
    else
      j.value(*t.first_us);
    j.key(t.utc ? "last_utc" : "last_us");
    if (!t.last_us)
      j.null();
    else if (t.utc)
      j.value(format_utc(*t.last_us, 3));
    else
      j.value(*t.last_us);
    j.key("fields").begin_array();
    for (const auto& f : t.fields)
      j.begin_object()
          .key("name")
          .value(f.name)
          .key("class")
          .value(class_name(f.cls))
          .key("treatment")
          .value(f.treatment)
          .end_object();
    j.end_array().end_object();
  }
  j.end_array();
  j.key("positions").value(positions).key("texts").value(texts).key("parameters").value(params);
  j.key("removed").begin_array();
  for (const auto& r : removed)
    j.begin_object()
        .key("what")
        .value(r.what)
        .key("rule")
        .value(r.rule)
        .key("count")
        .value(r.count)
        .end_object();
  j.end_array();
  j.key("bytes").value(bytes);
  if (!output_sha256.empty()) j.key("sha256").value(output_sha256);
  j.end_object();
  return j.str();
}

Redacted redact(const model::Log& in, const Rules& rules) {
  Redactor r(in, rules);
  Redacted out = r.run();
  const Recipient& rec = rules.recipient;
  out.manifest.summary_only = rec.level(DataClass::kLocation) <= Level::kSummary &&
                              rec.level(DataClass::kTelemetry) <= Level::kSummary &&
                              rec.level(DataClass::kText) <= Level::kSummary;
  return out;
}

}  // namespace skykeep::privacy
