// PX4 uORB topics (ULog) onto the Signals channels. Field names differ between PX4 releases
// (1.5 to 1.17): each binding looks for every name a field has had.
#include <cmath>

#include "analysis/dialect_internal.h"

namespace skykeep::analysis {
namespace {

// vehicle_status.nav_state.
const std::pair<int, const char*> kNavStates[] = {{0, "Manual"},
                                                  {1, "Altitude"},
                                                  {2, "Position"},
                                                  {3, "Mission"},
                                                  {4, "Hold"},
                                                  {5, "Return"},
                                                  {6, "Position slow"},
                                                  {7, "Return (GPS lost)"},
                                                  {8, "Land (engine fail)"},
                                                  {9, "Land (GPS fail)"},
                                                  {10, "Acro"},
                                                  {12, "Descend"},
                                                  {13, "Termination"},
                                                  {14, "Offboard"},
                                                  {15, "Stabilized"},
                                                  {16, "Rattitude"},
                                                  {17, "Takeoff"},
                                                  {18, "Land"},
                                                  {19, "Follow me"},
                                                  {20, "Precision land"},
                                                  {21, "Orbit"},
                                                  {22, "VTOL takeoff"}};

class Px4 final : public Dialect {
 public:
  Recorder::Feed bind(const model::Schema& s, Recorder& r) override {
    const std::string& n = s.name;
    bool first = s.instance == 0;
    if (n == "vehicle_status" && first) return status(s, r);
    if (n == "actuator_armed" && first) {
      Target* t = r.target(Ch::kArmed, 1, n, "armed");
      int armed = field(s, {"armed"});
      return [=](const Recorder::Row& row) { t->add(Ch::kArmed, row.t, row.get(armed) != 0); };
    }
    if (n == "vehicle_land_detected" && first) {
      Target* t = r.target(Ch::kLanded, 2, n, "landed");
      int landed = field(s, {"landed"});
      if (landed < 0) return {};
      return [=](const Recorder::Row& row) { t->add(Ch::kLanded, row.t, row.get(landed) != 0); };
    }
    if (n == "vehicle_global_position" && first) return global_position(s, r);
    if ((n == "vehicle_gps_position" || n == "sensor_gps") && first) return gps(s, r);
    if (n == "vehicle_local_position" && first) return local_position(s, r);
    if (n == "vehicle_attitude" && first) {
      Target* t = r.target(Ch::kRoll, 2, n, "q");
      name_attitude(t, "q");
      int q0 = field(s, {"q[0]"});
      if (q0 < 0) return {};
      return [=](const Recorder::Row& row) {
        add_attitude_q(t, row.t, row.get(q0), row.get(q0 + 1), row.get(q0 + 2), row.get(q0 + 3));
      };
    }
    if (n == "battery_status" && first) return battery(s, r);
    if (n == "estimator_status" && first) {
      int vel = field(s, {"vel_test_ratio"}), pos = field(s, {"pos_test_ratio"}),
          hgt = field(s, {"hgt_test_ratio"}), mag = field(s, {"mag_test_ratio"}),
          faults = field(s, {"filter_fault_flags"});
      if (vel < 0 && pos < 0) return {};
      Target* t = r.target(Ch::kEkfVel, 2, n, "");
      t->name(Ch::kEkfVel, "vel_test_ratio")->name(Ch::kEkfPos, "pos_test_ratio");
      t->name(Ch::kEkfHgt, "hgt_test_ratio")->name(Ch::kEkfMag, "mag_test_ratio");
      t->name(Ch::kEkfFaults, "filter_fault_flags");
      return [=](const Recorder::Row& row) {
        t->add(Ch::kEkfVel, row.t, row.get(vel));
        t->add(Ch::kEkfPos, row.t, row.get(pos));
        t->add(Ch::kEkfHgt, row.t, row.get(hgt));
        t->add(Ch::kEkfMag, row.t, row.get(mag));
        t->add(Ch::kEkfFaults, row.t, row.get(faults));
      };
    }
    if (n == "estimator_selector_status" && first) {
      int primary = field(s, {"primary_instance"});
      if (primary < 0) return {};
      Target* t = r.target(Ch::kEkfPrimary, 2, n, "primary_instance");
      return [=](const Recorder::Row& row) { t->add(Ch::kEkfPrimary, row.t, row.get(primary)); };
    }
    if (n == "vehicle_imu_status") {
      // The worst vibration of any IMU; clipping counts of the first.
      int vib = field(s, {"accel_vibration_metric"}), clip = field(s, {"accel_clipping[0]"});
      if (vib < 0) return {};
      Target* t = r.target(Ch::kVibration, 2, n, "accel_vibration_metric");
      t->name(Ch::kClipping, "accel_clipping");
      r.signals().vibration_warn = kVibrationWarn;
      return [=](const Recorder::Row& row) {
        t->add(Ch::kVibration, row.t, row.get(vib));
        if (first && clip >= 0)
          t->add(Ch::kClipping, row.t, row.get(clip) + row.get(clip + 1) + row.get(clip + 2));
      };
    }
    if (n == "vehicle_vibration" && first) {
      int v0 = field(s, {"vibration[0]"});
      if (v0 < 0) return {};
      Target* t = r.target(Ch::kVibration, 1, n, "vibration");
      r.signals().vibration_warn = kVibrationWarn;
      return [=](const Recorder::Row& row) {
        t->add(Ch::kVibration, row.t,
               std::fmax(row.get(v0), std::fmax(row.get(v0 + 1), row.get(v0 + 2))));
      };
    }
    if (n == "failure_detector_status" && first) {
      int roll = field(s, {"fd_roll"}), pitch = field(s, {"fd_pitch"}), alt = field(s, {"fd_alt"}),
          ext = field(s, {"fd_ext"}), motor = field(s, {"fd_motor"}),
          battery = field(s, {"fd_battery"});
      Target* t =
          r.target(Ch::kFailure, 2, n,
                   "failure bits (from fd_roll, fd_pitch, fd_alt, fd_ext, fd_motor, fd_battery)");
      return [=](const Recorder::Row& row) {
        auto bit = [&](int i, int b) { return row.get(i) > 0 ? b : 0; };
        t->add(Ch::kFailure, row.t,
               bit(roll, 1) | bit(pitch, 2) | bit(alt, 4) | bit(ext, 8) | bit(motor, 16) |
                   bit(battery, 32));
      };
    }
    return {};
  }

