// MAVLink messages (tlog) onto the Signals channels. Only the vehicle's autopilot speaks for it:
// the first system other than a ground station (255) whose component 1 sends. The reader gives
// fields in physical units (degE7 as degrees, mV as volts, cm/s as m/s: formats/mavlink).
#include <cmath>
#include <set>

#include "analysis/dialect_internal.h"

namespace skykeep::analysis {
namespace {

constexpr int kAutopilotPx4 = 12, kAutopilotInvalid = 8;
constexpr int kTypeGcs = 6;

ArduVehicle family(int mav_type) {
  switch (mav_type) {
    case 1:
    case 19:
    case 20:
    case 21:
    case 22:
    case 23:
    case 24:
    case 25:
      return ArduVehicle::kPlane;
    case 2:
    case 3:
    case 4:
    case 13:
    case 14:
    case 15:
      return ArduVehicle::kCopter;
    case 12:
      return ArduVehicle::kSub;
    case 10:
    case 11:
      return ArduVehicle::kRover;
    default:
      return ArduVehicle::kUnknown;
  }
}

// PX4's custom_mode: main mode in bits 16-23, sub mode (of AUTO) in bits 24-31.
std::string px4_mode(uint32_t custom) {
  static const char* const kMain[] = {"?",    "Manual",   "Altitude",   "Position", "Auto",
                                      "Acro", "Offboard", "Stabilized", "Rattitude"};
  static const char* const kAuto[] = {
      "Auto",      "Ready",          "Takeoff",     "Hold",
      "Mission",   "Return",         "Land",        "Return (GPS lost)",
      "Follow me", "Precision land", "VTOL takeoff"};
  uint32_t main = (custom >> 16) & 0xff, sub = (custom >> 24) & 0xff;
  if (main == 4 && sub < std::size(kAuto)) return kAuto[sub];
  if (main < std::size(kMain) && main) return kMain[main];
  return "mode " + std::to_string(custom);
}

class Mavlink final : public Dialect {
 public:
  Recorder::Feed bind(const model::Schema& s, Recorder& r) override {
    int sys = static_cast<int>(s.source >> 8), comp = static_cast<int>(s.source & 0xff);
    if (sys == 255 || comp != 1) return {};
    if (sysid_ < 0) sysid_ = sys;
    if (sys != sysid_) return {};
    const std::string& n = s.name;
    if (n == "HEARTBEAT") return heartbeat(s, r);
    if (n == "GLOBAL_POSITION_INT") {
      int lat = field(s, {"lat"}), lon = field(s, {"lon"}), alt = field(s, {"alt"}),
          rel = field(s, {"relative_alt"}), vx = field(s, {"vx"}), vy = field(s, {"vy"}),
          vz = field(s, {"vz"});
      Target* pos = r.target(Ch::kLat, 3, n, "lat, lon, alt");
      Target* ra = r.target(Ch::kAltRel, 2, n, "relative_alt");
      Target* vel = r.target(Ch::kHSpeed, 2, n, "hspeed (from vx, vy)");
      vel->name(Ch::kClimb, "climb (from -vz)")->name(Ch::kSink, "vz");
      return [=](const Recorder::Row& row) {
        ra->add(Ch::kAltRel, row.t, row.get(rel));
        vel->add(Ch::kHSpeed, row.t, std::hypot(row.get(vx), row.get(vy)));
        double down = row.get(vz);
        vel->add(Ch::kClimb, row.t, -down);
        vel->add(Ch::kSink, row.t, down);
        double la = row.get(lat), lo = row.get(lon);
        if (!valid_position(la, lo)) return;
        pos->add(Ch::kLat, row.t, la);
        pos->add(Ch::kLon, row.t, lo);
        pos->add(Ch::kAltAmsl, row.t, row.get(alt));
      };
    }
    if (n == "GPS_RAW_INT") {
      int fix = field(s, {"fix_type"}), sats = field(s, {"satellites_visible"}),
          eph = field(s, {"eph"}), hacc = field(s, {"h_acc"}), lat = field(s, {"lat"}),
          lon = field(s, {"lon"}), alt = field(s, {"alt"}), vel = field(s, {"vel"});
      Target* pos = r.target(Ch::kLat, 2, n, "lat, lon, alt");
      Target* q = r.target(Ch::kGpsFix, 2, n, "fix_type");
      q->name(Ch::kSats, "satellites_visible")
          ->name(Ch::kEph, "eph_m (from h_acc, or eph x 2.5 / 100)");
      Target* v = r.target(Ch::kHSpeed, 1, n, "vel");
      return [=](const Recorder::Row& row) {
        double f = row.get(fix);
        q->add(Ch::kGpsFix, row.t, f);
        double ns = row.get(sats);
        if (ns != 255) q->add(Ch::kSats, row.t, ns);
        // h_acc (m) where the sender fills it, else HDOP (x100) times a 2.5 m range error.
        double h = row.get(hacc), e = row.get(eph);
        if (h > 0)
          q->add(Ch::kEph, row.t, h);
        else if (e >= 0 && e != 65535)
          q->add(Ch::kEph, row.t, e / 100 * 2.5);
        if (f < 3) return;
        double la = row.get(lat), lo = row.get(lon);
        if (!valid_position(la, lo)) return;
        pos->add(Ch::kLat, row.t, la);
        pos->add(Ch::kLon, row.t, lo);
        pos->add(Ch::kAltAmsl, row.t, row.get(alt));
        double speed = row.get(vel);  // UINT16_MAX cm/s: unknown
        if (speed < 655) v->add(Ch::kHSpeed, row.t, speed);
      };
    }
    if (n == "GNSS_INTEGRITY") {  // development dialect; PX4 sends it
      int id = field(s, {"id"}), jam = field(s, {"jamming_state"}),
          spoof = field(s, {"spoofing_state"});
      Target* t = r.target(Ch::kJamming, 2, n, "jamming_state");
      t->name(Ch::kSpoofing, "spoofing_state");
      return [=, this](const Recorder::Row& row) {
        // One receiver: the first id that reports.
        double rx = row.get(id);
        if (std::isnan(integrity_id_)) integrity_id_ = rx;
        if (rx != integrity_id_ && !std::isnan(rx)) return;
        // GPS_JAMMING_STATE and GPS_SPOOFING_STATE: 0 unknown, 1 ok, 2 mitigated, 3 detected.
        t->add(Ch::kJamming, row.t, row.get(jam));
        t->add(Ch::kSpoofing, row.t, row.get(spoof));
      };
    }
    if (n == "ATTITUDE") {
      int roll = field(s, {"roll"}), pitch = field(s, {"pitch"}), yaw = field(s, {"yaw"});
      Target* t = r.target(Ch::kRoll, 2, n, "roll, pitch");
      name_attitude(t, "roll, pitch, yaw");
      return [=](const Recorder::Row& row) {
        add_attitude(t, row.t, row.get(roll) * kRadToDeg, row.get(pitch) * kRadToDeg,
                     row.get(yaw) * kRadToDeg);
      };
    }
    if (n == "SYS_STATUS") {
      int volt = field(s, {"voltage_battery"}), cur = field(s, {"current_battery"}),
          rem = field(s, {"battery_remaining"});
      Target* t = r.target(Ch::kVoltage, 1, n, "voltage_battery");
      t->name(Ch::kCurrent, "current_battery")->name(Ch::kRemaining, "battery_remaining");
      return [=](const Recorder::Row& row) {
        double v = row.get(volt);  // UINT16_MAX mV: unknown
        if (v > 0 && v < 65.5) t->add(Ch::kVoltage, row.t, v);
        double c = row.get(cur);  // -1 cA: unknown
        if (c >= 0) t->add(Ch::kCurrent, row.t, c);
        double rm = row.get(rem);
        if (rm >= 0 && rm <= 100) t->add(Ch::kRemaining, row.t, rm);
      };
    }
    if (n == "BATTERY_STATUS" && s.instance == 0) {
      int v0 = field(s, {"voltages[0]"}), cur = field(s, {"current_battery"}),
          used = field(s, {"current_consumed"}), rem = field(s, {"battery_remaining"}),
          state = field(s, {"charge_state"});
      Target* t = r.target(Ch::kVoltage, 2, n, "voltage (sum of voltages)");
      t->name(Ch::kCurrent, "current_battery")->name(Ch::kRemaining, "battery_remaining");
      t->name(Ch::kConsumed, "current_consumed");
      Target* w = r.target(Ch::kBatteryWarning, 2, n, "warning (from charge_state)");
      return [=](const Recorder::Row& row) {
        // Cells (V; UINT16_MAX mV where unused); ArduPilot puts the total in the first when it
        // does not measure cells. Their sum is the pack voltage either way.
        double sum = 0;
        for (int i = 0; v0 >= 0 && i < 10; ++i) {
          double c = row.get(v0 + i);
          if (c > 0 && c < 65.5) sum += c;
        }
        if (sum > 0) t->add(Ch::kVoltage, row.t, sum);
        double c = row.get(cur);
        if (c >= 0) t->add(Ch::kCurrent, row.t, c);
        double u = row.get(used);
        if (u >= 0) t->add(Ch::kConsumed, row.t, u);
        double rm = row.get(rem);
        if (rm >= 0 && rm <= 100) t->add(Ch::kRemaining, row.t, rm);
        // MAV_BATTERY_CHARGE_STATE: 1 ok, 2 low, 3 critical, 4 emergency, 5 failed.
        double cs = row.get(state);
        if (cs >= 1) w->add(Ch::kBatteryWarning, row.t, std::fmin(cs - 1, 3));
      };
    }
    if (n == "EXTENDED_SYS_STATE") {
      int landed = field(s, {"landed_state"});
      Target* t = r.target(Ch::kLanded, 2, n, "landed (from landed_state)");
      return [=](const Recorder::Row& row) {
        double l = row.get(landed);  // 1 on ground, 2 in air, 3 taking off, 4 landing
        if (l >= 1 && l <= 4) t->add(Ch::kLanded, row.t, l == 1);
      };
    }
    if (n == "EKF_STATUS_REPORT") {
      int vel = field(s, {"velocity_variance"}), pos = field(s, {"pos_horiz_variance"}),
          hgt = field(s, {"pos_vert_variance"}), mag = field(s, {"compass_variance"});
      Target* t = r.target(Ch::kEkfVel, 2, n, "velocity_variance");
      t->name(Ch::kEkfPos, "pos_horiz_variance")->name(Ch::kEkfHgt, "pos_vert_variance");
      t->name(Ch::kEkfMag, "compass_variance");
      return [=](const Recorder::Row& row) {
        t->add(Ch::kEkfVel, row.t, row.get(vel));
        t->add(Ch::kEkfPos, row.t, row.get(pos));
        t->add(Ch::kEkfHgt, row.t, row.get(hgt));
        t->add(Ch::kEkfMag, row.t, row.get(mag));
      };
    }
    if (n == "VIBRATION") {
      int x = field(s, {"vibration_x"}), y = field(s, {"vibration_y"}),
          z = field(s, {"vibration_z"}), c0 = field(s, {"clipping_0"});
      Target* t = r.target(Ch::kVibration, 2, n, "vibration (max of vibration_x, y, z)");
      t->name(Ch::kClipping, "clipping_0, clipping_1, clipping_2");
      return [=](const Recorder::Row& row) {
        t->add(Ch::kVibration, row.t, std::fmax(row.get(x), std::fmax(row.get(y), row.get(z))));
        t->add(Ch::kClipping, row.t, row.get(c0) + row.get(c0 + 1) + row.get(c0 + 2));
      };
    }
    return {};
  }

