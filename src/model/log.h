// The format-neutral flight log: metadata, topics stored as columns, parameters, logged text,
// dropouts and the parse report. Every reader fills one; every analysis reads only this.
// A Log is a plain value: thread-compatible, movable, not copyable (columns can be large).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/buffer.h"
#include "model/schema.h"

namespace skykeep::model {

// One typed column: element i of a field, for every record of the topic.
class Column {
 public:
  explicit Column(uint32_t width = 1) : width_(width) {}
  uint32_t width() const { return width_; }
  size_t size() const { return bytes_.size() / width_; }
  const std::byte* row(size_t i) const { return bytes_.data() + i * width_; }
  ByteBuffer& bytes() { return bytes_; }
  const ByteBuffer& bytes() const { return bytes_; }

 private:
  ByteBuffer bytes_;
  uint32_t width_;
};

// Value of one element of field f in a record stored at p, converted to double (scale applied).
// Text fields read as NaN.
double field_value(const Field& f, const std::byte* p);
// A text field's bytes up to the first NUL.
std::string_view field_text(const Field& f, const std::byte* p);

struct Topic {
  Schema schema;
  Column time{8};               // int64 microseconds, one per row (kNoTime where unknown)
  std::vector<Column> columns;  // one per schema.fields, same order
  size_t rows = 0;              // rows stored in the columns
  size_t count = 0;             // records seen; more than rows when a reader kept only a sample
  std::optional<int64_t> min_time, max_time;  // over all records whose time is known

  const std::string& name() const { return schema.name; }
  uint32_t instance() const { return schema.instance; }
  int64_t time_at(size_t row) const;
  double value(size_t field, size_t row) const {
    return field_value(schema.fields[field], columns[field].row(row));
  }
  std::string_view text(size_t field, size_t row) const {
    return field_text(schema.fields[field], columns[field].row(row));
  }
};

inline constexpr int64_t kNoTime = INT64_MIN;

using InfoValue = std::variant<int64_t, uint64_t, double, std::string>;
std::string info_to_string(const InfoValue& v);

struct InfoItem {
  std::string key;   // e.g. "sys_name", "ver_sw"
  std::string type;  // the format's own type name ("char[40]", "int32_t"), may be empty
  InfoValue value;
  bool multi = false;      // ULog multi-info (M)
  bool continued = false;  // ULog multi-info continuation of the previous value
};

struct Param {
  std::string name;
  double value = 0;  // int32 parameters are exact in a double
  bool is_int = false;
};

struct ParamChange {
  int64_t time_us = kNoTime;
  Param param;
};

struct DefaultParam {
  Param param;
  uint8_t default_types = 0;  // ULog bit field: 1 system default, 2 current airframe default
};

struct Params {
  std::vector<Param> initial;          // values as the log begins
  std::vector<DefaultParam> defaults;  // defaults the log states
  std::vector<ParamChange> changes;    // changes during the log, in time order
};

struct TextMessage {
  int64_t time_us = kNoTime;
  uint8_t severity = 6;  // syslog levels: 0 emergency ... 7 debug
  bool tagged = false;
  uint16_t tag = 0;
  std::string text;
};

struct Dropout {
  int64_t time_us = kNoTime;  // the last time seen before the gap
  uint32_t duration_ms = 0;
};

struct ParseIssue {
  uint64_t offset = 0;  // byte offset in the input where the problem was found
  std::string message;
};

struct ParseReport {
  static constexpr size_t kMaxIssues = 1000;  // later issues are counted, not kept
  uint64_t bytes_total = 0;
  uint64_t bytes_skipped = 0;     // bytes not decoded as part of any message
  uint64_t bad_packets = 0;       // records dropped: bad checksum, bad framing, bad length
  uint64_t unknown_messages = 0;  // well-framed records of a type this reader cannot name
  std::vector<ParseIssue> issues;
  uint64_t issues_dropped = 0;

  void add(uint64_t offset, std::string message);
  // True when the reader met corruption and recovered from it.
  bool corrupt() const { return bytes_skipped > 0 || bad_packets > 0 || !issues.empty(); }
};

struct Metadata {
  Format format = Format::kUnknown;
  std::string vehicle_type;      // "quadrotor", "fixed wing", "submarine", ...
  std::string autopilot;         // "PX4", "ArduPilot"
  std::string firmware_version;  // "v1.15.1", "ArduCopter V4.6.2", a git hash where that is all
  std::string hardware_version;  // board name
  std::string vehicle_id;        // vehicle / system UUID
  std::string board_id;          // flight controller serial / board id
  std::optional<int64_t> utc_start_us;  // Unix microseconds of the log's first record
  int64_t start_time_us = 0;            // the log's own clock at start (ULog header timestamp)
};

// Definitions a writer of the same format needs to reproduce records exactly.
struct NativeDefinitions {
  uint8_t ulog_version = 1;
  std::vector<std::string> ulog_formats;  // every ULog format message, as written
  uint64_t ulog_compat_flags = 0;
};

struct Log {
  Metadata meta;
  std::vector<InfoItem> info;
  std::deque<Topic> topics;  // a deque: Topic addresses stay valid while topics are added
  Params params;
  std::vector<TextMessage> texts;
  std::vector<Dropout> dropouts;
  ParseReport report;
  NativeDefinitions native;

  // Bytes held by all topics' columns (time columns included).
  size_t column_bytes() const;
  // The topic with that name and instance, or nullptr.
  const Topic* find(std::string_view name, uint32_t instance = 0) const;
  // The first info item with that key, or nullptr.
  const InfoItem* find_info(std::string_view key) const;
};

// A Log is move-only (its columns can be large); this is the explicit deep copy.
Log deep_copy(const Log& in);

}  // namespace skykeep::model