  void param(const model::Param& p, Recorder& r) override {
    if (p.name == "MAV_TYPE") {
      int t = static_cast<int>(p.value);
      r.signals().aerial = !(t == 10 || t == 11 || t == 12);
      r.signals().fixed_wing = t == 1 || (t >= 19 && t <= 25);
    }
  }

  void finish(Recorder& r) override {
    for (const auto& [code, name] : kNavStates) r.signals().mode_names.push_back({code, name});
  }

 private:
  // PX4's accel_vibration_metric at which vibration is high (m/s^2, about 1 g).
  static constexpr double kVibrationWarn = 10;

  Recorder::Feed status(const model::Schema& s, Recorder& r) {
    const std::string& n = s.name;
    int arming = field(s, {"arming_state"}), nav = field(s, {"nav_state"}),
        failsafe = field(s, {"failsafe"}), fd = field(s, {"failure_detector_status"});
    Target* armed = r.target(Ch::kArmed, 2, n, "armed (from arming_state)");
    Target* mode = r.target(Ch::kMode, 2, n, "nav_state");
    Target* fs = r.target(Ch::kFailsafe, 2, n, "failsafe");
    Target* fail = r.target(Ch::kFailure, 1, n, "failure bits (from failure_detector_status)");
    return [=](const Recorder::Row& row) {
      double a = row.get(arming);
      // ARMED is 2 in every release; 3 was ARMED_ERROR before 1.14.
      if (!std::isnan(a)) armed->add(Ch::kArmed, row.t, a == 2 || a == 3);
      mode->add(Ch::kMode, row.t, row.get(nav));
      fs->add(Ch::kFailsafe, row.t, row.get(failsafe) != 0 ? 1 : 0);
      double f = row.get(fd);
      if (!std::isnan(f)) fail->add(Ch::kFailure, row.t, static_cast<int>(f) & 15);
    };
  }

