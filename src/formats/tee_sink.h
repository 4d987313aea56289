// TeeSink: one reader feeding several sinks, in the order given (every call reaches each sink
// before the next call is made). Views passed on stay valid as the Sink contract says, for each
// sink. Not thread-safe.
#pragma once

#include <initializer_list>
#include <vector>

#include "formats/sink.h"

namespace skykeep::formats {

class TeeSink final : public Sink {
 public:
  TeeSink(std::initializer_list<Sink*> sinks) : sinks_(sinks) {}

  void on_format(model::Format f) override {
    for (Sink* s : sinks_) s->on_format(f);
  }
  void on_start_time(int64_t t) override {
    for (Sink* s : sinks_) s->on_start_time(t);
  }
  void on_info(model::InfoItem i) override {
    for (Sink* s : sinks_) s->on_info(i);
  }
  void on_native_definition(std::string_view d) override {
    for (Sink* s : sinks_) s->on_native_definition(d);
  }
  void on_topic(uint32_t id, model::Schema schema) override {
    for (Sink* s : sinks_) s->on_topic(id, schema);
  }
  void on_record(uint32_t id, int64_t t, Bytes payload) override {
    for (Sink* s : sinks_) s->on_record(id, t, payload);
  }
  void on_record_view(uint32_t id, int64_t t, Bytes payload) override {
    for (Sink* s : sinks_) s->on_record_view(id, t, payload);
  }
  void on_batch_end() override {
    for (Sink* s : sinks_) s->on_batch_end();
  }
  void on_param(model::Param p) override {
    for (Sink* s : sinks_) s->on_param(p);
  }
  void on_param_change(model::ParamChange c) override {
    for (Sink* s : sinks_) s->on_param_change(c);
  }
  void on_default_param(model::DefaultParam d) override {
    for (Sink* s : sinks_) s->on_default_param(d);
  }
  void on_text(const model::TextMessage& m) override {
    for (Sink* s : sinks_) s->on_text(m);
  }
  void on_dropout(const model::Dropout& d) override {
    for (Sink* s : sinks_) s->on_dropout(d);
  }
  void on_end(const model::ParseReport& r) override {
    for (Sink* s : sinks_) s->on_end(r);
  }

 private:
  std::vector<Sink*> sinks_;
};

}  // namespace skykeep::formats
