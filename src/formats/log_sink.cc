#include "formats/log_sink.h"

#include <algorithm>
#include <cstring>
#ifdef __SSE2__
#include <immintrin.h>
#endif

#include "formats/describe.h"

namespace skykeep::formats {

// Bytes of records staged per topic before they move into columns: a block stays in L1.
constexpr uint32_t kStagingBytes = 8192;

LogSink::LogSink(model::Log* log, size_t keep_rows) : log_(log), keep_rows_(keep_rows) {
  spare_ = std::move(log_->topics);
  *log_ = model::Log{};
}

void LogSink::on_format(model::Format f) { log_->meta.format = f; }

void LogSink::on_native_definition(std::string_view d) {
  log_->native.ulog_formats.emplace_back(d);
}

void LogSink::on_topic(uint32_t id, model::Schema schema) {
  if (plans_.size() <= id) plans_.resize(id + 1);
  model::Topic* t;
  if (!spare_.empty()) {  // reuse a previous topic's columns
    log_->topics.push_back(std::move(spare_.front()));
    spare_.pop_front();
    t = &log_->topics.back();
    t->rows = 0;
    t->count = 0;
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
    t->columns.reserve(schema.fields.size());
    for (const auto& f : schema.fields) t->columns.emplace_back(f.width());
  }
  Plan p;
  p.topic = t;
  const auto& fs = schema.fields;
  for (uint32_t i = 0; i < fs.size(); ++i) {
    const model::Field& f = fs[i];
    Copy c{f.offset, i};
    if (f.width() == 4 && i + 3 < fs.size() && fs[i + 1].width() == 4 && fs[i + 2].width() == 4 &&
        fs[i + 3].width() == 4 && fs[i + 1].offset == f.offset + 4 &&
        fs[i + 2].offset == f.offset + 8 && fs[i + 3].offset == f.offset + 12) {
      p.quads.push_back(c);
      i += 3;
      continue;
    }
    switch (f.width()) {
      case 1:
        p.c1.push_back(c);
        break;
      case 2:
        p.c2.push_back(c);
        break;
      case 4:
        p.c4.push_back(c);
        break;
      case 8:
        p.c8.push_back(c);
        break;
      default:
        p.wide.push_back({c, f.width()});
    }
  }
  // Column capacities of a reused topic count as room already there.
  size_t cap = t->time.bytes().capacity() / 8;
  for (auto& c : t->columns) cap = std::min(cap, c.bytes().capacity() / c.width());
  p.capacity = cap;
  p.payload_size = schema.payload_size;
  p.block =
      std::clamp<uint32_t>(kStagingBytes / std::max<uint32_t>(1, schema.payload_size), 4, 256);
  for (const auto& f : schema.fields) p.fields_end = std::max(p.fields_end, f.offset + f.width());
  p.rows.reset(new const std::byte*[p.block]);
  p.times.reset(new int64_t[p.block]);
  plans_[id] = std::move(p);
  t->schema = std::move(schema);
}

namespace {

// memcpy for the short, variable lengths of records, without a library call for the usual
// sizes: overlapping 16-byte moves from both ends.
inline void copy_short(std::byte* dst, const std::byte* src, size_t n) {
  if (n > 64) {
    std::memcpy(dst, src, n);
  } else if (n >= 32) {
    std::memcpy(dst, src, 16);
    std::memcpy(dst + 16, src + 16, 16);
    std::memcpy(dst + n - 32, src + n - 32, 16);
    std::memcpy(dst + n - 16, src + n - 16, 16);
  } else if (n >= 16) {
    std::memcpy(dst, src, 16);
    std::memcpy(dst + n - 16, src + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else {
    for (size_t i = 0; i < n; ++i) dst[i] = src[i];
  }
}

// Four 4-byte columns at once: 16 bytes at `off` of rows k..k+3 become 16 bytes of each column.
void transpose_quad(const std::byte* const* rows, uint32_t off, std::byte* d0, std::byte* d1,
                    std::byte* d2, std::byte* d3, uint32_t n) {
  size_t k = 0;
#ifdef __SSE2__
  for (; k + 4 <= n; k += 4) {
    __m128 r0 = _mm_loadu_ps(reinterpret_cast<const float*>(rows[k] + off));
    __m128 r1 = _mm_loadu_ps(reinterpret_cast<const float*>(rows[k + 1] + off));
    __m128 r2 = _mm_loadu_ps(reinterpret_cast<const float*>(rows[k + 2] + off));
    __m128 r3 = _mm_loadu_ps(reinterpret_cast<const float*>(rows[k + 3] + off));
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    _mm_storeu_ps(reinterpret_cast<float*>(d0 + k * 4), r0);
    _mm_storeu_ps(reinterpret_cast<float*>(d1 + k * 4), r1);
    _mm_storeu_ps(reinterpret_cast<float*>(d2 + k * 4), r2);
    _mm_storeu_ps(reinterpret_cast<float*>(d3 + k * 4), r3);
  }
#endif
  for (; k < n; ++k) {
    const std::byte* s = rows[k] + off;
    std::memcpy(d0 + k * 4, s, 4);
    std::memcpy(d1 + k * 4, s + 4, 4);
    std::memcpy(d2 + k * 4, s + 8, 4);
    std::memcpy(d3 + k * 4, s + 12, 4);
  }
}

template <size_t W>
void gather(const std::byte* const* rows, uint32_t off, std::byte* dst, uint32_t n) {
#pragma GCC unroll 8
  for (uint32_t k = 0; k < n; ++k) std::memcpy(dst + k * W, rows[k] + off, W);
}

}  // namespace

void LogSink::flush(Plan& p) {
  uint32_t n = p.staged;
  if (n == 0) return;
  p.staged = 0;
  model::Topic& t = *p.topic;
  size_t row = t.rows;
  if (row + n > p.capacity) {
    size_t cap = std::max<size_t>({64, p.capacity * 2, row + n});
    t.time.bytes().reserve(cap * 8);
    for (auto& c : t.columns) c.bytes().reserve(cap * c.width());
    p.capacity = cap;
  }
  std::memcpy(t.time.bytes().data() + row * 8, p.times.get(), size_t{n} * 8);
  const std::byte* const* rows = p.rows.get();
  auto& cols = t.columns;
  for (const Copy& c : p.quads) {
    auto col = [&](uint32_t i) { return cols[c.column + i].bytes().data() + row * 4; };
    transpose_quad(rows, c.src, col(0), col(1), col(2), col(3), n);
  }
  for (const Copy& c : p.c4) gather<4>(rows, c.src, cols[c.column].bytes().data() + row * 4, n);
  for (const Copy& c : p.c8) gather<8>(rows, c.src, cols[c.column].bytes().data() + row * 8, n);
  for (const Copy& c : p.c1) gather<1>(rows, c.src, cols[c.column].bytes().data() + row, n);
  for (const Copy& c : p.c2) gather<2>(rows, c.src, cols[c.column].bytes().data() + row * 2, n);
  for (const auto& [c, w] : p.wide) {
    std::byte* dst = cols[c.column].bytes().data() + row * w;
    for (size_t k = 0; k < n; ++k) copy_short(dst + k * w, rows[k] + c.src, w);
  }
  t.rows = row + n;
}

inline bool LogSink::admit(Plan& p, int64_t time_us) {
  if (time_us != model::kNoTime) {
    p.min_time = std::min(p.min_time, time_us);
    p.max_time = std::max(p.max_time, time_us);
  }
  return ++p.count <= keep_rows_;
}

inline __attribute__((always_inline)) void LogSink::stage(Plan& p, uint32_t id) {
  if (p.staged == 0) pending_.push_back(id);
  if (++p.staged == p.block) [[unlikely]]
    flush(p);
}

void LogSink::on_record(uint32_t id, int64_t time_us, Bytes payload) {
  if (id >= plans_.size() || !plans_[id].topic) return;
  Plan& p = plans_[id];
  if (!admit(p, time_us)) return;
  if (!p.copies) p.copies.reset(new std::byte[size_t{p.block} * p.payload_size]);
  std::byte* slot = p.copies.get() + size_t{p.staged} * p.payload_size;
  if (payload.size() >= p.payload_size) {
    copy_short(slot, payload.data(), p.payload_size);
  } else {  // a shorter record: the rest reads as zero; zero first, then copy over it
    size_t tail = p.payload_size - payload.size();
    if (tail <= 16 && p.payload_size >= 16) {
      static constexpr std::byte kZeros[16] = {};
      std::memcpy(slot + p.payload_size - 16, kZeros, 16);
    } else {
      std::memset(slot + payload.size(), 0, tail);
    }
    copy_short(slot, payload.data(), payload.size());
  }
  p.rows[p.staged] = slot;
  p.times[p.staged] = time_us;
  stage(p, id);
}

// The hot path of decoding: no call on the way through, the rare work in after_stage().
void LogSink::on_record_view(uint32_t id, int64_t time_us, Bytes payload) {
  if (id >= plans_.size()) [[unlikely]]
    return;
  Plan& p = plans_[id];
  if (!p.topic || payload.size() < p.fields_end) [[unlikely]] {
    return on_record(id, time_us, payload);  // unknown topic, or a short record that needs zeros
  }
  if (!admit(p, time_us)) return;
  uint32_t k = p.staged;
  p.rows[k] = payload.data();
  p.times[k] = time_us;
  p.staged = k + 1;
  if (k == 0 || k + 1 == p.block) [[unlikely]]
    return after_stage(id);
}

void LogSink::after_stage(uint32_t id) {
  Plan& p = plans_[id];
  if (p.staged == 1) pending_.push_back(id);
  if (p.staged == p.block) flush(p);
}

void LogSink::on_batch_end() {
  for (uint32_t id : pending_) flush(plans_[id]);
  pending_.clear();
}

void LogSink::on_end(const model::ParseReport& r) {
  log_->report = r;
  pending_.clear();
  for (Plan& p : plans_) {
    if (!p.topic) continue;
    flush(p);
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