  Recorder::Feed global_position(const model::Schema& s, Recorder& r) {
    int lat = field(s, {"lat"}), lon = field(s, {"lon"}), alt = field(s, {"alt"});
    if (lat < 0 || lon < 0) return {};
    Target* t = r.target(Ch::kLat, 3, s.name, "lat, lon, alt");
    double k = is_integer(s, lat) ? 1e-7 : 1;
    return [=](const Recorder::Row& row) {
      if (!t->wants(Ch::kLat, row.t)) return;
      double la = row.get(lat) * k, lo = row.get(lon) * k;
      if (!valid_position(la, lo)) return;
      t->add(Ch::kLat, row.t, la);
      t->add(Ch::kLon, row.t, lo);
      t->add(Ch::kAltAmsl, row.t, row.get(alt));
    };
  }

  Recorder::Feed gps(const model::Schema& s, Recorder& r) {
    int prio = s.name == "vehicle_gps_position" ? 2 : 1;
    int lat = field(s, {"latitude_deg", "lat"}), lon = field(s, {"longitude_deg", "lon"}),
        alt = field(s, {"altitude_msl_m", "alt"}), fix = field(s, {"fix_type"}),
        sats = field(s, {"satellites_used"}), eph = field(s, {"eph"}),
        jam = field(s, {"jamming_state"}), spoof = field(s, {"spoofing_state"}),
        jam_ind = field(s, {"jamming_indicator"}), noise = field(s, {"noise_per_ms"}),
        utc = field(s, {"time_utc_usec"}), vel = field(s, {"vel_m_s"}),
        vd = field(s, {"vel_d_m_s"});
    if (lat < 0 || lon < 0) return {};
    double klat = is_integer(s, lat) ? 1e-7 : 1, kalt = is_integer(s, alt) ? 1e-3 : 1;
    Target* pos = r.target(Ch::kLat, prio, s.name, field_names(s, {lat, lon, alt}));
    Target* q = r.target(Ch::kGpsFix, prio, s.name, "fix_type");
    q->name(Ch::kSats, "satellites_used")->name(Ch::kEph, "eph");
    Target* integrity = r.target(Ch::kJamming, prio, s.name, "jamming_state");
    integrity->name(Ch::kSpoofing, "spoofing_state");
    Target* monitor = r.target(Ch::kJamIndicator, prio, s.name, "jamming_indicator");
    monitor->name(Ch::kGpsNoise, "noise_per_ms");
    Target* v = r.target(Ch::kHSpeed, prio - 1, s.name, "vel_m_s");
    v->name(Ch::kClimb, "climb (from -vel_d_m_s)")->name(Ch::kSink, "vel_d_m_s");
    Signals* sig = &r.signals();
    return [=](const Recorder::Row& row) {
      double f = row.get(fix);
      q->add(Ch::kGpsFix, row.t, f);
      q->add(Ch::kSats, row.t, row.get(sats));
      q->add(Ch::kEph, row.t, row.get(eph));
      // jamming_state 0 unknown, 1 ok, 2 warning (mitigated from 1.16), 3 critical (detected);
      // spoofing_state 0 unknown, 1 none (ok), 2 indicated (mitigated), 3 multiple (detected):
      // both on the channels' 0..3 scale.
      integrity->add(Ch::kJamming, row.t, row.get(jam));
      integrity->add(Ch::kSpoofing, row.t, row.get(spoof));
      monitor->add(Ch::kJamIndicator, row.t, row.get(jam_ind));
      monitor->add(Ch::kGpsNoise, row.t, row.get(noise));
      if (f < 3) return;
      double la = row.get(lat) * klat, lo = row.get(lon) * klat;
      if (!valid_position(la, lo)) return;
      pos->add(Ch::kLat, row.t, la);
      pos->add(Ch::kLon, row.t, lo);
      pos->add(Ch::kAltAmsl, row.t, row.get(alt) * kalt);
      double u = row.get(utc);
      if (!sig->utc_offset_us && u > 1e15 && u < 4e15)
        sig->utc_offset_us = static_cast<int64_t>(u) - row.t;
      double speed = row.get(vel), down = row.get(vd);
      v->add(Ch::kHSpeed, row.t, speed);
      if (!std::isnan(down)) {
        v->add(Ch::kClimb, row.t, -down);
        v->add(Ch::kSink, row.t, down);
      }
    };
  }

