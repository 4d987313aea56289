// Conversions from double that are defined for every input (NaN, infinities, out of range),
// for values that come from untrusted logs. Pure; thread-safe.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace skykeep {

// v truncated toward zero and clamped to the range of T; NaN gives 0.
template <typename T>
inline T saturate(double v) {
  if (std::isnan(v)) return 0;
  if (v <= static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(v);
}

}  // namespace skykeep
