// PX4-style topics for synthesized ULog files.
#include <cmath>
#include <cstdio>
#include <map>

#include "formats/ulog/ulog_internal.h"
#include "synth/emitter_internal.h"

namespace skykeep::synth {
namespace {

// Formats as PX4 logs them (fields ordered by size, explicit padding), one nested type.
const char* const kFormats[] = {
    "vehicle_status:uint64_t timestamp;uint64_t armed_time;uint64_t takeoff_time;uint8_t "
    "arming_state;uint8_t nav_state;uint8_t vehicle_type;bool failsafe;bool "
    "rc_signal_lost;uint8_t[3] _padding0;",
    "vehicle_gps_position:uint64_t timestamp;uint64_t time_utc_usec;int32_t lat;int32_t "
    "lon;int32_t alt;float eph;float epv;float vel_m_s;float vel_n_m_s;float vel_e_m_s;float "
    "vel_d_m_s;float cog_rad;int32_t noise_per_ms;int32_t jamming_indicator;uint8_t "
    "fix_type;uint8_t satellites_used;uint8_t jamming_state;uint8_t spoofing_state;uint8_t[4] "
    "_padding0;",
    "vehicle_global_position:uint64_t timestamp;double lat;double lon;float alt;float vel_n;float "
    "vel_e;float vel_d;float eph;float epv;",
    "vehicle_local_position:uint64_t timestamp;double ref_lat;double ref_lon;float x;float y;float "
    "z;float vx;float vy;float vz;float heading;float ref_alt;bool xy_valid;bool "
    "z_valid;uint8_t[6] _padding0;",
    "vehicle_attitude:uint64_t timestamp;float[4] q;float rollspeed;float pitchspeed;float "
    "yawspeed;uint8_t[4] _padding0;",
    "battery_status:uint64_t timestamp;float voltage_v;float current_a;float discharged_mah;float "
    "remaining;float temperature;uint8_t cell_count;bool connected;uint8_t warning;char[9] "
    "serial_number;uint8_t[4] _padding0;",
    "sensor_combined:uint64_t timestamp;float[3] gyro_rad;uint32_t gyro_integral_dt;int32_t "
    "accelerometer_timestamp_relative;float[3] accelerometer_m_s2;uint32_t "
    "accelerometer_integral_dt;uint8_t accelerometer_clipping;uint8_t[3] _padding0;",
    "sensor_accel:uint64_t timestamp;uint32_t device_id;float x;float y;float z;float "
    "temperature;uint8_t[4] _padding0;",
    "vehicle_land_detected:uint64_t timestamp;bool landed;bool maybe_landed;bool "
    "ground_contact;uint8_t[5] _padding0;",
    "position_setpoint:uint64_t timestamp;double lat;double lon;float alt;float yaw;bool "
    "valid;uint8_t type;uint8_t[6] _padding0;",
    "position_setpoint_triplet:uint64_t timestamp;position_setpoint previous;position_setpoint "
    "current;position_setpoint next;",
    "vehicle_vibration:uint64_t timestamp;float[3] vibration;uint8_t[4] _padding0;",
};

uint8_t nav_state(Mode m) {
  switch (m) {
    case Mode::kManual:
      return 0;
    case Mode::kPosition:
      return 2;
    case Mode::kMission:
      return 3;
    case Mode::kReturn:
      return 5;
    case Mode::kTakeoff:
      return 17;
    case Mode::kLand:
      return 18;
  }
  return 2;
}

class UlogEmitter final : public Emitter {
 public:
  using Emitter::Emitter;

