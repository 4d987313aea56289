#include "privacy/redact.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>

#include "base/endian.h"
#include "base/geo.h"
#include "base/hex.h"
#include "base/json_writer.h"
#include "base/numeric.h"
#include "base/utc.h"
#include "privacy/classify.h"
#include "privacy/detect.h"
#include "privacy/text_scrub.h"

namespace skykeep::privacy {
namespace {

// Times near a position inside an exclusion disk are cut too: no sample just inside the edge.
constexpr int64_t kZonePadUs = 500000;
constexpr int64_t kCoarsePeriodUs = 1000000;  // telemetry at "coarse": one record a second
constexpr const char* kShiftTagKey = "skykeep_redaction";
constexpr double kWeekMs = 604800000.0;
constexpr size_t kInfoChunk = 60000;  // the longest information item written as one

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

void zero_all(model::Topic& t, size_t f) {
  auto& b = t.columns[f].bytes();
  std::memset(b.data(), 0, b.size());
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

// Grid snapping in integers: a coordinate becomes a whole number of grid steps.
// Not-a-number (a field the autopilot left unset) stays as it is: it says nothing.
double snap(double v, double step) {
  return std::isfinite(v) ? static_cast<double>(std::llround(v / step)) * step : v;
}

bool stronger(const Classification& by_value, const Classification& by_name) {
  // Values can only make a field more private: a location or identity named so stays so;
  // anything else found to hold a position or a time becomes that.
  if (by_name.cls == DataClass::kLocation || by_name.cls == DataClass::kIdentity) return false;
  if (by_name.role == Role::kTime && by_value.role == Role::kTime) return true;
  return by_value.cls == DataClass::kLocation || by_value.cls == DataClass::kIdentity ||
         by_value.role != Role::kPlain;
}

class Redactor {
 public:
  Redactor(const model::Log& in, const Rules& r)
      : in_(in), r_(r), rec_(r.recipient), out_(model::deep_copy(in)) {
    m_.recipient = rec_.name;
    m_.levels = rec_.levels;
    if (rec_.time_shift_s)
      for (const auto& i : in.info)
        if (i.key == kShiftTagKey && model::info_to_string(i.value) == shift_tag())
          shifted_already_ = true;
    // A clock that is UTC itself (tlogs, and logs of simulators that count from 1970) moves with
    // a time shift.
    clock_utc_ = in.meta.format == model::Format::kTlog || in.meta.start_time_us > kY2000Us;
    for (const auto& t : in.topics)
      if (t.min_time && *t.min_time > kY2000Us) clock_utc_ = true;
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
    collect_ids();
    facts_ = facts_of(in_, r_.utc_offset_us, known_ids_, numeric_ids_);
    judge();
    window();
    zones();
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
  bool shifting() const { return rec_.time_shift_s != 0 && !shifted_already_; }
  // Whether exact positions may leave as they are: full location, no zone, no moved track.
  bool exact_location() const {
    return lvl(DataClass::kLocation) == Level::kFull && r_.exclusions.empty() &&
           !rec_.relative_track;
  }
  bool identifiers_as_they_are() const {
    return lvl(DataClass::kIdentity) == Level::kFull && !rec_.pseudonyms;
  }
  // What may not leave of what a byte array's record holds (kHolds*).
  uint8_t denied_holds() const {
    uint8_t d = 0;
    if (!exact_location()) d |= kHoldsPosition;
    if (rec_.time_shift_s != 0) d |= kHoldsTime;
    if (!identifiers_as_they_are()) d |= kHoldsIdentifier;
    return d;
  }
  void removed(const std::string& what, const std::string& rule, uint64_t n) {
    if (n) m_.removed.push_back({what, rule, n});
  }
  std::string topic_label(const model::Topic& t) const {
    return t.name() + (t.instance() ? "/" + std::to_string(t.instance()) : std::string());
  }
  void unclassified(const std::string& what) { m_.unclassified.push_back(what); }

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
    // A clock that is UTC: in a copy shifted already, the window moves with it.
    if (shifted_already_ && clock_utc_) {
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
  LatLon on_grid(LatLon p) const { return snap_to_grid(p, rec_.grid_m); }

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

  // The identifiers the log carries, as text and as 64-bit values.
  void collect_ids() {
    auto add = [&](std::string s) {
      while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
      if (s.size() >= 4 && !is_pseudonym(r_.pseudonym_key, s)) known_ids_.push_back(s);
    };
    add(in_.meta.vehicle_id);
    add(in_.meta.board_id);
    for (const auto& i : in_.info)
      if (classify_info(i).cls == DataClass::kIdentity) add(model::info_to_string(i.value));
    for (const auto& t : in_.topics) {
      auto cls = classify_topic(t.schema);
      for (size_t f = 0; f < t.schema.fields.size(); ++f) {
        if (cls[f].cls != DataClass::kIdentity) continue;
        const model::Field& fd = t.schema.fields[f];
        for (size_t i = 0; i < t.rows; ++i) {
          if (fd.is_text()) {
            add(std::string(t.text(f, i)));
          } else if (fd.width() == 8) {
            std::array<std::byte, 8> v;
            std::memcpy(v.data(), t.columns[f].row(i), 8);
            uint64_t u;
            std::memcpy(&u, v.data(), 8);
            if (u != 0 && !is_pseudonym64(r_.pseudonym_key, u)) numeric_ids_.push_back(v);
          }
        }
      }
    }
    std::sort(known_ids_.begin(), known_ids_.end(),
              [](auto& a, auto& b) { return a.size() != b.size() ? a.size() > b.size() : a < b; });
    known_ids_.erase(std::unique(known_ids_.begin(), known_ids_.end()), known_ids_.end());
    std::sort(numeric_ids_.begin(), numeric_ids_.end());
    numeric_ids_.erase(std::unique(numeric_ids_.begin(), numeric_ids_.end()), numeric_ids_.end());
  }

  // An identifier as this recipient may see it: its pseudonym, or nothing.
  std::string id_out(std::string_view id) const {
    if (identifiers_as_they_are()) return std::string(id);
    if (lvl(DataClass::kIdentity) <= Level::kSummary) return std::string();
    if (is_pseudonym(r_.pseudonym_key, id)) return std::string(id);
    return pseudonym(r_.pseudonym_key, id);
  }

  // Text as the recipient may read it: identifiers, positions and (under a time shift) dates
  // and times taken out (privacy/text_scrub.h).
  std::string scrub(std::string s) const {
    ScrubOptions o;
    o.ids = identifiers_as_they_are() ? nullptr : &known_ids_;
    o.replace_id = [this](std::string_view id) {
      std::string rep = id_out(id);
      return rep.empty() ? std::string("[id]") : rep;
    };
    o.is_pseudonym = [this](std::string_view w) { return is_pseudonym(r_.pseudonym_key, w); };
    o.positions = !exact_location();
    o.times = rec_.time_shift_s != 0;
    o.facts = &facts_;
    return scrub_text(std::move(s), o);
  }

  // The class of every field of every topic of the input: by name, then by value (which can
  // only make it more private). Judged once on the whole input, so that what a window, a slice
  // or a zone leaves of a field does not change its class.
  void judge() {
    for (const auto& t : in_.topics) {
      auto cls = classify_topic(t.schema);
      named_.push_back(cls);
      std::vector<bool> in_bytes(t.schema.fields.size());
      for (const auto& a : byte_arrays(t.schema))
        for (size_t k = 0; k < a.count; ++k) in_bytes[a.first + k] = true;
      RowTrack track;
      bool tracked = false;
      for (size_t f = 0; f < cls.size(); ++f) {
        if (in_bytes[f] || t.schema.fields[f].is_text() || cls[f].cls == DataClass::kLocation ||
            cls[f].cls == DataClass::kIdentity || model::is_parameter_topic(t.name()))
          continue;
        if (!tracked) track = row_track(t, facts_), tracked = true;
        if (auto v = judge_values(t, f, facts_, track); v && stronger(*v, cls[f])) cls[f] = *v;
      }
      judged_.push_back(std::move(cls));
    }
  }

  // Every field of every topic by its class and the recipient's level for it.
  void fields() {
    Level loc = lvl(DataClass::kLocation);
    double grid = rec_.grid_m;
    std::string coarse = "coarsened to " + std::to_string(std::lround(grid)) + " m";
    // The relative track's origin: the first position of the vehicle that leaves. It moves to
    // this recipient's arbitrary origin.
    if (rec_.relative_track && loc >= Level::kCoarse && !moved_already_)
      first_position(&origin_, &origin_alt_);
    for (size_t ti = 0; ti < out_.topics.size(); ++ti) {
      model::Topic& t = out_.topics[ti];
      if (param_topic(t)) continue;
      const std::vector<Classification>& named = named_[ti];
      const std::vector<Classification>& cls = judged_[ti];
      classes_[&t] = cls;
      bool messages = text_topic(t, cls);  // before their severity is zeroed below
      const auto& fs = t.schema.fields;
      std::vector<FieldOut>& outs = treatments_[&t];
      bool any_kept = false;
      for (size_t f = 0; f < fs.size(); ++f) {
        const Classification& c = cls[f];
        Level l = lvl(c.cls);
        std::string how = "kept";
        auto remove = [&](const std::string& why) {
          zero_all(t, f);
          how = "removed (zeroed): " + why;
        };
        // What its values made more private still leaves only where its name's class may.
        Level named_l = lvl(named[f].cls);
        if (c.cls != named[f].cls && named_l <= Level::kSummary) {
          remove(std::string(class_name(named[f].cls)) + " " + level_name(named_l));
        } else if (c.cls == DataClass::kUnclassified) {
          if (l == Level::kFull)
            how = "kept (every class is full)";
          else
            remove("unclassified");
          unclassified(topic_label(t) + "." + fs[f].name);
        } else if (c.cls == DataClass::kLocation) {
          if (loc <= Level::kSummary) {
            remove(std::string("location ") + level_name(loc));
          } else if (c.role == Role::kLatitude || c.role == Role::kLongitude) {
            if (rec_.relative_track)
              how = "moved to an arbitrary origin" +
                    (loc == Level::kCoarse ? ", " + coarse : std::string());
            else
              how = loc == Level::kCoarse ? coarse : "kept";
          } else if (c.role == Role::kAltitude) {
            double k = altitude_factor(fs[f]);
            for (size_t i = 0; i < t.rows; ++i) {
              double v = read(t, f, i) * k;
              if (origin_alt_) v -= *origin_alt_;
              if (loc == Level::kCoarse) v = snap(v, grid);
              write(t, f, i, v / k);
            }
            how = loc == Level::kCoarse ? coarse
                  : rec_.relative_track ? "relative to the first position"
                                        : "kept";
          } else if (c.role == Role::kLocal) {
            // Local coordinates are measured from an origin that is usually home: with zones
            // (or a moved track) they would give it away.
            if (!r_.exclusions.empty() || rec_.relative_track) {
              remove("local frame, under zones or a moved track");
            } else if (loc == Level::kCoarse) {
              for (size_t i = 0; i < t.rows; ++i) write(t, f, i, snap(read(t, f, i), grid));
              how = coarse;
            }
          } else if (c.role == Role::kVelocity) {
            // Integrated from a grid crossing, a velocity would draw the track finer than the
            // grid: below full location it goes.
            if (loc != Level::kFull) remove("a derivative of position, below full location");
          } else if (!exact_location()) {
            remove(std::string(role_name(c.role)) + " location, below full location or under " +
                   "zones or a moved track");
          }
        } else if (c.cls == DataClass::kIdentity) {
          identity_field(t, f, l);
          how = l <= Level::kSummary ? "removed (zeroed): identity " + std::string(level_name(l))
                : identifiers_as_they_are() ? "kept"
                                            : "pseudonym";
        } else if (l <= Level::kSummary) {  // telemetry, text, media
          remove(std::string(class_name(c.cls)) + " " + level_name(l));
        } else if (c.role == Role::kDatePart && rec_.time_shift_s != 0) {
          remove("a part of a date, under a time shift");
        } else if ((c.role == Role::kGpsWeek || c.role == Role::kGpsWeekMs) &&
                   rec_.time_shift_s != 0 && !gps_week_pair(cls)) {
          remove("a GPS time without its other half, under a time shift");
        } else if (fs[f].is_text()) {  // named text, telemetry or media: scrubbed
          for (size_t i = 0; i < t.rows; ++i) write_text(t, f, i, scrub(std::string(t.text(f, i))));
          if (c.cls == DataClass::kText) how = "scrubbed of positions and identifiers";
        }
        if (how.rfind("removed", 0) != 0) any_kept = true;
        outs.push_back({fs[f].name, c.cls, how, c.rule});
      }
      byte_rows(t, cls, outs);
      pairs(t);
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

  static bool gps_week_pair(const std::vector<Classification>& cls) {
    bool week = false, ms = false;
    for (const auto& c : cls) week |= c.role == Role::kGpsWeek, ms |= c.role == Role::kGpsWeekMs;
    return week && ms;
  }

  void identity_field(model::Topic& t, size_t f, Level l) {
    const model::Field& fd = t.schema.fields[f];
    for (size_t i = 0; i < t.rows; ++i) {
      if (fd.is_text()) {
        std::string v = id_out(t.text(f, i));
        if (v.size() > fd.width()) v.clear();  // no room for a pseudonym: nothing
        write_text(t, f, i, v);
      } else if (identifiers_as_they_are()) {
      } else if (l >= Level::kCoarse && fd.width() == 8) {
        uint64_t v;
        std::memcpy(&v, t.columns[f].row(i), 8);
        if (v && !is_pseudonym64(r_.pseudonym_key, v)) v = pseudonym64(r_.pseudonym_key, v);
        std::memcpy(t.columns[f].bytes().data() + i * 8, &v, 8);
      } else {
        zero(t, f, i);
      }
    }
  }

  // Byte arrays (event arguments, raw payloads of messages no dialect here defines): a record
  // whose bytes hold what the recipient may not have (a position, the true time, an
  // identifier) has them zeroed.
  void byte_rows(model::Topic& t, const std::vector<Classification>& cls,
                 std::vector<FieldOut>& outs) {
    uint8_t denied = denied_holds();
    if (!denied) return;
    std::vector<ByteArray> arrays = byte_arrays(t.schema);
    for (size_t f = 0; f < cls.size(); ++f)  // a raw payload: one wide field of bytes
      if (t.schema.fields[f].is_text() && cls[f].cls == DataClass::kUnclassified)
        arrays.push_back({t.schema.fields[f].name, f, 1});
    for (const auto& a : arrays) {
      std::vector<std::byte> row;
      uint64_t zeroed = 0;
      uint8_t seen = 0;
      for (size_t i = 0; i < t.rows; ++i) {
        row.clear();
        for (size_t k = 0; k < a.count; ++k) {
          const auto* p = t.columns[a.first + k].row(i);
          row.insert(row.end(), p, p + t.columns[a.first + k].width());
        }
        uint8_t holds = scan_bytes(row.data(), row.size(), facts_) & denied;
        if (!holds) continue;
        for (size_t k = 0; k < a.count; ++k) zero(t, a.first + k, i);
        seen |= holds;
        ++zeroed;
      }
      if (!zeroed) continue;
      removed("bytes of " + a.name + " in records of " + topic_label(t),
              "they held " + holds_name(seen), zeroed);
      for (size_t k = 0; k < a.count; ++k)
        if (outs[a.first + k].treatment.rfind("removed", 0) != 0)
          outs[a.first + k].treatment +=
              ", zeroed in " + std::to_string(zeroed) + " records that held " + holds_name(seen);
    }
  }

  // Latitude and longitude pairs: moved to the recipient's origin, coarsened.
  void pairs(model::Topic& t) {
    Level loc = lvl(DataClass::kLocation);
    if (loc <= Level::kSummary) return;
    for (const auto& p : position_fields(t.schema).pairs) {
      size_t la = static_cast<size_t>(p.lat), lo = static_cast<size_t>(p.lon);
      for (size_t i = 0; i < t.rows; ++i) {
        double a = read(t, la, i) * p.k, o = read(t, lo, i) * p.k;
        if ((std::abs(a) < 1e-9 && std::abs(o) < 1e-9) || !std::isfinite(a) || !std::isfinite(o))
          continue;
        if (origin_) {  // relative track, not yet moved
          double n = (a - origin_->lat) * kMetresPerDegree;
          double e = (o - origin_->lon) * metres_per_degree_lon(origin_->lat);
          a = to_.lat + n / kMetresPerDegree;
          o = to_.lon + e / metres_per_degree_lon(to_.lat);
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
  }

  // A parameter's value as the recipient may see it, or nothing (by the parameter's class).
  std::optional<double> param_out(const std::string& name, double value) {
    Classification c = classify_param(name);
    if (c.cls == DataClass::kUnclassified) unclassified("parameter " + name);
    if (lvl(c.cls) <= Level::kSummary) return std::nullopt;
    if (c.cls == DataClass::kIdentity && !identifiers_as_they_are()) return std::nullopt;
    if (c.cls == DataClass::kLocation) {
      if (!r_.exclusions.empty() || rec_.relative_track) return 0.0;
      if (lvl(c.cls) == Level::kCoarse) return snap(value, rec_.grid_m / kMetresPerDegree);
    }
    if (c.role == Role::kTime && shifting() && value != 0)
      return value + static_cast<double>(rec_.time_shift_s) * 1e6 * c.time.per_us;
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
    if (name < 0 || values.empty()) {
      // A parameter topic of a shape nothing here knows: unclassified as a whole.
      for (size_t f = 0; f < t.schema.fields.size(); ++f) {
        if (lvl(DataClass::kUnclassified) != Level::kFull) zero_all(t, f);
        unclassified(topic_label(t) + "." + t.schema.fields[f].name);
      }
      return true;
    }
    std::vector<bool> keep(t.rows, true);
    for (size_t i = 0; i < t.rows; ++i) {
      std::string pname(t.text(static_cast<size_t>(name), i));
      for (int f : values) {
        const model::Field& fd = t.schema.fields[static_cast<size_t>(f)];
        if (fd.is_text()) {  // PARAM_EXT_VALUE: the value as text
          Classification c = classify_param(pname);
          if (c.cls == DataClass::kUnclassified) unclassified("parameter " + pname);
          if (lvl(c.cls) <= Level::kSummary || c.cls == DataClass::kLocation ||
              (c.cls == DataClass::kIdentity && !identifiers_as_they_are()) ||
              c.role == Role::kTime)
            keep[i] = false;
          continue;
        }
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
      outs.push_back({f.name, DataClass::kTelemetry, "by each parameter's class", "parameters"});
    return true;
  }

  // Topics whose records are the autopilot's messages (DataFlash MSG, MAVLink STATUSTEXT, PX4
  // events): all go below "coarse"; at "coarse" only warnings and worse stay, by their severity
  // or log level, or for messages without one (DataFlash MSG) by their words.
  bool text_topic(model::Topic& t, const std::vector<Classification>& cls) {
    bool events = std::any_of(cls.begin(), cls.end(),
                              [](const Classification& c) { return c.role == Role::kEvent; });
    if (t.name() != "MSG" && t.name() != "STATUSTEXT" && !events) return false;
    Level l = lvl(DataClass::kText);
    int sev = t.schema.find(events ? "log_levels" : "severity");
    int words = t.schema.find(t.name() == "MSG" ? "Message" : "text");
    std::vector<bool> keep(t.rows, l >= Level::kCoarse);
    for (size_t i = 0; i < t.rows && l == Level::kCoarse; ++i) {
      if (sev >= 0) {
        double s = read(t, static_cast<size_t>(sev), i);
        // An event's log levels: the external one in the low four bits (libevents).
        keep[i] = (events ? static_cast<int>(s) & 0xF : s) <= 4;
      } else {
        keep[i] = words >= 0 && is_warning_text(t.text(static_cast<size_t>(words), i));
      }
    }
    removed("records of " + topic_label(t), std::string("text: ") + level_name(l),
            filter_rows(t, keep));
    return true;
  }

  int altitude_of(const model::Topic& t) const {
    auto cls = classify_topic(t.schema);
    for (size_t i = 0; i < cls.size(); ++i)
      if (cls[i].role == Role::kAltitude) return static_cast<int>(i);
    return -1;
  }

  // The vehicle's earliest position in the log (and its altitude where the topic has one); in a
  // log with no position of the vehicle, the earliest point of any kind (a frame's origin), so
  // that a moved track moves every position the log holds.
  void first_position(std::optional<LatLon>* pos, std::optional<double>* alt) const {
    for (bool vehicle : {true, false}) {
      int64_t best = INT64_MAX;
      for (const auto& t : out_.topics) {
        int a_f = -1;
        for (const auto& p : position_fields(t.schema).pairs) {
          if (p.vehicle != vehicle) continue;
          if (a_f < 0) a_f = altitude_of(t);
          for (size_t i = 0; i < t.rows; ++i) {
            double a = read(t, p.lat, i) * p.k, o = read(t, p.lon, i) * p.k;
            int64_t tm = t.time_at(i);
            if ((std::abs(a) > 1e-9 || std::abs(o) > 1e-9) && std::isfinite(a) &&
                std::isfinite(o) && tm != model::kNoTime && tm < best) {
              best = tm;
              *pos = LatLon{a, o};
              if (a_f >= 0 && vehicle)
                *alt = read(t, static_cast<size_t>(a_f), i) *
                       altitude_factor(t.schema.fields[static_cast<size_t>(a_f)]);
              else
                alt->reset();
            }
          }
        }
      }
      if (*pos) return;
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

  // Information items split into chunks (ULog multi-information continued) are one text: they
  // are joined before they are judged and scrubbed, so that nothing survives across a seam.
  static std::vector<model::InfoItem> joined(std::vector<model::InfoItem> in) {
    std::vector<model::InfoItem> out;
    for (auto& i : in) {
      auto* s = std::get_if<std::string>(&i.value);
      auto* prev = out.empty() ? nullptr : std::get_if<std::string>(&out.back().value);
      if (i.continued && s && prev && out.back().key == i.key) {
        *prev += *s;
        continue;
      }
      out.push_back(std::move(i));
    }
    return out;
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
    std::vector<model::InfoItem> kept, all = joined(std::move(out_.info));
    size_t dropped = 0;
    for (auto& i : all) {
      if (i.key == kShiftTagKey) {
        kept.push_back(std::move(i));
        continue;
      }
      Classification c = classify_info(i);
      if (c.cls == DataClass::kUnclassified) unclassified("information item " + i.key);
      if (lvl(c.cls) <= Level::kSummary || (c.cls == DataClass::kLocation && !exact_location())) {
        ++dropped;
        continue;
      }
      if (auto* s = std::get_if<std::string>(&i.value)) {
        if (c.cls == DataClass::kIdentity) {
          *s = scrub_positions(id_out(*s));  // a pilot's note kept as it is may name a place
        } else {
          // At "coarse" text, only the warnings and errors of a console's output.
          if (c.cls == DataClass::kText && lvl(c.cls) == Level::kCoarse) *s = warning_lines(*s);
          *s = scrub(*s);
        }
        if (s->empty()) {
          ++dropped;
          continue;
        }
        for (size_t at = 0; at < s->size(); at += kInfoChunk) {
          model::InfoItem part = i;
          part.value = s->substr(at, kInfoChunk);
          part.continued = at > 0;
          part.multi = i.multi || s->size() > kInfoChunk;
          part.type = "char[" + std::to_string(std::get<std::string>(part.value).size()) + "]";
          kept.push_back(std::move(part));
        }
        continue;
      }
      if (c.role == Role::kTime && rec_.time_shift_s != 0) {
        double v = std::visit(
            [](auto x) -> double {
              if constexpr (std::is_same_v<decltype(x), std::string>)
                return 0;
              else
                return static_cast<double>(x);
            },
            i.value);
        if (!is_utc(v, c.time, facts_)) {
          kept.push_back(std::move(i));
          continue;
        }
        if (shifted_already_) {
          kept.push_back(std::move(i));
          continue;
        }
        double shifted = v + static_cast<double>(rec_.time_shift_s) * 1e6 * c.time.per_us;
        if (std::holds_alternative<uint64_t>(i.value))
          i.value = static_cast<uint64_t>(shifted);
        else if (std::holds_alternative<int64_t>(i.value))
          i.value = static_cast<int64_t>(shifted);
        else
          i.value = shifted;
      }
      kept.push_back(std::move(i));
    }
    out_.info = std::move(kept);
    removed("log information items", "their class's level", dropped);
  }

  std::string scrub_positions(std::string s) const {
    ScrubOptions o;
    o.positions = !exact_location();
    o.times = rec_.time_shift_s != 0;
    o.facts = &facts_;
    return scrub_text(std::move(s), o);
  }

  void metadata() {
    out_.meta.vehicle_id = out_.meta.vehicle_id.empty() ? "" : id_out(out_.meta.vehicle_id);
    out_.meta.board_id = out_.meta.board_id.empty() ? "" : id_out(out_.meta.board_id);
  }

  // The recipient's time shift, on every value that carries UTC: the log's start, a clock that
  // is UTC, every field found to hold UTC (by name or by value) in its own encoding, GPS weeks
  // and milliseconds. Dates in text and in byte arrays were taken out above.
  void shift_time() {
    int64_t d = rec_.time_shift_s * 1000000;
    if (!shifting()) return;
    out_.info.push_back({kShiftTagKey, "", shift_tag(), false, false});
    if (out_.meta.utc_start_us) *out_.meta.utc_start_us += d;
    if (clock_utc_) out_.meta.start_time_us += d;
    for (auto& t : out_.topics) {
      for (size_t i = 0; i < t.rows && clock_utc_; ++i)
        if (t.time_at(i) != model::kNoTime) set_time(t, i, t.time_at(i) + d);
      if (t.min_time && clock_utc_) *t.min_time += d, *t.max_time += d;
      auto it = classes_.find(&t);
      if (it == classes_.end()) continue;
      const auto& cls = it->second;
      int wk = -1, ms = -1;
      for (size_t f = 0; f < cls.size(); ++f) {
        if (cls[f].role == Role::kGpsWeek) wk = static_cast<int>(f);
        if (cls[f].role == Role::kGpsWeekMs) ms = static_cast<int>(f);
        if (cls[f].role != Role::kTime || t.schema.fields[f].is_text()) continue;
        for (size_t i = 0; i < t.rows; ++i) {
          double v = read(t, f, i);
          if (is_utc(v, cls[f].time, facts_))
            write(t, f, i, v + static_cast<double>(d) * cls[f].time.per_us);
        }
      }
      for (size_t i = 0; wk >= 0 && ms >= 0 && i < t.rows; ++i) {
        double week = read(t, static_cast<size_t>(wk), i),
               msw = read(t, static_cast<size_t>(ms), i);
        if (week < 1000) continue;
        double total = week * kWeekMs + msw + static_cast<double>(d) / 1000;
        write(t, static_cast<size_t>(wk), i, std::floor(total / kWeekMs));
        write(t, static_cast<size_t>(ms), i, std::fmod(total, kWeekMs));
      }
    }
    if (clock_utc_) {
      for (auto& m : out_.texts)
        if (m.time_us != model::kNoTime) m.time_us += d;
      for (auto& c : out_.params.changes)
        if (c.time_us != model::kNoTime) c.time_us += d;
      for (auto& o : out_.dropouts)
        if (o.time_us != model::kNoTime) o.time_us += d;
    }
  }

  void manifest() {
    for (auto& t : out_.topics) {
      if (!t.rows) continue;
      TopicOut o;
      o.name = t.name();
      o.instance = t.instance();
      o.records = t.rows;
      if (t.min_time) {
        int64_t shift = clock_utc_         ? 0
                        : r_.utc_offset_us ? *r_.utc_offset_us + rec_.time_shift_s * 1000000
                                           : 0;
        o.utc = clock_utc_ || r_.utc_offset_us.has_value();
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
    std::sort(m_.unclassified.begin(), m_.unclassified.end());
    m_.unclassified.erase(std::unique(m_.unclassified.begin(), m_.unclassified.end()),
                          m_.unclassified.end());
  }

  const model::Log& in_;
  const Rules& r_;
  const Recipient& rec_;
  model::Log out_;
  Manifest m_;
  Facts facts_;
  std::vector<std::string> known_ids_;  // identifiers the log carries, longest first
  std::vector<std::array<std::byte, 8>> numeric_ids_;
  std::optional<LatLon> origin_;  // relative track: where it starts now (unset: not moved)
  std::optional<double> origin_alt_;
  LatLon to_;                     // relative track: where it will start
  bool shifted_already_ = false;  // the log is a copy already shifted by these rules
  bool moved_already_ = false;    // ... already moved to the recipient's origin
  bool clock_utc_ = false;        // the log's clock counts UTC (tlogs, simulators)
  std::map<const model::Topic*, std::vector<FieldOut>> treatments_;
  std::map<const model::Topic*, std::vector<Classification>> classes_;
  // By topic index (in and out hold the same topics in the same order): the classes by name,
  // and as judged (by name, then by value).
  std::vector<std::vector<Classification>> named_, judged_;
};

}  // namespace

LatLon snap_to_grid(LatLon p, double grid_m) {
  double lat = snap(p.lat, grid_m / kMetresPerDegree);
  return {lat, snap(p.lon, grid_m / metres_per_degree_lon(lat))};
}

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
  auto unit = [&](size_t i) {  // three uniform numbers in [0, 1) from the secret
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
          .key("rule")
          .value(f.rule)
          .end_object();
    j.end_array().end_object();
  }
  j.end_array();
  j.key("unclassified").begin_array();
  for (const auto& u : unclassified) j.value(u);
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
