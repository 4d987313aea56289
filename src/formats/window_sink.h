// WindowSink: passes everything on to another sink except the records outside a time window, so
// that one flight of a long log can be read in memory proportional to the flight. Records
// without a time, and parameter records (model::is_parameter_topic) up to the window's end,
// always pass. Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "formats/sink.h"
#include "model/log.h"

namespace skykeep::formats {

class WindowSink final : public Sink {
 public:
  WindowSink(Sink& inner, int64_t from_us, int64_t to_us)
      : inner_(inner), from_(from_us), to_(to_us) {}

  void on_format(model::Format f) override { inner_.on_format(f); }
  void on_start_time(int64_t t) override { inner_.on_start_time(t); }
  void on_info(model::InfoItem i) override { inner_.on_info(std::move(i)); }
  void on_native_definition(std::string_view d) override { inner_.on_native_definition(d); }
  void on_topic(uint32_t id, model::Schema schema) override {
    if (params_.size() <= id) params_.resize(id + 1);
    params_[id] = model::is_parameter_topic(schema.name);
    inner_.on_topic(id, std::move(schema));
  }
  void on_record(uint32_t id, int64_t t, Bytes payload) override {
    if (wanted(id, t)) inner_.on_record(id, t, payload);
  }
  void on_record_view(uint32_t id, int64_t t, Bytes payload) override {
    if (wanted(id, t)) inner_.on_record_view(id, t, payload);
  }
  void on_batch_end() override { inner_.on_batch_end(); }
  void on_param(model::Param p) override { inner_.on_param(std::move(p)); }
  void on_param_change(model::ParamChange c) override { inner_.on_param_change(std::move(c)); }
  void on_default_param(model::DefaultParam d) override { inner_.on_default_param(std::move(d)); }
  void on_text(const model::TextMessage& m) override { inner_.on_text(m); }
  void on_dropout(const model::Dropout& d) override { inner_.on_dropout(d); }
  void on_end(const model::ParseReport& r) override { inner_.on_end(r); }

 private:
  bool wanted(uint32_t id, int64_t t) const {
    if (t == model::kNoTime) return true;
    if (id < params_.size() && params_[id]) return t <= to_;
    return t >= from_ && t <= to_;
  }

  Sink& inner_;
  int64_t from_, to_;
  std::vector<bool> params_;  // by topic id
};

}  // namespace skykeep::formats