  void begin() override {
    sink_.on_format(model::Format::kULog);
    sink_.on_start_time(0);
    std::map<std::string, ulog::FormatDef, std::less<>> defs;
    for (const char* f : kFormats) {
      sink_.on_native_definition(f);
      auto d = ulog::parse_format(f);
      defs.emplace(std::string(d->name), *d);
    }
    char sw[41];
    std::snprintf(sw, sizeof sw, "%016llx%016llx%08x",
                  static_cast<unsigned long long>(opt_.seed * 0x9E3779B97F4A7C15ull),
                  static_cast<unsigned long long>(opt_.seed), 0x5ca1ab1eu);
    auto info = [&](const char* key, const std::string& type, model::InfoValue v) {
      sink_.on_info({key, type, std::move(v), false, false});
    };
    info("sys_name", "char[3]", std::string("PX4"));
    info("ver_hw", "char[11]", std::string("PX4_FMU_V6X"));
    info("ver_sw", "char[40]", std::string(sw));
    info("ver_sw_release", "uint32_t", int64_t{0x010F00FF});
    info("sys_os_name", "char[5]", std::string("NuttX"));
    info("sys_uuid", "char[" + std::to_string(opt_.vehicle_serial.size()) + "]",
         opt_.vehicle_serial);
    info("time_ref_utc", "int32_t", int64_t{0});
    sink_.on_info(
        {"boot_console_output", "char[22]", std::string("NuttShell (NSH) 10.3.0"), true, false});
    sink_.on_info(
        {"boot_console_output", "char[15]", std::string("\nINFO  [init] ok"), true, true});
    sink_.on_info({"pilot_note", "char[" + std::to_string(opt_.pilot_note.size()) + "]",
                   opt_.pilot_note, false, false});

    auto topic = [&](const char* name, uint32_t instance) {
      std::string err;
      return add(ulog::schema_of(name, instance, *ulog::flatten(defs, name, &err)));
    };
    status_ = topic("vehicle_status", 0);
    gps_ = topic("vehicle_gps_position", 0);
    global_ = topic("vehicle_global_position", 0);
    local_ = topic("vehicle_local_position", 0);
    att_ = topic("vehicle_attitude", 0);
    bat_ = topic("battery_status", 0);
    imu_ = topic("sensor_combined", 0);
    accel0_ = topic("sensor_accel", 0);
    accel1_ = topic("sensor_accel", 1);
    land_ = topic("vehicle_land_detected", 0);
    sp_ = topic("position_setpoint_triplet", 0);
    vib_ = topic("vehicle_vibration", 0);

    auto param = [&](const char* n, double v, bool is_int) { sink_.on_param({n, v, is_int}); };
    param("MAV_TYPE", 2, true);
    param("SYS_AUTOSTART", 4001, true);
    param("BAT1_N_CELLS", 4, true);
    param("BAT1_CAPACITY", 5200, false);
    param("MPC_XY_CRUISE", 10, false);
    param("MIS_TAKEOFF_ALT", 40, false);
    param("COM_DISARM_LAND", 2, false);
    param("RTL_RETURN_ALT", 40, false);
    sink_.on_default_param({{"MPC_XY_CRUISE", 5, false}, 1});
    sink_.on_default_param({{"COM_DISARM_LAND", 2, false}, 3});
  }

