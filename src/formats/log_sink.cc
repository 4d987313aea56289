#include "formats/log_sink.h"

#include <cstring>

#include "formats/describe.h"

namespace skykeep::formats {

LogSink::LogSink(model::Log* log, size_t keep_rows) : log_(log), keep_rows_(keep_rows) {
  spare_ = std::move(log_->topics);
  *log_ = model::Log{};
}

void LogSink::on_format(model::Format f) { log_->meta.format = f; }

void LogSink::on_native_definition(std::string_view d) {
  log_->native.ulog_formats.emplace_back(d);
}

void LogSink::on_topic(uint32_t id, const model::Schema& schema) {
  if (plans_.size() <= id) plans_.resize(id + 1);
  model::Topic* t;
  if (!spare_.empty()) {  // reuse a previous topic's columns
    log_->topics.push_back(std::move(spare_.front()));
    spare_.pop_front();
    t = &log_->topics.back();
    t->schema = schema;
    t->rows = 0;
    t->min_time.reset();
    t->max_time.reset();
    t->time.bytes().clear();
    t->columns.resize(schema.fields.size());
    for (size_t i = 0; i < schema.fields.size(); ++i) {
      if (t->columns[i].width() != schema.fields[i].width())
        t->columns[i] = model::Column(schema.fields[i].width());
      t->columns[i].bytes().clear();
    }
  } else {
    log_->topics.emplace_back();
    t = &log_->topics.back();
    t->schema = schema;
    for (const auto& f : schema.fields) t->columns.emplace_back(f.width());
  }
  Plan p;
  p.topic = t;
  for (uint32_t i = 0; i < schema.fields.size(); ++i) {
    const model::Field& f = schema.fields[i];
    Copy c{f.offset, i};
    switch (f.width()) {
      case 1: p.c1.push_back(c); break;
      case 2: p.c2.push_back(c); break;
      case 4: p.c4.push_back(c); break;
      case 8: p.c8.push_back(c); break;
      default: p.wide.push_back({c, f.width()});
    }
  }
  // Column capacities of a reused topic count as room already there.
  size_t cap = t->time.bytes().capacity() / 8;
  for (auto& c : t->columns) cap = std::min(cap, c.bytes().capacity() / c.width());
  p.capacity = t->columns.empty() && cap == 0 ? 0 : cap;
  plans_[id] = std::move(p);
}

void LogSink::grow(Plan& p) {
  model::Topic& t = *p.topic;
  size_t cap = p.capacity < 64 ? 64 : p.capacity * 2;
  t.time.bytes().reserve(cap * 8);
  for (auto& c : t.columns) c.bytes().reserve(cap * c.width());
  p.capacity = cap;
}

void LogSink::on_record(uint32_t id, int64_t time_us, Bytes payload) {
  if (id >= plans_.size() || !plans_[id].topic) return;
  Plan& p = plans_[id];
  model::Topic& t = *p.topic;
  ++p.count;
  if (time_us != model::kNoTime) {
    if (time_us < p.min_time) p.min_time = time_us;
    if (time_us > p.max_time) p.max_time = time_us;
  }
  size_t row = t.rows;
  if (row >= keep_rows_) return;
  if (row >= p.capacity) grow(p);
  const std::byte* src = payload.data();
  std::memcpy(t.time.bytes().data() + row * 8, &time_us, 8);
  auto& cols = t.columns;
  for (const Copy& c : p.c4) std::memcpy(cols[c.column].bytes().data() + row * 4, src + c.src, 4);
  for (const Copy& c : p.c8) std::memcpy(cols[c.column].bytes().data() + row * 8, src + c.src, 8);
  for (const Copy& c : p.c1) std::memcpy(cols[c.column].bytes().data() + row, src + c.src, 1);
  for (const Copy& c : p.c2) std::memcpy(cols[c.column].bytes().data() + row * 2, src + c.src, 2);
  for (const auto& [c, w] : p.wide)
    std::memcpy(cols[c.column].bytes().data() + row * w, src + c.src, w);
  t.rows = row + 1;
}

void LogSink::on_end(const model::ParseReport& r) {
  log_->report = r;
  for (Plan& p : plans_) {
    if (!p.topic) continue;
    model::Topic& t = *p.topic;
    t.count = p.count;
    t.time.bytes().resize(t.rows * 8);
    for (auto& c : t.columns) c.bytes().resize(t.rows * c.width());
    if (p.min_time <= p.max_time) {
      t.min_time = p.min_time;
      t.max_time = p.max_time;
    }
  }
  spare_.clear();
  describe(log_);
}

}  // namespace skykeep::formats