  Recorder::Feed local_position(const model::Schema& s, Recorder& r) {
    int x = field(s, {"x"}), y = field(s, {"y"}), z = field(s, {"z"}), vx = field(s, {"vx"}),
        vy = field(s, {"vy"}), vz = field(s, {"vz"}), rlat = field(s, {"ref_lat"}),
        rlon = field(s, {"ref_lon"}), ralt = field(s, {"ref_alt"}),
        global = field(s, {"xy_global"});
    if (z < 0) return {};
    Target* alt = r.target(Ch::kAltRel, 2, s.name, "alt_rel (from -z)");
    Target* vel = r.target(Ch::kHSpeed, 2, s.name, "hspeed (from vx, vy)");
    vel->name(Ch::kClimb, "climb (from -vz)")->name(Ch::kSink, "vz");
    // The position from the local frame's origin: the last resort (logs without GPS topics).
    Target* pos = r.target(Ch::kLat, 0, s.name, "ref_lat, ref_lon, x, y");
    return [=](const Recorder::Row& row) {
      alt->add(Ch::kAltRel, row.t, -row.get(z));
      double n = row.get(vx), e = row.get(vy), d = row.get(vz);
      if (!std::isnan(n) && !std::isnan(e)) vel->add(Ch::kHSpeed, row.t, std::hypot(n, e));
      vel->add(Ch::kClimb, row.t, -d);
      vel->add(Ch::kSink, row.t, d);
      if (!pos->wants(Ch::kLat, row.t)) return;
      double la0 = row.get(rlat), lo0 = row.get(rlon);
      if (global >= 0 && row.get(global) == 0) return;
      if (!valid_position(la0, lo0)) return;
      double la, lo;
      offset_position(la0, lo0, row.get(x), row.get(y), &la, &lo);
      if (!valid_position(la, lo)) return;
      pos->add(Ch::kLat, row.t, la);
      pos->add(Ch::kLon, row.t, lo);
      pos->add(Ch::kAltAmsl, row.t, row.get(ralt) - row.get(z));
    };
  }

  Recorder::Feed battery(const model::Schema& s, Recorder& r) {
    int volt = field(s, {"voltage_v", "voltage_filtered_v"}), cur = field(s, {"current_a"}),
        rem = field(s, {"remaining"}), mah = field(s, {"discharged_mah"}),
        warn = field(s, {"warning"}), cells = field(s, {"cell_count"}),
        serial = field(s, {"serial_number"}), connected = field(s, {"connected"});
    Target* t = r.target(Ch::kVoltage, 2, s.name, "voltage_v");
    t->name(Ch::kCurrent, "current_a")->name(Ch::kRemaining, "remaining_pct (from remaining)");
    t->name(Ch::kConsumed, "discharged_mah");
    Target* w = r.target(Ch::kBatteryWarning, 2, s.name, "warning");
    Signals* sig = &r.signals();
    bool serial_text = serial >= 0 && s.fields[static_cast<size_t>(serial)].is_text();
    return [=](const Recorder::Row& row) {
      t->add(Ch::kVoltage, row.t, row.get(volt));
      t->add(Ch::kCurrent, row.t, row.get(cur));
      // The charge estimate means nothing while the monitor sees no battery.
      double rm = row.get(rem);
      if (rm >= 0 && rm <= 1 && row.get(connected) != 0) t->add(Ch::kRemaining, row.t, rm * 100);
      t->add(Ch::kConsumed, row.t, row.get(mah));
      w->add(Ch::kBatteryWarning, row.t, row.get(warn));
      double c = row.get(cells);
      if (c > 0 && c < 30) sig->battery_cells = static_cast<int>(c);
      if (sig->battery_serial.empty() && serial >= 0) {  // uint16 in PX4; text in some builds
        if (serial_text) {
          sig->battery_serial = std::string(row.text(serial));
        } else if (double sn = row.get(serial); sn > 0) {
          sig->battery_serial = std::to_string(static_cast<long>(sn));
        }
      }
    };
  }
};

}  // namespace

std::unique_ptr<Dialect> make_px4_dialect() { return std::make_unique<Px4>(); }

}  // namespace skykeep::analysis
