#include "synth/flight.h"

#include <algorithm>
#include <cmath>

#include "synth/synth.h"

namespace skykeep::synth {
namespace {

constexpr double kEarthRadius = 6378137.0;
constexpr int64_t kSecond = 1000000;
constexpr double kCapacityMah = 5200;

int64_t seconds(double s) { return static_cast<int64_t>(s * kSecond); }

}  // namespace

const char* mode_name(Mode m) {
  switch (m) {
    case Mode::kManual:
      return "MANUAL";
    case Mode::kPosition:
      return "POSCTL";
    case Mode::kTakeoff:
      return "TAKEOFF";
    case Mode::kMission:
      return "MISSION";
    case Mode::kReturn:
      return "RTL";
    case Mode::kLand:
      return "LAND";
  }
  return "?";
}

uint8_t arducopter_mode(Mode m) {
  switch (m) {
    case Mode::kManual:
      return 0;
    case Mode::kTakeoff:
    case Mode::kMission:
      return 3;
    case Mode::kReturn:
      return 6;
    case Mode::kLand:
      return 9;
    default:
      return 5;
  }
}

Flight::Flight(uint64_t seed, int index, double lat, double lon, double alt_amsl, int64_t t0_us,
               const Options& o)
    : rng_(seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(index)),
      monitor_rng_(~(seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(index))),
      lat0_(lat),
      lon0_(lon),
      alt0_(alt_amsl),
      t0_(t0_us) {
  plan(std::max(1, o.passes));
  plan_faults(o);
  last_t_ = t0_;
}

void Flight::plan_faults(const Options& o) {
  int64_t m = 0;  // the mission's start
  for (const auto& [t, mode] : modes_)
    if (mode == Mode::kMission && !m) m = t;
  const auto& f = o.faults;
  if (f.low_battery) {
    mah_ = 0.75 * kCapacityMah;
    messages_.push_back({t_arm_ + seconds(1), 4, "[commander] Low battery level! Return advised"});
  }
  if (f.gps_jamming) {
    jam0_ = m + seconds(20), jam1_ = m + seconds(38);
    nofix0_ = m + seconds(25), nofix1_ = m + seconds(33);
    messages_.push_back({jam0_, 4, "[gps] GPS jamming detected"});
    messages_.push_back({nofix0_, 3, "[commander] GPS fix lost"});
  }
  if (f.gps_spoofing) {
    spoof0_ = m + seconds(50), spoof1_ = m + seconds(65);
    messages_.push_back({spoof0_ + seconds(3), 4, "[gps] GPS spoofing detected"});
  }
  if (f.gps_no_fix) {
    never_fix_ = true;
    messages_.push_back({t_arm_ - seconds(5), 4, "[health_and_arming_checks] GPS fix too low"});
  }
  if (f.vibration) {
    vib0_ = m + seconds(42), vib1_ = m + seconds(57);
    messages_.push_back({vib0_ + seconds(3), 4, "[vehicle_imu] High accelerometer vibration"});
  }
  if (f.crash) {
    crash_ = m + seconds(15);
    messages_.push_back({crash_ + seconds(1), 2, "[failure_detector] Attitude failure (roll)"});
    t_end_ = crash_ + seconds(2);  // the logger stops with the vehicle: armed, in the air
    t_land_ = t_disarm_ = t_end_ + 1;
  }
  std::sort(messages_.begin(), messages_.end(),
            [](const FaultMessage& a, const FaultMessage& b) { return a.t_us < b.t_us; });
}

void Flight::plan(int passes) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  t_arm_ = t0_ + seconds(20 + 5 * u(rng_));
  t_takeoff_ = t_arm_ + seconds(3);
  double h = 30 + 20 * u(rng_);
  double speed = 8 + 4 * u(rng_);
  double climb = 2.5, descend = 1.0;
  modes_.push_back({t0_, Mode::kPosition});
  // Takeoff straight up.
  int64_t t = t_takeoff_;
  int64_t t1 = t + seconds(h / climb);
  legs_.push_back({t, t1, 0, 0, 0, 0, 0, -h, Mode::kTakeoff});
  // A lawnmower pattern over a rotated rectangle beside home.
  double theta = 2 * kPi * u(rng_);
  double a = 200 + 200 * u(rng_), b = 100 + 150 * u(rng_);
  std::vector<std::pair<double, double>> wp;
  for (int i = 0; i <= passes; ++i) {
    double across = b * i / passes;
    double along0 = (i % 2 == 0) ? 0 : a, along1 = (i % 2 == 0) ? a : 0;
    wp.push_back({along0, across});
    wp.push_back({along1, across});
  }
  double px = 0, py = 0;
  t = t1;
  for (auto [al, ac] : wp) {
    double x = al * std::cos(theta) - ac * std::sin(theta) + 20;
    double y = al * std::sin(theta) + ac * std::cos(theta) + 20;
    double d = std::hypot(x - px, y - py);
    int64_t te = t + seconds(std::max(1.0, d / speed));
    legs_.push_back({t, te, px, py, -h, x, y, -h, Mode::kMission});
    px = x, py = y, t = te;
  }
  // Return home, then land.
  double d = std::hypot(px, py);
  int64_t te = t + seconds(std::max(1.0, d / speed));
  legs_.push_back({t, te, px, py, -h, 0, 0, -h, Mode::kReturn});
  t = te;
  te = t + seconds(2);
  legs_.push_back({t, te, 0, 0, -h, 0, 0, -h, Mode::kLand});  // settle over home
  t = te;
  t_land_ = t + seconds(h / descend);
  legs_.push_back({t, t_land_, 0, 0, -h, 0, 0, 0, Mode::kLand});
  t_disarm_ = t_land_ + seconds(2);
  t_end_ = t_disarm_ + seconds(5);
  for (const Leg& l : legs_)
    if (modes_.back().second != l.mode) modes_.push_back({l.t0, l.mode});
  modes_.push_back({t_disarm_ + 1, Mode::kPosition});
}

