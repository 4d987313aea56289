// Emitter: turns the simulated vehicle's states into one format's records (topics named and laid
// out as that autopilot logs them). One implementation per format. Not thread-safe.
#pragma once

#include <deque>
#include <memory>
#include <string>

#include "formats/sink.h"
#include "synth/flight.h"
#include "synth/record_internal.h"
#include "synth/synth.h"

namespace skykeep::synth {

class Emitter {
 public:
  Emitter(formats::Sink& sink, const Options& o) : sink_(sink), opt_(o) {}
  virtual ~Emitter() = default;

  // Definitions, metadata and parameters, before the first flight.
  virtual void begin() = 0;
  // One simulation step; called every kTickUs. Emitters decimate to each topic's rate.
  virtual void tick(const State& s, const Flight& f) = 0;
  // A text message from the autopilot (severity: syslog level).
  virtual void text(int64_t t_us, int severity, const std::string& msg) = 0;
  // Arming state or mode changed at s.t_us (the state already has the new values).
  virtual void armed(const State& s, bool armed) = 0;
  virtual void mode(const State& s, Mode m) = 0;
  virtual void param_change(int64_t, const std::string&, double) {}
  virtual void dropout(int64_t, uint32_t) {}

  uint64_t records() const { return records_; }

 protected:
  // Announces a topic and returns its id; the Record stays valid for the emitter's life.
  uint32_t add(model::Schema s) {
    schemas_.push_back(std::move(s));
    uint32_t id = static_cast<uint32_t>(schemas_.size() - 1);
    records_by_id_.push_back(std::make_unique<Record>(schemas_.back()));
    sink_.on_topic(id, schemas_.back());
    return id;
  }
  Record& rec(uint32_t id) { return *records_by_id_[id]; }
  void emit(uint32_t id, int64_t t_us) {
    Record& r = rec(id);
    r.set_time(t_us);
    sink_.on_record(id, t_us, r.bytes());
    ++records_;
  }
  // True on the steps where a topic of hz should be written.
  static bool every(int64_t t_us, double hz) {
    int64_t period = static_cast<int64_t>(1e6 / hz);
    return t_us % period < kTickUs;
  }

 public:
  static constexpr int64_t kTickUs = 5000;  // 200 Hz

 protected:
  formats::Sink& sink_;
  const Options& opt_;
  std::deque<model::Schema> schemas_;
  std::vector<std::unique_ptr<Record>> records_by_id_;
  uint64_t records_ = 0;
};

std::unique_ptr<Emitter> make_ulog_emitter(formats::Sink& sink, const Options& o);
std::unique_ptr<Emitter> make_dataflash_emitter(formats::Sink& sink, const Options& o);
std::unique_ptr<Emitter> make_tlog_emitter(formats::Sink& sink, const Options& o);
std::unique_ptr<Emitter> make_dji_emitter(formats::Sink& sink, const Options& o);

}  // namespace skykeep::synth
