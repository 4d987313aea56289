// Distances on the WGS84 ellipsoid (GeographicLib geodesics). Pure functions; thread-safe.
#pragma once

namespace skykeep::analysis {

// The geodesic distance in metres between two points (degrees).
double geodesic_m(double lat1, double lon1, double lat2, double lon2);

// The shortest distance in metres from point p to the segment a-b (degrees), in a local flat
// frame around p: exact enough for the kilometres a flight spans.
double distance_to_segment_m(double plat, double plon, double alat, double alon, double blat,
                             double blon);

}  // namespace skykeep::analysis
