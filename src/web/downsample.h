// Downsampling for plots: of the samples of a time-ordered series inside [from, to], keeps for
// each of `buckets` equal slices of time the sample with the smallest and the one with the
// largest value (in time order), so that a line through the kept samples reaches every peak
// and trough a full-resolution plot of that width would show. The last sample before the range
// and the first after it are kept too, so lines run to the plot's edges. NaN values are skipped.
// Cost: one pass over the samples in range (binary search for its ends). Pure; thread-safe.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace skykeep::web {

// time(i) gives sample i's time (non-decreasing in i), value(i) its value; n samples.
// Returns the indices of the kept samples, ascending.
template <class TimeAt, class ValueAt>
std::vector<size_t> min_max_buckets(size_t n, TimeAt time, ValueAt value, int64_t from, int64_t to,
                                    size_t buckets) {
  std::vector<size_t> kept;
  if (n == 0 || to < from || buckets == 0) return kept;
  size_t lo = 0, hi = n;  // first index with time >= from
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (time(mid) < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t begin = lo;
  hi = n;  // first index with time > to
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (time(mid) <= to)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t end = lo;
  auto finite = [&](size_t i) { return !std::isnan(value(i)); };
  for (size_t i = begin; i-- > 0;)  // the last sample before the range
    if (finite(i)) {
      kept.push_back(i);
      break;
    }
  if (end - begin <= 2 * buckets) {  // nothing to drop
    for (size_t i = begin; i < end; ++i)
      if (finite(i)) kept.push_back(i);
  } else {
    const double span = static_cast<double>(to - from) + 1;
    size_t i = begin;
    for (size_t b = 0; b < buckets && i < end; ++b) {
      const int64_t bucket_end = from + static_cast<int64_t>(span * static_cast<double>(b + 1) /
                                                             static_cast<double>(buckets));
      size_t min_i = SIZE_MAX, max_i = SIZE_MAX;
      double min_v = 0, max_v = 0;
      for (; i < end && (time(i) < bucket_end || b + 1 == buckets); ++i) {
        double v = value(i);
        if (std::isnan(v)) continue;
        if (min_i == SIZE_MAX || v < min_v) min_i = i, min_v = v;
        if (max_i == SIZE_MAX || v > max_v) max_i = i, max_v = v;
      }
      if (min_i == SIZE_MAX) continue;
      kept.push_back(std::min(min_i, max_i));
      if (min_i != max_i) kept.push_back(std::max(min_i, max_i));
    }
  }
  for (size_t i = end; i < n; ++i)  // the first sample after it
    if (finite(i)) {
      kept.push_back(i);
      break;
    }
  return kept;
}

}  // namespace skykeep::web
