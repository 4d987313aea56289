// LogSink: the Sink that builds an in-memory model::Log, decoding each record into columns with
// a copy plan compiled once per topic; at the end it fills Log::meta (describe()).
// Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "formats/sink.h"
#include "model/log.h"

namespace skykeep::formats {

class LogSink final : public Sink {
 public:
  // Fills *log, which must outlive the sink. An existing Log is cleared but its topics' column
  // memory is reused when the same topics come again (streaming many similar logs).
  // keep_rows bounds the rows stored per topic (records past it are only counted and timed):
  // a summary of a log of any size in bounded memory.
  explicit LogSink(model::Log* log, size_t keep_rows = SIZE_MAX);

  void on_format(model::Format f) override;
  void on_start_time(int64_t t) override { log_->meta.start_time_us = t; }
  void on_info(model::InfoItem i) override { log_->info.push_back(std::move(i)); }
  void on_native_definition(std::string_view d) override;
  void on_topic(uint32_t id, model::Schema schema) override;
  void on_record(uint32_t id, int64_t time_us, Bytes payload) override;
  void on_record_view(uint32_t id, int64_t time_us, Bytes payload) override;
  void on_batch_end() override;
  void on_param(model::Param p) override { log_->params.initial.push_back(std::move(p)); }
  void on_param_change(model::ParamChange c) override {
    log_->params.changes.push_back(std::move(c));
  }
  void on_default_param(model::DefaultParam d) override {
    log_->params.defaults.push_back(std::move(d));
  }
  void on_text(const model::TextMessage& m) override { log_->texts.push_back(m); }
  void on_dropout(const model::Dropout& d) override { log_->dropouts.push_back(d); }
  void on_end(const model::ParseReport& r) override;

 private:
  struct Copy {
    uint32_t src;     // offset in the payload
    uint32_t column;  // index in Topic::columns
  };
  // Records are staged row by row, then moved into the columns a block at a time, so that each
  // column is written in runs rather than one element per record (docs/formats.md, "Columns").
  // A staged row is a pointer: into the reader's input where it promises the bytes stay (views),
  // else into `copies`.
  struct Plan {
    model::Topic* topic = nullptr;
    uint32_t payload_size = 0;
    uint32_t fields_end = 0;  // bytes a payload must have for its fields to be read in place
    uint32_t block = 0;       // rows staged before they are moved into the columns
    uint32_t staged = 0;
    std::unique_ptr<const std::byte*[]> rows;  // block row pointers, allocated at the first record
    std::unique_ptr<std::byte[]> copies;       // block * payload_size, for rows that are copied
    std::unique_ptr<int64_t[]> times;
    size_t capacity = 0;  // rows every column of the topic has room for
    size_t count = 0;
    std::vector<Copy> c1, c2, c4, c8;
    // Four 4-byte fields at consecutive offsets: moved with 4x4 transposes (first copy given).
    std::vector<Copy> quads;
    std::vector<std::pair<Copy, uint32_t>> wide;  // text fields: copy and width
    int64_t min_time = INT64_MAX, max_time = INT64_MIN;
  };
  void flush(Plan& p);
  // Counts and times a record; false when it is not to be stored (sampled out, unknown id).
  bool admit(Plan& p, int64_t time_us);
  void stage(Plan& p, uint32_t id);
  [[gnu::noinline]] void after_stage(uint32_t id);  // first row of a batch, or a full block
  std::vector<uint32_t> pending_;                   // plans with staged view rows

  model::Log* log_;
  size_t keep_rows_;
  std::vector<Plan> plans_;
  std::deque<model::Topic> spare_;  // topics of a previous log, for their memory
};

}  // namespace skykeep::formats
