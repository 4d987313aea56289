#include "formats/csv_sink.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "base/utc.h"

namespace skykeep::formats {
namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
void append_field(std::string* line, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    line->append(s);
    return;
  }
  line->push_back('"');
  for (char c : s) {
    if (c == '"') line->push_back('"');
    line->push_back(c);
  }
  line->push_back('"');
}

}  // namespace

CsvSink::CsvSink(std::string name, uint32_t instance, int64_t from, int64_t to,
                 std::optional<int64_t> utc_offset_us, Output& out)
    : name_(std::move(name)),
      instance_(instance),
      from_(from),
      to_(to),
      utc_(utc_offset_us),
      out_(out) {}

void CsvSink::on_topic(uint32_t id, model::Schema schema) {
  topics_.push_back(schema.name + "/" + std::to_string(schema.instance));
  if (found_ || schema.name != name_ || schema.instance != instance_) return;
  found_ = true;
  id_ = id;
  schema_ = std::move(schema);
  line_ = utc_ ? "time_utc,t_us" : "t_us";
  for (const auto& f : schema_.fields) {
    line_ += ',';
    append_field(&line_, f.name);
  }
  line_ += "\r\n";
  out_.write(as_bytes(line_));
}

void CsvSink::on_record(uint32_t id, int64_t time_us, Bytes payload) {
  if (!id_ || id != *id_ || time_us == model::kNoTime || time_us < from_ || time_us > to_) return;
  line_.clear();
  if (utc_) line_ += format_utc(time_us + *utc_, 6) + ",";
  line_ += std::to_string(time_us);
  std::byte pad[64];
  for (const auto& f : schema_.fields) {
    line_ += ',';
    const std::byte* p = payload.data() + f.offset;
    if (f.offset + f.width() > payload.size()) {  // past a shortened payload: zeros
      if (f.width() > sizeof pad) continue;
      std::memset(pad, 0, sizeof pad);
      if (f.offset < payload.size())
        std::memcpy(pad, payload.data() + f.offset, payload.size() - f.offset);
      p = pad;
    }
    if (f.is_text()) {
      append_field(&line_, model::field_text(f, p));
    } else {
      double v = model::field_value(f, p);
      if (std::isnan(v)) continue;
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.10g", v);
      line_ += buf;
    }
  }
  line_ += "\r\n";
  out_.write(as_bytes(line_));
  ++rows_;
}

}  // namespace skykeep::formats
