// Numbers from untrusted input: conversions from double that are defined for every input (NaN,
// infinities, out of range), for values that come from logs; and whole numbers parsed from text
// (arguments, proof and checkpoint files) without exceptions. Pure; thread-safe.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "base/result.h"

namespace skykeep {

// v truncated toward zero and clamped to the range of T; NaN gives 0.
template <typename T>
inline T saturate(double v) {
  if (std::isnan(v)) return 0;
  if (v <= static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(v);
}

// The whole of text as a decimal whole number of type T (no sign for unsigned types, no spaces,
// nothing after it). Errors: InvalidArgument, "WHAT: 'TEXT' is not a whole number" (or "is out
// of range"), with the text cut to 40 characters.
template <typename T>
inline Result<T> parse_whole(std::string_view text, std::string_view what) {
  static_assert(std::is_integral_v<T>);
  T v{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  std::string shown(text.substr(0, 40));
  if (text.size() > 40) shown += "...";
  if (ec == std::errc::result_out_of_range)
    return Status::InvalidArgument(std::string(what) + ": '" + shown + "' is out of range");
  if (text.empty() || ec != std::errc() || p != text.data() + text.size())
    return Status::InvalidArgument(std::string(what) + ": '" + shown + "' is not a whole number");
  return v;
}

inline Result<uint64_t> parse_uint(std::string_view text, std::string_view what) {
  return parse_whole<uint64_t>(text, what);
}
inline Result<int64_t> parse_int(std::string_view text, std::string_view what) {
  return parse_whole<int64_t>(text, what);
}

}  // namespace skykeep