  void finish(Recorder& r) override {
    Signals& s = r.signals();
    if (autopilot_ == kAutopilotPx4) {
      for (uint32_t m : modes_) s.mode_names.push_back({static_cast<int>(m), px4_mode(m)});
    } else {
      ardupilot_mode_names(vehicle_, &s);
    }
    if (vehicle_ == ArduVehicle::kSub || vehicle_ == ArduVehicle::kRover) s.aerial = false;
    s.fixed_wing = fixed_wing_;
    // A tlog's clock is the ground station's Unix time.
    if (!s.utc_offset_us && s.any_time && s.first_us > 946684800000000) s.utc_offset_us = 0;
  }

 private:
  Recorder::Feed heartbeat(const model::Schema& s, Recorder& r) {
    int type = field(s, {"type"}), ap = field(s, {"autopilot"}), base = field(s, {"base_mode"}),
        custom = field(s, {"custom_mode"}), status = field(s, {"system_status"});
    Target* armed = r.target(Ch::kArmed, 2, s.name, "armed (from base_mode bit 128)");
    Target* mode = r.target(Ch::kMode, 2, s.name, "custom_mode");
    Target* fs = r.target(Ch::kFailsafe, 2, s.name, "failsafe (from system_status 5, 6)");
    return [=, this](const Recorder::Row& row) {
      int t = static_cast<int>(row.get(type)), a = static_cast<int>(row.get(ap));
      if (t == kTypeGcs || a == kAutopilotInvalid) return;
      if (autopilot_ < 0) {
        autopilot_ = a;
        vehicle_ = family(t);
        fixed_wing_ = t == 1 || (t >= 19 && t <= 25);
      }
      armed->add(Ch::kArmed, row.t, (static_cast<int>(row.get(base)) & 128) != 0);
      double cm = row.get(custom);
      mode->add(Ch::kMode, row.t, cm);
      if (cm >= 0) modes_.insert(static_cast<uint32_t>(cm));
      // MAV_STATE_CRITICAL (5) and EMERGENCY (6): ArduPilot reports a failsafe this way.
      double st = row.get(status);
      fs->add(Ch::kFailsafe, row.t, st == 5 || st == 6);
    };
  }

  int sysid_ = -1;
  int autopilot_ = -1;
  double integrity_id_ = NAN;  // the GNSS receiver whose GNSS_INTEGRITY counts
  bool fixed_wing_ = false;
  ArduVehicle vehicle_ = ArduVehicle::kUnknown;
  std::set<uint32_t> modes_;
};

}  // namespace

std::unique_ptr<Dialect> make_mavlink_dialect() { return std::make_unique<Mavlink>(); }

}  // namespace skykeep::analysis
