#include "analysis/signals.h"

#include <algorithm>
#include <cmath>

namespace skykeep::analysis {

const char* channel_name(Ch c) {
  // In the order of Ch; kept as a table.
  // clang-format off
  static constexpr const char* kNames[kChannels] = {
      "lat",           "lon",           "alt_amsl",          "alt_rel",
      "hspeed",        "climb",         "sink",              "roll",
      "pitch",         "yaw",           "tilt",              "voltage",
      "current",       "remaining",     "consumed_mah",      "gps_fix",
      "satellites",    "eph",           "jamming",           "ekf_vel_ratio",
      "ekf_pos_ratio", "ekf_hgt_ratio", "ekf_mag_ratio",     "ekf_faults",
      "vibration",     "clipping",      "armed",             "landed",
      "mode",          "failsafe",      "ekf_primary",       "battery_warning",
      "failure_flags", "spoofing",      "jamming_indicator", "gps_noise"};
  // clang-format on
  return kNames[static_cast<size_t>(c)];
}

std::optional<Ch> channel_by_name(std::string_view name) {
  for (size_t c = 0; c < kChannels; ++c)
    if (name == channel_name(static_cast<Ch>(c))) return static_cast<Ch>(c);
  return std::nullopt;
}

const char* channel_unit(Ch c) {
  switch (c) {
    case Ch::kLat:
    case Ch::kLon:
    case Ch::kRoll:
    case Ch::kPitch:
    case Ch::kYaw:
    case Ch::kTilt:
      return "deg";
    case Ch::kAltAmsl:
    case Ch::kAltRel:
    case Ch::kEph:
      return "m";
    case Ch::kHSpeed:
    case Ch::kClimb:
    case Ch::kSink:
      return "m/s";
    case Ch::kVoltage:
      return "V";
    case Ch::kCurrent:
      return "A";
    case Ch::kRemaining:
      return "%";
    case Ch::kConsumed:
      return "mAh";
    case Ch::kVibration:
      return "m/s^2";
    default:
      return "";
  }
}

void Series::add(int64_t time, double value, Keep keep) {
  if (std::isnan(value)) return;
  if (keep == Keep::kChange) {
    if (!v.empty() && v.back() == value) return;
    t.push_back(time);
    v.push_back(value);
    return;
  }
  // A new bucket; a time that went backwards joins the current one.
  if (t.empty() || time >= bucket_start + kBucketUs) {
    t.push_back(time);
    v.push_back(value);
    bucket_start = time;
    return;
  }
  if (keep == Keep::kFirst) return;
  double& cur = v.back();
  bool take = (keep == Keep::kMin && value < cur) || (keep == Keep::kMax && value > cur);
  if (take) {
    cur = value;
    t.back() = std::max(time, bucket_start);
  }
}

ptrdiff_t Series::at_or_before(int64_t time) const {
  auto it = std::upper_bound(t.begin(), t.end(), time);
  return it == t.begin() ? -1 : (it - t.begin()) - 1;
}

ptrdiff_t Series::at_or_after(int64_t time) const {
  auto it = std::lower_bound(t.begin(), t.end(), time);
  return it == t.end() ? -1 : it - t.begin();
}

std::string Signals::mode_name(double code) const {
  for (const auto& [c, name] : mode_names)
    if (c == code) return name;
  return "mode " + std::to_string(static_cast<long long>(code));
}

}  // namespace skykeep::analysis