  void tick(const State& s, const Flight& f) override {
    int64_t t = s.t_us;
    Record& imu = rec(imu_);
    imu.set("gyro_rad[0]", s.p);
    imu.set("gyro_rad[1]", s.q);
    imu.set("gyro_rad[2]", s.r);
    imu.set("gyro_integral_dt", 5000);
    imu.set("accelerometer_m_s2[0]", s.ax);
    imu.set("accelerometer_m_s2[1]", s.ay);
    imu.set("accelerometer_m_s2[2]", s.az);
    imu.set("accelerometer_integral_dt", 5000);
    emit(imu_, t);
    if (every(t, 100)) {
      Record& a = rec(att_);
      double cr = std::cos(s.roll / 2), sr = std::sin(s.roll / 2), cp = std::cos(s.pitch / 2),
             sp = std::sin(s.pitch / 2), cy = std::cos(s.yaw / 2), sy = std::sin(s.yaw / 2);
      a.set("q[0]", cr * cp * cy + sr * sp * sy);
      a.set("q[1]", sr * cp * cy - cr * sp * sy);
      a.set("q[2]", cr * sp * cy + sr * cp * sy);
      a.set("q[3]", cr * cp * sy - sr * sp * cy);
      a.set("rollspeed", s.p);
      a.set("pitchspeed", s.q);
      a.set("yawspeed", s.r);
      emit(att_, t);
    }
    if (every(t, 50)) {
      for (uint32_t id : {accel0_, accel1_}) {
        Record& r = rec(id);
        r.set("device_id", id == accel0_ ? 2621474 : 3932194);
        r.set("x", s.ax);
        r.set("y", s.ay);
        r.set("z", s.az);
        r.set("temperature", 41.5);
        emit(id, t + (id == accel1_ ? 120 : 0));
      }
      Record& l = rec(local_);
      l.set("ref_lat", f.home_lat());
      l.set("ref_lon", f.home_lon());
      l.set("ref_alt", f.home_alt());
      l.set("x", s.x);
      l.set("y", s.y);
      l.set("z", s.z);
      l.set("vx", s.vn);
      l.set("vy", s.ve);
      l.set("vz", s.vd);
      l.set("heading", s.yaw);
      l.set("xy_valid", s.gps_fix);
      l.set("z_valid", 1);
      emit(local_, t);
    }
    if (every(t, 10)) {  // PX4 publishes the receiver's reports with or without a fix
      Record& g = rec(gps_);
      g.set("time_utc_usec", s.gps_fix ? static_cast<double>(opt_.utc_start_us + t) : 0.0);
      g.set("lat", s.gps_fix ? std::round(s.lat * 1e7) : 0);
      g.set("lon", s.gps_fix ? std::round(s.lon * 1e7) : 0);
      g.set("alt", s.gps_fix ? std::round(s.alt_amsl * 1000) : 0);
      g.set("eph", s.eph);
      g.set("epv", s.epv);
      g.set("vel_m_s", std::hypot(s.vn, s.ve));
      g.set("vel_n_m_s", s.vn);
      g.set("vel_e_m_s", s.ve);
      g.set("vel_d_m_s", s.vd);
      g.set("cog_rad", std::atan2(s.ve, s.vn));
      g.set("fix_type", s.gps_fix ? 3 : 1);
      g.set("satellites_used", s.satellites);
      g.set("jamming_state", s.jamming);
      g.set("spoofing_state", s.spoofing);
      g.set("jamming_indicator", std::round(s.jamming_indicator));
      g.set("noise_per_ms", std::round(s.noise_per_ms));
      emit(gps_, t);
    }
    if (every(t, 10) && s.gps_fix) {
      Record& p = rec(global_);
      p.set("lat", s.lat);
      p.set("lon", s.lon);
      p.set("alt", s.alt_amsl);
      p.set("vel_n", s.vn);
      p.set("vel_e", s.ve);
      p.set("vel_d", s.vd);
      p.set("eph", s.eph);
      p.set("epv", s.epv);
      emit(global_, t);
    }
    if (every(t, 5)) {
      Record& b = rec(bat_);
      b.set("voltage_v", s.voltage);
      b.set("current_a", s.current);
      b.set("discharged_mah", s.consumed_mah);
      b.set("remaining", s.remaining);
      b.set("temperature", 31.0);
      b.set("cell_count", 4);
      b.set("connected", 1);
      b.set("warning", s.battery_warning);
      b.set_text("serial_number", opt_.vehicle_serial.substr(0, 9));
      emit(bat_, t);
      Record& v = rec(vib_);
      v.set("vibration[0]", s.vibration);
      v.set("vibration[1]", s.vibration * 0.9);
      v.set("vibration[2]", s.vibration * 1.3);
      emit(vib_, t);
    }
    if (every(t, 2)) {
      Record& st = rec(status_);
      st.set("armed_time", s.armed ? static_cast<double>(f.arm_us()) : 0.0);
      st.set("arming_state", s.armed ? 2 : 1);
      st.set("nav_state", nav_state(s.mode));
      st.set("vehicle_type", 1);
      emit(status_, t);
      Record& ld = rec(land_);
      ld.set("landed", !s.in_air);
      ld.set("maybe_landed", !s.in_air);
      ld.set("ground_contact", !s.in_air);
      emit(land_, t);
      Record& sp = rec(sp_);
      sp.set("current.timestamp", static_cast<double>(t));
      sp.set("current.lat", f.home_lat());
      sp.set("current.lon", f.home_lon());
      sp.set("current.alt", f.home_alt() + 40);
      sp.set("current.valid", 1);
      sp.set("current.type", s.mode == Mode::kLand ? 4 : 0);
      emit(sp_, t);
    }
  }

  void text(int64_t t, int severity, const std::string& msg) override {
    model::TextMessage m;
    m.time_us = t;
    m.severity = static_cast<uint8_t>(severity);
    m.text = msg;
    sink_.on_text(m);
  }

  void armed(const State& s, bool armed) override {
    Record& st = rec(status_);
    st.set("armed_time", armed ? static_cast<double>(s.t_us) : 0.0);
    st.set("arming_state", armed ? 2 : 1);
    st.set("nav_state", nav_state(s.mode));
    st.set("vehicle_type", 1);
    emit(status_, s.t_us);
  }

  void mode(const State& s, Mode m) override {
    Record& st = rec(status_);
    st.set("nav_state", nav_state(m));
    st.set("arming_state", s.armed ? 2 : 1);
    emit(status_, s.t_us);
  }

  void param_change(int64_t t, const std::string& name, double v) override {
    sink_.on_param_change({t, {name, v, false}});
  }
  void dropout(int64_t t, uint32_t ms) override { sink_.on_dropout({t, ms}); }

 private:
  uint32_t status_ = 0, gps_ = 0, global_ = 0, local_ = 0, att_ = 0, bat_ = 0, imu_ = 0;
  uint32_t accel0_ = 0, accel1_ = 0, land_ = 0, sp_ = 0, vib_ = 0;
};

}  // namespace

std::unique_ptr<Emitter> make_ulog_emitter(formats::Sink& sink, const Options& o) {
  return std::make_unique<UlogEmitter>(sink, o);
}

}  // namespace skykeep::synth
