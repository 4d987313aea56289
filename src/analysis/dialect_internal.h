// Helpers shared by the dialects (px4.cc, ardupilot.cc, mavlink.cc). Pure functions.
#pragma once

#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>

#include "analysis/recorder.h"

namespace skykeep::analysis {

inline constexpr double kRadToDeg = 57.29577951308232;

// The index of the first of these fields the schema has, or -1.
inline int field(const model::Schema& s, std::initializer_list<std::string_view> names) {
  for (auto n : names)
    if (int i = s.find(n); i >= 0) return i;
  return -1;
}

// "a, b, c": the names of fields (indices; -1 skipped), for evidence.
inline std::string field_names(const model::Schema& s, std::initializer_list<int> fields) {
  std::string out;
  for (int i : fields) {
    if (i < 0) continue;
    if (!out.empty()) out += ", ";
    out += s.fields[static_cast<size_t>(i)].name;
  }
  return out;
}

inline bool is_integer(const model::Schema& s, int i) {
  if (i < 0) return false;
  auto t = s.fields[static_cast<size_t>(i)].type;
  return t != model::FieldType::kFloat32 && t != model::FieldType::kFloat64 &&
         t != model::FieldType::kFloat16;
}

// A plausible WGS84 position (not the 0,0 of "no fix").
inline bool valid_position(double lat, double lon) {
  return std::isfinite(lat) && std::isfinite(lon) && std::abs(lat) <= 90 && std::abs(lon) <= 180 &&
         (std::abs(lat) > 1e-6 || std::abs(lon) > 1e-6);
}

// Tilt from level (degrees) of a roll and pitch (degrees).
inline double tilt_deg(double roll_deg, double pitch_deg) {
  double c = std::cos(roll_deg / kRadToDeg) * std::cos(pitch_deg / kRadToDeg);
  return std::acos(std::fmax(-1.0, std::fmin(1.0, c))) * kRadToDeg;
}

// Names the attitude channels of t as derived from `from`.
inline void name_attitude(Target* t, const std::string& from) {
  t->name(Ch::kRoll, "roll_deg (from " + from + ")")
      ->name(Ch::kPitch, "pitch_deg (from " + from + ")");
  t->name(Ch::kYaw, "yaw_deg (from " + from + ")")->name(Ch::kTilt, "tilt_deg (from " + from + ")");
}

// Adds roll, pitch, yaw (degrees) and tilt.
inline void add_attitude(Target* t, int64_t time, double roll, double pitch, double yaw) {
  if (!std::isfinite(roll) || !std::isfinite(pitch)) return;
  t->add(Ch::kRoll, time, roll);
  t->add(Ch::kPitch, time, pitch);
  t->add(Ch::kYaw, time, yaw);
  t->add(Ch::kTilt, time, tilt_deg(roll, pitch));
}

// The same from a unit quaternion (w, x, y, z): the tilt of every sample (cheap), the angles
// only of the samples kept.
inline void add_attitude_q(Target* t, int64_t time, double w, double x, double y, double z) {
  double c = 1 - 2 * (x * x + y * y);  // cos(tilt): the body z axis against the vertical
  if (!std::isfinite(c)) return;
  t->add(Ch::kTilt, time, std::acos(std::fmax(-1.0, std::fmin(1.0, c))) * kRadToDeg);
  if (!t->wants(Ch::kRoll, time)) return;
  t->add(Ch::kRoll, time, std::atan2(2 * (w * x + y * z), c) * kRadToDeg);
  t->add(Ch::kPitch, time,
         std::asin(std::fmax(-1.0, std::fmin(1.0, 2 * (w * y - z * x)))) * kRadToDeg);
  t->add(Ch::kYaw, time, std::atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z)) * kRadToDeg);
}

// Latitude and longitude of a point north/east metres from an origin (flat earth; fine over the
// few kilometres of a flight).
inline void offset_position(double lat0, double lon0, double north, double east, double* lat,
                            double* lon) {
  constexpr double kR = 6378137.0;
  *lat = lat0 + north / kR * kRadToDeg;
  *lon = lon0 + east / (kR * std::cos(lat0 / kRadToDeg)) * kRadToDeg;
}

}  // namespace skykeep::analysis

namespace skykeep::analysis {

// ArduPilot firmware families, whose mode numbers differ.
enum class ArduVehicle { kUnknown, kCopter, kPlane, kSub, kRover };
// The family named at the start of a firmware string ("ArduCopter V4.6.2"), or kUnknown.
ArduVehicle ardupilot_vehicle(std::string_view firmware);
// Fills signals->mode_names with the family's mode names.
void ardupilot_mode_names(ArduVehicle v, Signals* signals);

}  // namespace skykeep::analysis
