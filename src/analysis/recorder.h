// Recorder: the Sink that turns any log's records into Signals as they stream past, in memory
// bounded by the flight time (Signals keeps at most five samples a second per channel), so a log
// of any size can be analysed while it is imported. Each autopilot's topics map onto the
// channels in one file (px4.cc, ardupilot.cc, mavlink.cc). Not thread-safe.
#pragma once

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analysis/signals.h"
#include "formats/sink.h"

namespace skykeep::analysis {

class Dialect;

// A set of channels one topic fills, competing with other topics for the same channels: the
// source with the highest priority that has samples wins (a fused global position over raw GPS).
class Target {
 public:
  void add(Ch c, int64_t t, double v) {
    series_[static_cast<size_t>(c)].add(t, v, channel_keep(c));
  }
  // False when a sample of c at t would not be kept: skip computing it.
  bool wants(Ch c, int64_t t) const { return series_[static_cast<size_t>(c)].wants(t); }
  // Names the field a channel's samples come from (evidence); by default the target's field.
  Target* name(Ch c, const std::string& field) {
    series_[static_cast<size_t>(c)].field = field;
    return this;
  }
  bool empty() const;

 private:
  friend class Recorder;
  int group_ = 0, priority_ = 0;
  std::array<Series, kChannels> series_;
};

class Recorder final : public formats::Sink {
 public:
  Recorder();
  ~Recorder() override;

  void on_format(model::Format f) override;
  void on_topic(uint32_t id, model::Schema schema) override;
  void on_record(uint32_t id, int64_t time_us, Bytes payload) override;
  void on_param(model::Param p) override;
  void on_text(const model::TextMessage& m) override;
  void on_end(const model::ParseReport& report) override;

  // The signals, complete once on_end() has been called. Leaves the Recorder empty.
  Signals take();

  // For the dialects: the target for `group` (the group of channel `first`) from one topic.
  // topic and field name the source for evidence.
  Target* target(Ch first, int priority, const std::string& topic, const std::string& field);
  Signals& signals() { return signals_; }

  // One record, as a dialect's feed sees it.
  struct Row {
    int64_t t;
    Bytes payload;
    const model::Schema* schema;
    // Field i as a number (scale applied), NaN when i < 0 or past the payload's end.
    double get(int i) const {
      if (i < 0) return NAN;
      const model::Field& f = schema->fields[static_cast<size_t>(i)];
      if (f.offset + f.width() > payload.size()) return get_short(f, payload);
      const std::byte* p = payload.data() + f.offset;
      if (f.scale == 1.0) {  // the common types without a call
        if (f.type == model::FieldType::kFloat32) return load_le<float>(p);
        if (f.type == model::FieldType::kFloat64) return load_le<double>(p);
      }
      return model::field_value(f, p);
    }
    // Field i as text, empty when i < 0.
    std::string_view text(int i) const;
  };
  using Feed = std::function<void(const Row&)>;
  // A field past a shortened payload's end: its missing bytes read as zero.
  static double get_short(const model::Field& f, Bytes payload);

 private:
  struct Bound {
    model::Schema schema;
    Feed feed;
  };
  model::Format format_ = model::Format::kUnknown;
  std::unique_ptr<Dialect> dialect_;
  std::vector<std::unique_ptr<Bound>> bound_;  // by topic id; null for topics not used
  std::vector<std::unique_ptr<Target>> targets_;
  Signals signals_;
};

// The dialect interface: which topics feed which channels.
class Dialect {
 public:
  virtual ~Dialect() = default;
  // A feed for records of this topic, or an empty function when the topic is not used.
  virtual Recorder::Feed bind(const model::Schema& schema, Recorder& r) = 0;
  virtual void param(const model::Param&, Recorder&) {}
  virtual void text(const model::TextMessage&, Recorder&) {}
  // Called once at the end (mode names, vehicle kind).
  virtual void finish(Recorder&) {}
};

std::unique_ptr<Dialect> make_px4_dialect();
std::unique_ptr<Dialect> make_ardupilot_dialect();
std::unique_ptr<Dialect> make_mavlink_dialect();

}  // namespace skykeep::analysis

namespace skykeep::analysis {
// The signals of a whole Log in memory (replays it through a Recorder).
Signals signals_of(const model::Log& log);
}  // namespace skykeep::analysis
