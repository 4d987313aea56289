// CsvSink: writes one topic of a log as CSV while the log streams past: a header of the topic's
// fields (arrays flattened), then one row per record within a time window. Memory does not grow
// with the log. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "formats/sink.h"
#include "formats/writer.h"

namespace skykeep::formats {

class CsvSink final : public Sink {
 public:
  // Records of topic `name` (instance `instance`) with from <= time <= to go to out. With a UTC
  // offset, a time_utc column comes first.
  CsvSink(std::string name, uint32_t instance, int64_t from, int64_t to,
          std::optional<int64_t> utc_offset_us, Output& out);
  void on_topic(uint32_t id, model::Schema schema) override;
  void on_record(uint32_t id, int64_t time_us, Bytes payload) override;

  bool found() const { return found_; }
  uint64_t rows() const { return rows_; }
  // "name/instance" of every topic seen, for a helpful error.
  const std::vector<std::string>& topics() const { return topics_; }

 private:
  std::string name_;
  uint32_t instance_;
  int64_t from_, to_;
  std::optional<int64_t> utc_;
  Output& out_;
  std::optional<uint32_t> id_;
  model::Schema schema_;
  bool found_ = false;
  uint64_t rows_ = 0;
  std::vector<std::string> topics_;
  std::string line_;
};

}  // namespace skykeep::formats
