// Record: builds one record payload for a schema from physical values (the inverse of
// model::field_value). Not thread-safe.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "base/byte_reader.h"
#include "base/endian.h"
#include "model/schema.h"

namespace skykeep::synth {

class Record {
 public:
  explicit Record(const model::Schema& s) : schema_(s), buf_(s.payload_size) {}

  // Index of a field; aborts on a name the schema lacks (a bug in the synthesizer).
  int idx(std::string_view name) const {
    int i = schema_.find(name);
    if (i < 0) std::abort();
    return i;
  }
  void clear() { std::fill(buf_.begin(), buf_.end(), std::byte{0}); }
  void set(int i, double physical) { put(schema_.fields[i], physical); }
  void set(std::string_view name, double physical) { set(idx(name), physical); }
  void set_text(std::string_view name, std::string_view text) {
    const model::Field& f = schema_.fields[idx(name)];
    std::memset(buf_.data() + f.offset, 0, f.width());
    std::memcpy(buf_.data() + f.offset, text.data(), std::min<size_t>(text.size(), f.width()));
  }
  void set_time(int64_t us) {
    if (schema_.time) put_raw(*schema_.time, static_cast<double>(us) / schema_.time->scale);
  }
  Bytes bytes() const { return Bytes(buf_); }

 private:
  void put(const model::Field& f, double v) { put_raw(f, f.scale == 1.0 ? v : v / f.scale); }
  void put_raw(const model::Field& f, double v) {
    std::byte* p = buf_.data() + f.offset;
    using model::FieldType;
    auto clampi = [&](double lo, double hi) { return std::clamp(std::round(v), lo, hi); };
    switch (f.type) {
      case FieldType::kInt8:
        store_le<int8_t>(p, static_cast<int8_t>(clampi(-128, 127)));
        break;
      case FieldType::kUInt8:
      case FieldType::kBool:
      case FieldType::kChar:
        store_le<uint8_t>(p, static_cast<uint8_t>(clampi(0, 255)));
        break;
      case FieldType::kInt16:
        store_le<int16_t>(p, static_cast<int16_t>(clampi(-32768, 32767)));
        break;
      case FieldType::kUInt16:
        store_le<uint16_t>(p, static_cast<uint16_t>(clampi(0, 65535)));
        break;
      case FieldType::kInt32:
        store_le<int32_t>(p, static_cast<int32_t>(clampi(-2147483648.0, 2147483647.0)));
        break;
      case FieldType::kUInt32:
        store_le<uint32_t>(p, static_cast<uint32_t>(clampi(0, 4294967295.0)));
        break;
      case FieldType::kInt64:
        store_le<int64_t>(p, static_cast<int64_t>(std::round(v)));
        break;
      case FieldType::kUInt64:
        store_le<uint64_t>(p, static_cast<uint64_t>(std::max(0.0, std::round(v))));
        break;
      case FieldType::kFloat32:
        store_le<float>(p, static_cast<float>(v));
        break;
      case FieldType::kFloat64:
        store_le<double>(p, v);
        break;
      case FieldType::kFloat16:
        store_le<uint16_t>(p, 0);
        break;  // not synthesised
    }
  }

  const model::Schema& schema_;
  std::vector<std::byte> buf_;
};

}  // namespace skykeep::synth
