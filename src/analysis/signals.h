// Signals: the format-neutral vehicle model every analysis reads. The Recorder fills it from any
// log's records (PX4 topics, ArduPilot messages, MAVLink messages all map onto these channels);
// flights, summaries and events are computed from it alone. Bounded: sampled channels keep at
// most one sample per kBucketUs, chosen so that the figures computed from them (maximum speed,
// minimum voltage...) are those of the full-rate data. A plain value; thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skykeep::analysis {

// Sampled channels keep one sample per bucket of this length (5 samples a second).
inline constexpr int64_t kBucketUs = 200000;

// How a bucket keeps one of the samples that fall in it. Every kept sample is a real sample of
// the log, with its own time.
enum class Keep : uint8_t {
  kFirst,   // the first sample (a bucket's later samples cost nothing)
  kMin,     // the smallest value
  kMax,     // the largest value
  kChange,  // not bucketed: every sample whose value differs from the previous one
};

enum class Ch : uint8_t {
  // Position (WGS84 degrees, metres above mean sea level).
  kLat,
  kLon,
  kAltAmsl,
  // Altitude above the estimator's origin or home (metres, up positive).
  kAltRel,
  // Speeds (m/s): horizontal ground speed, climb (up positive) and sink (down positive) rates.
  kHSpeed,
  kClimb,
  kSink,
  // Attitude (degrees) and tilt from level (degrees, the largest in each bucket).
  kRoll,
  kPitch,
  kYaw,
  kTilt,
  // Battery: voltage (V, the lowest in each bucket), current (A), remaining (%), used (mAh).
  kVoltage,
  kCurrent,
  kRemaining,
  kConsumed,
  // GNSS: fix type (0 none, 1 no fix, 2 2D, 3 3D, 4+ differential/RTK; the worst in each
  // bucket), satellites used (the fewest), horizontal accuracy (m, the worst), the receiver's
  // jamming report (0 unknown, 1 ok, 2 warning or mitigated, 3 critical or detected; the worst).
  // Its spoofing report and interference monitor follow kFailure.
  kGpsFix,
  kSats,
  kEph,
  kJamming,
  // Estimator innovation test ratios (1.0 = the estimator rejects the measurement) and fault bits.
  kEkfVel,
  kEkfPos,
  kEkfHgt,
  kEkfMag,
  kEkfFaults,
  // Vibration (m/s^2, the largest) and accelerometer clipping (cumulative count).
  kVibration,
  kClipping,
  // States, kept at every change: armed (0/1), landed (0/1), flight mode (code, see
  // Signals::mode_names), failsafe (0/1), primary estimator instance, battery warning
  // (0 none, 1 low, 2 critical, 3 emergency), failure detector bits (1 roll, 2 pitch, 4 alt,
  // 8 external, 16 motor, 32 battery).
  kArmed,
  kLanded,
  kMode,
  kFailsafe,
  kEkfPrimary,
  kBatteryWarning,
  kFailure,
  // Channels added later go here, after every earlier one, so that derived data written before
  // them still reads (docs/vault.md, "Derived data").
  // GNSS receiver: spoofing report (0 unknown, 1 ok, 2 indicated or mitigated, 3 detected; the
  // worst in each bucket), u-blox interference monitor: CW jamming indicator (0-255) and noise
  // level per millisecond (the largest).
  kSpoofing,
  kJamIndicator,
  kGpsNoise,
  kCount
};
inline constexpr size_t kChannels = static_cast<size_t>(Ch::kCount);
// The channel's name in derived data and exports ("lat", "alt_rel", "armed"...).
const char* channel_name(Ch c);
// The channel with that name, or nullopt.
std::optional<Ch> channel_by_name(std::string_view name);
// The unit of the channel's values, as the comments above give it ("m", "m/s", "V"), or "" for
// counts, codes and ratios.
const char* channel_unit(Ch c);
constexpr Keep channel_keep(Ch c) {
  switch (c) {
    case Ch::kHSpeed:
    case Ch::kClimb:
    case Ch::kSink:
    case Ch::kTilt:
    case Ch::kEph:
    case Ch::kJamming:
    case Ch::kSpoofing:
    case Ch::kJamIndicator:
    case Ch::kGpsNoise:
    case Ch::kEkfVel:
    case Ch::kEkfPos:
    case Ch::kEkfHgt:
    case Ch::kEkfMag:
    case Ch::kEkfFaults:
    case Ch::kVibration:
      return Keep::kMax;
    case Ch::kVoltage:
    case Ch::kGpsFix:
    case Ch::kSats:
      return Keep::kMin;
    case Ch::kArmed:
    case Ch::kLanded:
    case Ch::kMode:
    case Ch::kFailsafe:
    case Ch::kEkfPrimary:
    case Ch::kBatteryWarning:
    case Ch::kFailure:
      return Keep::kChange;
    default:
      return Keep::kFirst;
  }
}

// One channel: samples in time order (log clock, microseconds).
struct Series {
  std::string topic;  // where the samples came from, for evidence ("battery_status", "BAT")
  std::string field;  // the field or fields ("voltage_v", "Volt")
  std::vector<int64_t> t;
  std::vector<double> v;
  int64_t bucket_start = 0;

  bool empty() const { return t.empty(); }
  size_t size() const { return t.size(); }
  // Adds a sample kept as `keep` says. NaN values are ignored.
  void add(int64_t time, double value, Keep keep);
  // False when a sample at time would not be kept (kFirst inside the current bucket): lets a
  // caller skip computing it.
  bool wants(int64_t time) const { return t.empty() || time >= bucket_start + kBucketUs; }
  // Index of the last sample at or before time, or -1.
  ptrdiff_t at_or_before(int64_t time) const;
  // Index of the first sample at or after time, or -1.
  ptrdiff_t at_or_after(int64_t time) const;
};

// A discrete record an autopilot logs about itself: an error or failsafe code (ArduPilot ERR),
// an event id (ArduPilot EV).
struct Notice {
  int64_t t = 0;
  std::string topic;  // "ERR", "EV"
  int subsystem = 0;  // ERR Subsys; 0 for EV
  int code = 0;       // ERR ECode or EV Id
};

struct Text {
  int64_t t = 0;
  uint8_t severity = 6;        // syslog levels, as model::TextMessage
  bool severity_known = true;  // false where the format states none (DataFlash MSG)
  std::string text;
};

struct Signals {
  std::array<Series, kChannels> ch;
  std::vector<std::pair<int, std::string>> mode_names;  // code -> name, for kMode
  std::vector<Notice> notices;
  std::vector<Text> texts;
  std::optional<int64_t> utc_offset_us;  // UTC microseconds = log time + offset
  int64_t first_us = 0, last_us = 0;     // time span of every record seen
  bool any_time = false;
  // Identity and configuration the log states.
  std::string battery_serial;  // empty when the log carries none
  int battery_cells = 0;       // 0: unknown
  double vibration_warn = 30;  // m/s^2 at which the source's vibration metric is high
  bool aerial = true;          // false for boats, rovers and submarines
  bool fixed_wing = false;     // planes and VTOLs bank further than multirotors

  Series& operator[](Ch c) { return ch[static_cast<size_t>(c)]; }
  const Series& operator[](Ch c) const { return ch[static_cast<size_t>(c)]; }
  // The mode's name, or "mode N".
  std::string mode_name(double code) const;
  // time as UTC microseconds, when the log carries UTC.
  std::optional<int64_t> utc(int64_t time) const {
    if (!utc_offset_us) return std::nullopt;
    return time + *utc_offset_us;
  }
};

}  // namespace skykeep::analysis
