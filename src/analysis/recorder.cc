#include "analysis/recorder.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace skykeep::analysis {
namespace {

// Channels that come from one source together: a group is named by its first channel.
Ch group_of(Ch c) {
  switch (c) {
    case Ch::kLat:
    case Ch::kLon:
    case Ch::kAltAmsl:
      return Ch::kLat;
    case Ch::kHSpeed:
    case Ch::kClimb:
    case Ch::kSink:
      return Ch::kHSpeed;
    case Ch::kRoll:
    case Ch::kPitch:
    case Ch::kYaw:
    case Ch::kTilt:
      return Ch::kRoll;
    case Ch::kVoltage:
    case Ch::kCurrent:
    case Ch::kRemaining:
    case Ch::kConsumed:
      return Ch::kVoltage;
    case Ch::kGpsFix:
    case Ch::kSats:
    case Ch::kEph:
      return Ch::kGpsFix;
    case Ch::kJamming:  // a receiver's integrity report (MAVLink sends it apart from the fix)
    case Ch::kSpoofing:
      return Ch::kJamming;
    case Ch::kJamIndicator:  // the interference monitor (ArduPilot logs it apart from the fix)
    case Ch::kGpsNoise:
      return Ch::kJamIndicator;
    case Ch::kEkfVel:
    case Ch::kEkfPos:
    case Ch::kEkfHgt:
    case Ch::kEkfMag:
    case Ch::kEkfFaults:
      return Ch::kEkfVel;
    case Ch::kVibration:
    case Ch::kClipping:
      return Ch::kVibration;
    default:
      return c;
  }
}

}  // namespace

bool Target::empty() const {
  for (const auto& s : series_)
    if (!s.empty()) return false;
  return true;
}

double Recorder::get_short(const model::Field& f, Bytes payload) {
  std::byte buf[8] = {};
  if (f.width() > sizeof buf) return NAN;
  if (f.offset < payload.size())
    std::memcpy(buf, payload.data() + f.offset, payload.size() - f.offset);
  model::Field at0 = f;
  at0.offset = 0;
  return model::field_value(at0, buf);
}

std::string_view Recorder::Row::text(int i) const {
  if (i < 0) return {};
  const model::Field& f = schema->fields[static_cast<size_t>(i)];
  if (f.offset >= payload.size()) return {};
  size_t n = std::min<size_t>(f.width(), payload.size() - f.offset);
  std::string_view s(reinterpret_cast<const char*>(payload.data() + f.offset), n);
  return s.substr(0, s.find('\0'));
}

Recorder::Recorder() = default;
Recorder::~Recorder() = default;

void Recorder::on_format(model::Format f) {
  format_ = f;
  switch (f) {
    case model::Format::kULog:
      dialect_ = make_px4_dialect();
      break;
    case model::Format::kDataFlash:
      dialect_ = make_ardupilot_dialect();
      break;
    case model::Format::kTlog:
      dialect_ = make_mavlink_dialect();
      break;
    default:
      dialect_.reset();
  }
}

void Recorder::on_topic(uint32_t id, model::Schema schema) {
  if (!dialect_ || id > (1u << 20)) return;
  if (bound_.size() <= id) bound_.resize(id + 1);
  auto b = std::make_unique<Bound>();
  b->schema = std::move(schema);
  b->feed = dialect_->bind(b->schema, *this);
  bound_[id] = b->feed ? std::move(b) : nullptr;
}

void Recorder::on_record(uint32_t id, int64_t time_us, Bytes payload) {
  if (time_us == model::kNoTime) return;
  if (!signals_.any_time) {
    signals_.first_us = signals_.last_us = time_us;
    signals_.any_time = true;
  }
  signals_.first_us = std::min(signals_.first_us, time_us);
  signals_.last_us = std::max(signals_.last_us, time_us);
  if (id >= bound_.size() || !bound_[id]) return;
  const Bound& b = *bound_[id];
  b.feed(Row{time_us, payload, &b.schema});
}

void Recorder::on_param(model::Param p) {
  if (dialect_) dialect_->param(p, *this);
}

void Recorder::on_text(const model::TextMessage& m) {
  if (m.time_us == model::kNoTime) return;
  if (dialect_) dialect_->text(m, *this);
  constexpr size_t kMaxTexts = 100000;  // a log that only chatters keeps its first 100,000
  if (signals_.texts.size() < kMaxTexts) {
    // DataFlash MSG records state no severity.
    signals_.texts.push_back({m.time_us, m.severity, format_ != model::Format::kDataFlash, m.text});
  }
}

Target* Recorder::target(Ch first, int priority, const std::string& topic,
                         const std::string& field) {
  auto t = std::make_unique<Target>();
  t->group_ = static_cast<int>(group_of(first));
  t->priority_ = priority;
  for (auto& s : t->series_) {
    s.topic = topic;
    s.field = field;
  }
  targets_.push_back(std::move(t));
  return targets_.back().get();
}

void Recorder::on_end(const model::ParseReport&) {
  // For each group, the highest-priority source that has samples; the earliest bound wins ties.
  for (size_t g = 0; g < kChannels; ++g) {
    Target* best = nullptr;
    for (auto& t : targets_) {
      if (t->group_ != static_cast<int>(g) || t->empty()) continue;
      if (!best || t->priority_ > best->priority_) best = t.get();
    }
    if (!best) continue;
    for (size_t c = 0; c < kChannels; ++c)
      if (static_cast<size_t>(group_of(static_cast<Ch>(c))) == g)
        signals_.ch[c] = std::move(best->series_[c]);
  }
  targets_.clear();
  bound_.clear();
  for (Series& s : signals_.ch) {  // the vectors' growth room, for a long log much of its memory
    s.t.shrink_to_fit();
    s.v.shrink_to_fit();
  }
  // Records come in file order; a corrupt log resynchronised mid-stream can put a topic's times
  // out of order. Every analysis wants time order.
  for (Series& s : signals_.ch) {
    if (std::is_sorted(s.t.begin(), s.t.end())) continue;
    std::vector<size_t> idx(s.t.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return s.t[a] < s.t[b]; });
    std::vector<int64_t> t(idx.size());
    std::vector<double> v(idx.size());
    for (size_t i = 0; i < idx.size(); ++i) t[i] = s.t[idx[i]], v[i] = s.v[idx[i]];
    s.t = std::move(t);
    s.v = std::move(v);
  }
  if (dialect_) dialect_->finish(*this);
  // A pack's cell count, where the log does not state it, from its first voltage (3.9 V a
  // cell: between storage 3.8 V and full 4.2 V).
  const Series& v = signals_[Ch::kVoltage];
  for (size_t i = 0; i < v.size() && signals_.battery_cells == 0; ++i)
    if (v.v[i] > 3) signals_.battery_cells = static_cast<int>(std::lround(v.v[i] / 3.9));
}

Signals Recorder::take() {
  Signals s = std::move(signals_);
  signals_ = Signals{};
  return s;
}

}  // namespace skykeep::analysis

#include "formats/writer.h"

namespace skykeep::analysis {

Signals signals_of(const model::Log& log) {
  Recorder r;
  formats::replay(log, r);
  return r.take();
}

}  // namespace skykeep::analysis
