// The simulated vehicle behind every synthesized log: a state at any time of a flight plan.
// Deterministic for a seed; not thread-safe (owns its random generator).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace skykeep::synth {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kDegreesPerRadian = 180 / kPi;

enum class Mode : uint8_t { kManual, kPosition, kTakeoff, kMission, kReturn, kLand };
const char* mode_name(Mode m);
// ArduCopter's mode number for the mode (STABILIZE 0, AUTO 3, LOITER 5, RTL 6, LAND 9).
uint8_t arducopter_mode(Mode m);

struct State {
  int64_t t_us = 0;  // since boot
  bool armed = false;
  bool in_air = false;
  Mode mode = Mode::kPosition;
  bool gps_fix = false;
  double lat = 0, lon = 0;              // degrees
  double alt_amsl = 0, alt_rel = 0;     // metres
  double x = 0, y = 0, z = 0;           // NED metres from home
  double vn = 0, ve = 0, vd = 0;        // m/s
  double roll = 0, pitch = 0, yaw = 0;  // rad
  double p = 0, q = 0, r = 0;           // body rates rad/s
  double ax = 0, ay = 0, az = -9.81;    // body specific force m/s^2
  double voltage = 16.8, current = 0.5, consumed_mah = 0, remaining = 1.0;
  double throttle = 0;  // 0..1
  int satellites = 0;
  double eph = 99, epv = 99;
  double vibration = 0.02;
  int jamming = 1;                // 0 unknown, 1 ok, 2 mitigated, 3 detected
  int spoofing = 1;               // 0 unknown, 1 ok, 2 mitigated, 3 detected
  double jamming_indicator = 12;  // u-blox CW jamming indicator, 0-255
  double noise_per_ms = 95;       // u-blox noise level
  int battery_warning = 0;        // 0 none, 1 low, 2 critical
};

struct Options;

// A text the autopilot logs when a fault begins.
struct FaultMessage {
  int64_t t_us;
  int severity;
  std::string text;
};

// One flight from power-on to disarm and a short idle after it.
class Flight {
 public:
  // faults: Options::faults.
  Flight(uint64_t seed, int index, double lat, double lon, double alt_amsl, int64_t t0_us,
         const Options& faults);
  int64_t start_us() const { return t0_; }
  int64_t end_us() const { return t_end_; }
  int64_t arm_us() const { return t_arm_; }
  int64_t disarm_us() const { return t_disarm_; }
  // The state at t (t0 <= t <= end). Calls must come in non-decreasing t.
  State at(int64_t t_us);
  // Times at which the mode changes, in order, with the new mode.
  const std::vector<std::pair<int64_t, Mode>>& mode_changes() const { return modes_; }
  double home_lat() const { return lat0_; }
  double home_lon() const { return lon0_; }
  double home_alt() const { return alt0_; }
  // What the autopilot says as each fault begins, in time order.
  const std::vector<FaultMessage>& fault_messages() const { return messages_; }

 private:
  void plan(int passes);
  void plan_faults(const Options& o);
  struct Leg {
    int64_t t0, t1;  // microseconds
    double x0, y0, z0, x1, y1, z1;
    Mode mode;
  };
  std::mt19937_64 rng_;
  // The receiver's interference monitor draws from its own stream, so that the flight's other
  // values are those of the same seed without it.
  std::mt19937_64 monitor_rng_;
  std::normal_distribution<double> monitor_noise_{0.0, 1.0};
  std::normal_distribution<double> noise_{0.0, 1.0};
  double lat0_, lon0_, alt0_;
  int64_t t0_, t_arm_ = 0, t_takeoff_ = 0, t_land_ = 0, t_disarm_ = 0, t_end_ = 0;
  std::vector<Leg> legs_;
  std::vector<std::pair<int64_t, Mode>> modes_;
  std::vector<FaultMessage> messages_;
  // Fault windows (0 = none): jamming, fix lost, spoofing, vibration; the crash instant.
  int64_t jam0_ = 0, jam1_ = 0, nofix0_ = 0, nofix1_ = 0, spoof0_ = 0, spoof1_ = 0, vib0_ = 0,
          vib1_ = 0, crash_ = 0;
  bool never_fix_ = false;
  size_t leg_ = 0;
  int64_t last_t_ = 0;
  double mah_ = 0;
  double prev_vn_ = 0, prev_ve_ = 0, prev_vd_ = 0, prev_yaw_ = 0;
};

}  // namespace skykeep::synth
