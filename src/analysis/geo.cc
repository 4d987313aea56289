#include "analysis/geo.h"

#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
#include <cmath>

namespace skykeep::analysis {

double geodesic_m(double lat1, double lon1, double lat2, double lon2) {
  double s12 = 0;
  GeographicLib::Geodesic::WGS84().Inverse(lat1, lon1, lat2, lon2, s12);
  return s12;
}

double distance_to_segment_m(double plat, double plon, double alat, double alon, double blat,
                             double blon) {
  constexpr double kDegToRad = 0.017453292519943295, kR = 6371008.8;
  double k = std::cos(plat * kDegToRad);
  auto x = [&](double lon) { return (lon - plon) * kDegToRad * kR * k; };
  auto y = [&](double lat) { return (lat - plat) * kDegToRad * kR; };
  double ax = x(alon), ay = y(alat), bx = x(blon), by = y(blat);
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(ax + t * dx, ay + t * dy);
}

}  // namespace skykeep::analysis
