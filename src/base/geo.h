// Constants of the Earth's geometry, said once, and the flat-earth conversions that redaction,
// zones and queries use over the few kilometres a flight spans. Pure; thread-safe.
#pragma once

#include <algorithm>
#include <cmath>

namespace skykeep {

inline constexpr double kDegToRad = 0.017453292519943295;
inline constexpr double kMetresPerDegree =
    111320.0;                                       // of latitude, and of longitude at the equator
inline constexpr double kEarthRadiusM = 6371008.8;  // the mean radius (IUGG)

// Metres of longitude per degree at a latitude (never less than 1% of the equator's, so that
// nothing divides by zero near the poles).
inline double metres_per_degree_lon(double lat_deg) {
  return kMetresPerDegree * std::max(0.01, std::cos(lat_deg * kDegToRad));
}

}  // namespace skykeep