State Flight::at(int64_t t) {
  State s;
  s.t_us = t;
  double dt = static_cast<double>(std::max<int64_t>(0, t - last_t_)) / 1e6;
  last_t_ = t;
  s.armed = t >= t_arm_ && t < t_disarm_;
  s.in_air = t >= t_takeoff_ && t < t_land_;
  for (const auto& [mt, m] : modes_)
    if (mt <= t) s.mode = m;
  double x = 0, y = 0, z = 0, vn = 0, ve = 0, vd = 0;
  while (leg_ + 1 < legs_.size() && legs_[leg_].t1 <= t) ++leg_;
  if (!legs_.empty() && t >= legs_.front().t0 && t < t_land_) {
    const Leg& l = legs_[leg_];
    double span = static_cast<double>(std::max<int64_t>(1, l.t1 - l.t0)) / 1e6;
    double f = std::clamp(static_cast<double>(t - l.t0) / 1e6 / span, 0.0, 1.0);
    x = l.x0 + (l.x1 - l.x0) * f;
    y = l.y0 + (l.y1 - l.y0) * f;
    z = l.z0 + (l.z1 - l.z0) * f;
    vn = (l.x1 - l.x0) / span;
    ve = (l.y1 - l.y0) / span;
    vd = (l.z1 - l.z0) / span;
  }
  // Velocity as a flying vehicle has it: the plan's steps smoothed with a 1.5 s time constant.
  double k = dt > 0 ? 1 - std::exp(-dt / 1.5) : 0;
  double svn = prev_vn_ + (vn - prev_vn_) * k, sve = prev_ve_ + (ve - prev_ve_) * k;
  double svd = prev_vd_ + (vd - prev_vd_) * k;
  double an = dt > 0 ? (svn - prev_vn_) / dt : 0, ae = dt > 0 ? (sve - prev_ve_) / dt : 0;
  prev_vn_ = svn, prev_ve_ = sve, prev_vd_ = svd;
  double n = 0.05;
  s.x = x + n * noise_(rng_), s.y = y + n * noise_(rng_), s.z = z + n * noise_(rng_);
  s.vn = svn + 0.05 * noise_(rng_), s.ve = sve + 0.05 * noise_(rng_),
  s.vd = svd + 0.03 * noise_(rng_);
  double spd = std::hypot(svn, sve);
  double yaw = spd > 1.0 ? std::atan2(sve, svn) : prev_yaw_;
  prev_yaw_ = yaw;
  s.yaw = yaw;
  double a_fwd = an * std::cos(yaw) + ae * std::sin(yaw);
  double a_lat = -an * std::sin(yaw) + ae * std::cos(yaw);
  double tilt = s.in_air ? 1.0 : 0.0;
  s.pitch = tilt * (-std::atan((a_fwd + 0.08 * spd * spd / 10) / 9.81)) + 0.01 * noise_(rng_);
  s.roll = tilt * std::atan(a_lat / 9.81) + 0.01 * noise_(rng_);
  s.p = 0.02 * noise_(rng_), s.q = 0.02 * noise_(rng_), s.r = 0.01 * noise_(rng_);
  s.ax = 0.3 * noise_(rng_) * (s.armed ? 1 : 0.1);
  s.ay = 0.3 * noise_(rng_) * (s.armed ? 1 : 0.1);
  s.az = -9.81 + 0.4 * noise_(rng_) * (s.armed ? 1 : 0.1);
  s.alt_rel = -s.z;
  s.alt_amsl = alt0_ - s.z;
  s.lat = lat0_ + (s.x / kEarthRadius) * 180 / kPi;
  s.lon = lon0_ + (s.y / (kEarthRadius * std::cos(lat0_ * kPi / 180))) * 180 / kPi;
  s.gps_fix = t >= t0_ + seconds(8);
  s.satellites = s.gps_fix ? 14 + static_cast<int>(std::lround(noise_(rng_))) : 0;
  s.eph = s.gps_fix ? 0.8 + 0.05 * std::abs(noise_(rng_)) : 99;
  s.epv = s.gps_fix ? 1.2 + 0.05 * std::abs(noise_(rng_)) : 99;
  s.throttle = s.in_air ? 0.45 + 0.01 * spd + 0.02 * noise_(rng_) : (s.armed ? 0.1 : 0);
  s.current = s.in_air ? 16 + 0.3 * spd + 0.5 * noise_(rng_) : (s.armed ? 3 : 0.6);
  mah_ += s.current * dt / 3.6;
  s.consumed_mah = mah_;
  s.remaining = std::max(0.0, 1 - mah_ / kCapacityMah);
  s.battery_warning = s.remaining < 0.07 ? 2 : s.remaining < 0.15 ? 1 : 0;
  s.voltage = 4 * (3.5 + 0.7 * s.remaining) - s.current * 0.02 + 0.01 * noise_(rng_);
  s.vibration = (s.armed ? 0.3 : 0.02) + 0.03 * std::abs(noise_(rng_));
  // The receiver's interference monitor: a quiet sky, a little wander.
  s.jamming_indicator = 12 + 2 * std::abs(monitor_noise_(monitor_rng_));
  s.noise_per_ms = 95 + 3 * monitor_noise_(monitor_rng_);
  if (t >= jam0_ && t < jam1_) {
    s.jamming = 3;
    s.jamming_indicator = 190 + 10 * std::abs(monitor_noise_(monitor_rng_));
    s.noise_per_ms = 170 + 5 * monitor_noise_(monitor_rng_);
    s.eph = 12 + 10 * std::abs(noise_(rng_));
    s.satellites = 4;
  }
  if (t >= nofix0_ && t < nofix1_) {
    s.gps_fix = false;
    s.satellites = 2;
  }
  if (t >= spoof0_ && t < spoof1_) s.spoofing = t < spoof0_ + seconds(3) ? 2 : 3;
  if (never_fix_) {  // a receiver under a roof: a few satellites, never a solution
    s.gps_fix = false;
    s.satellites = 2 + static_cast<int>(std::lround(std::abs(monitor_noise_(monitor_rng_))));
    s.eph = 99;
  }
  if (t >= vib0_ && t < vib1_) s.vibration = 9 + 0.5 * std::abs(noise_(rng_));
  if (crash_ && t >= crash_) {  // rolls over within a second and falls
    double over = std::min(1.0, static_cast<double>(t - crash_) / 800000);
    s.roll = over * 160 / kDegreesPerRadian;
    s.z += 4.9 * std::pow(static_cast<double>(t - crash_) / 1e6, 2);
    s.alt_rel = -s.z;
    s.alt_amsl = alt0_ - s.z;
    s.vibration = 6;
  }
  return s;
}

}  // namespace skykeep::synth
