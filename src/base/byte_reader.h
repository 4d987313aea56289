// ByteReader: consumes a span of bytes from the front; every read is bounds-checked and a failed
// read consumes nothing. Views it hands out borrow the underlying input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/endian.h"

namespace skykeep {

using Bytes = std::span<const std::byte>;

inline Bytes as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}
inline std::string_view as_chars(Bytes b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

class ByteReader {
 public:
  explicit ByteReader(Bytes in) : in_(in) {}

  size_t remaining() const { return in_.size(); }
  bool empty() const { return in_.empty(); }
  Bytes rest() const { return in_; }

  // Reads a little-endian T; false (and nothing consumed) when fewer than sizeof(T) bytes remain.
  template <typename T>
  bool read(T* out) {
    if (in_.size() < sizeof(T)) return false;
    *out = load_le<T>(in_.data());
    in_ = in_.subspan(sizeof(T));
    return true;
  }
  // Takes the next n bytes as a view into the input; false when fewer remain.
  bool take(size_t n, Bytes* out) {
    if (in_.size() < n) return false;
    *out = in_.first(n);
    in_ = in_.subspan(n);
    return true;
  }
  bool skip(size_t n) {
    if (in_.size() < n) return false;
    in_ = in_.subspan(n);
    return true;
  }

 private:
  Bytes in_;
};

}  // namespace skykeep
