// The one interface every reader pushes into, and every consumer (the in-memory Log, writers,
// later the vault importer) implements. Calls arrive in file order on the reader's thread.
// Lifetimes: spans and references passed to a callback are valid only inside that call.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/byte_reader.h"
#include "model/log.h"

namespace skykeep::formats {

class Sink {
 public:
  virtual ~Sink() = default;

  // The format, once it is known, before any other call.
  virtual void on_format(model::Format) {}
  // The log's own clock at start (ULog header timestamp).
  virtual void on_start_time(int64_t) {}
  // By value on purpose: what a sink is given is its to keep (readers move theirs in); the
  // no-op defaults drop it.
  // NOLINTBEGIN(performance-unnecessary-value-param)
  // A key/value the log states about itself (ULog info, DataFlash VER, MAVLink versions).
  virtual void on_info(model::InfoItem) {}
  // A native definition a same-format writer must repeat (ULog format messages).
  virtual void on_native_definition(std::string_view) {}
  // A new topic. Ids are small, dense and stable for the log; records of it follow. The schema
  // is the sink's to keep (readers move theirs in).
  virtual void on_topic(uint32_t, model::Schema) {}
  // NOLINTEND(performance-unnecessary-value-param)
  // One record of a topic: payload is laid out as its schema says, schema.payload_size bytes,
  // or fewer where the format leaves out trailing zeros (ULog padding, MAVLink 2 truncation):
  // bytes past its end read as zero.
  // time_us is the record's time in microseconds, or model::kNoTime.
  virtual void on_record(uint32_t, int64_t, Bytes) {}
  // The same, for a payload that stays valid and unchanged until the next on_batch_end(): a
  // sink may keep the view instead of copying. Readers use it for payloads in their input.
  virtual void on_record_view(uint32_t id, int64_t time_us, Bytes payload) {
    on_record(id, time_us, payload);
  }
  // Views passed to on_record_view are about to become invalid (a reader calls this before it
  // returns from feed() or finish()).
  virtual void on_batch_end() {}
  // Parameters and info are the sink's to keep, like schemas.
  // NOLINTBEGIN(performance-unnecessary-value-param)
  virtual void on_param(model::Param) {}
  virtual void on_param_change(model::ParamChange) {}
  virtual void on_default_param(model::DefaultParam) {}
  // NOLINTEND(performance-unnecessary-value-param)
  virtual void on_text(const model::TextMessage&) {}
  virtual void on_dropout(const model::Dropout&) {}
  // Once, after the last record: what the reader skipped and recovered from.
  virtual void on_end(const model::ParseReport&) {}
};

}  // namespace skykeep::formats
