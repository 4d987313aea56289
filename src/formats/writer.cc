#include "formats/writer.h"

#include <cerrno>
#include <cstring>
#include <queue>

#include "formats/capabilities.h"
#include "formats/dataflash/writer.h"
#include "formats/mavlink/tlog_writer.h"
#include "formats/ulog/writer.h"

namespace skykeep::formats {

Result<std::unique_ptr<FileOutput>> FileOutput::create(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    int err = errno;
    std::string what = path + ": " + std::strerror(err);
    if (err == EACCES || err == EPERM) return Status::PermissionDenied(what);
    if (err == ENOENT) return Status::NotFound(what);
    return Status::IOError(what);
  }
  std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
  return std::unique_ptr<FileOutput>(new FileOutput(f, path));
}

FileOutput::~FileOutput() {
  if (f_) std::fclose(f_);
}

void FileOutput::write(Bytes data) {
  if (failed_ || !f_) return;
  if (std::fwrite(data.data(), 1, data.size(), f_) != data.size()) failed_ = true;
}

Status FileOutput::close() {
  if (!f_) return Status::Ok();
  bool bad = std::fclose(f_) != 0 || failed_;
  f_ = nullptr;
  if (bad) return Status::IOError(path_ + ": write failed");
  return Status::Ok();
}

std::unique_ptr<Writer> make_writer(model::Format format, Output& out) {
  if (!format_info(format).write) return nullptr;
  switch (format) {
    case model::Format::kULog:
      return ulog::make_writer(out);
    case model::Format::kDataFlash:
      return dataflash::make_writer(out);
    case model::Format::kTlog:
      return mavlink::make_tlog_writer(out);
    default:
      return nullptr;
  }
}

void replay(const model::Log& log, Sink& sink) {
  sink.on_format(log.meta.format);
  sink.on_start_time(log.meta.start_time_us);
  for (const auto& i : log.info) sink.on_info(i);
  for (const auto& d : log.native.ulog_formats) sink.on_native_definition(d);
  std::vector<const model::Topic*> topics;
  for (const auto& t : log.topics) {
    sink.on_topic(static_cast<uint32_t>(topics.size()), t.schema);
    topics.push_back(&t);
  }
  for (const auto& p : log.params.initial) sink.on_param(p);
  for (const auto& d : log.params.defaults) sink.on_default_param(d);

  // Records merged by time; a record without a time goes with its topic's previous one.
  struct Cursor {
    int64_t time;
    uint32_t topic;
    size_t row;
    bool operator>(const Cursor& o) const {
      return time != o.time ? time > o.time : topic > o.topic;
    }
  };
  auto eff = [](const model::Topic& t, size_t row, int64_t prev) {
    int64_t v = t.time_at(row);
    return v == model::kNoTime ? prev : v;
  };
  std::priority_queue<Cursor, std::vector<Cursor>, std::greater<>> heap;
  for (uint32_t i = 0; i < topics.size(); ++i)
    if (topics[i]->rows) heap.push({eff(*topics[i], 0, INT64_MIN), i, 0});
  auto key = [](int64_t t) { return t == model::kNoTime ? INT64_MIN : t; };
  size_t ci = 0, ti = 0, di = 0;
  const auto& changes = log.params.changes;
  std::vector<std::byte> payload;
  for (;;) {
    int64_t next_event = INT64_MAX;
    int which = -1;
    if (ci < changes.size() && key(changes[ci].time_us) < next_event) {
      next_event = key(changes[ci].time_us);
      which = 0;
    }
    if (ti < log.texts.size() && key(log.texts[ti].time_us) < next_event) {
      next_event = key(log.texts[ti].time_us);
      which = 1;
    }
    if (di < log.dropouts.size() && key(log.dropouts[di].time_us) < next_event) {
      next_event = key(log.dropouts[di].time_us);
      which = 2;
    }
    if (!heap.empty() && heap.top().time <= next_event) {
      Cursor c = heap.top();
      heap.pop();
      const model::Topic& t = *topics[c.topic];
      // Rebuild the record payload from the columns.
      payload.assign(t.schema.payload_size, std::byte{0});
      for (size_t f = 0; f < t.schema.fields.size(); ++f) {
        const model::Field& fld = t.schema.fields[f];
        std::memcpy(payload.data() + fld.offset, t.columns[f].row(c.row), fld.width());
      }
      int64_t time = t.time_at(c.row);
      if (t.schema.time && time != model::kNoTime &&
          t.schema.time->offset + t.schema.time->width() <= payload.size()) {
        const model::Field& tf = *t.schema.time;
        uint64_t raw = static_cast<uint64_t>(time / static_cast<int64_t>(tf.scale));
        std::memcpy(payload.data() + tf.offset, &raw, tf.width());
      }
      sink.on_record(c.topic, time, Bytes(payload));
      if (c.row + 1 < t.rows) heap.push({eff(t, c.row + 1, c.time), c.topic, c.row + 1});
      continue;
    }
    if (which < 0) break;
    if (which == 0) sink.on_param_change(changes[ci++]);
    if (which == 1) sink.on_text(log.texts[ti++]);
    if (which == 2) sink.on_dropout(log.dropouts[di++]);
  }
  sink.on_end(log.report);
}

Result<std::vector<std::byte>> write_log(const model::Log& log, model::Format format) {
  model::Format f = format == model::Format::kUnknown ? log.meta.format : format;
  VectorOutput out;
  auto w = make_writer(f, out);
  if (!w)
    return Status::NotSupported(std::string("skykeep cannot write ") + format_info(f).name +
                                " logs");
  replay(log, *w);
  return std::move(out.bytes);
}

}  // namespace skykeep::formats
