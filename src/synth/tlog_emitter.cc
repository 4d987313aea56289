// ArduCopter telemetry as a ground station records it, for synthesized tlogs.
#include <cmath>
#include <cstring>
#include <map>

#include "formats/mavlink/dialect.h"
#include "formats/param_tracker.h"
#include "synth/emitter_internal.h"

namespace skykeep::synth {
namespace {

class TlogEmitter final : public Emitter {
 public:
  using Emitter::Emitter;

  void begin() override {
    sink_.on_format(model::Format::kTlog);
    hb_ = msg("HEARTBEAT", 1, 1);
    gcs_hb_ = msg("HEARTBEAT", 255, 190);
    sys_ = msg("SYS_STATUS", 1, 1);
    gps_ = msg("GPS_RAW_INT", 1, 1);
    pos_ = msg("GLOBAL_POSITION_INT", 1, 1);
    att_ = msg("ATTITUDE", 1, 1);
    hud_ = msg("VFR_HUD", 1, 1);
    bat_ = msg("BATTERY_STATUS", 1, 1);
    text_ = msg("STATUSTEXT", 1, 1);
    ext_ = msg("EXTENDED_SYS_STATE", 1, 1);
    home_ = msg("HOME_POSITION", 1, 1);
    param_ = msg("PARAM_VALUE", 1, 1);
    cmd_ = msg("COMMAND_LONG", 255, 190);
    ack_ = msg("COMMAND_ACK", 1, 1);
    mis_ = msg("MISSION_CURRENT", 1, 1);
    rc_ = msg("RC_CHANNELS", 1, 1);
    servo_ = msg("SERVO_OUTPUT_RAW", 1, 1);
    ekf_ = msg("EKF_STATUS_REPORT", 1, 1);
    vib_ = msg("VIBRATION", 1, 1);
    ver_ = msg("AUTOPILOT_VERSION", 1, 1);
    integrity_ = msg("GNSS_INTEGRITY", 1, 1);
  }

  void tick(const State& s, const Flight& f) override {
    int64_t t = s.t_us, u = opt_.utc_start_us + t;
    int64_t boot_ms = t / 1000;  // time_boot_ms counts whole milliseconds
    if (!started_) {
      started_ = true;
      Record& v = rec(ver_);
      v.set("capabilities", 0xFFEF);
      v.set("flight_sw_version", (4u << 24) | (5u << 16) | (7u << 8) | 255u);
      v.set("board_version", 140u << 16);
      v.set("vendor_id", 0x2DAE);
      v.set("product_id", 0x1016);
      uint64_t uid = 0;
      for (char c : opt_.vehicle_serial) uid = uid * 131 + static_cast<unsigned char>(c);
      v.set("uid", static_cast<double>(uid >> 11));
      emit(ver_, u);
      const std::pair<const char*, double> params[] = {
          {"FRAME_CLASS", 1}, {"BATT_CAPACITY", 5200}, {"WPNAV_SPEED", 1000}, {"RTL_ALT", 4000},
          {"LAND_SPEED", 50}, {"FS_BATT_ENABLE", 2},   {"ARMING_CHECK", 1}};
      int i = 0;
      for (const auto& [n, val] : params) {
        param(u + int64_t{1000} * i, n, val, i, 7);
        ++i;
      }
    }
    if (every(t, 1)) {
      heartbeat(s, u);
      Record& g = rec(gcs_hb_);
      g.set("type", 6);
      g.set("autopilot", 8);
      g.set("mavlink_version", 3);
      emit(gcs_hb_, u + 50);
      Record& b = rec(bat_);
      b.set("id", 0);
      b.set("battery_function", 1);
      b.set("type", 1);
      b.set("temperature", 31);
      for (int c = 0; c < 4; ++c) b.set("voltages[" + std::to_string(c) + "]", s.voltage / 4);
      for (int c = 4; c < 10; ++c) b.set("voltages[" + std::to_string(c) + "]", 65.535);
      b.set("current_battery", s.current);
      b.set("current_consumed", s.consumed_mah);
      b.set("energy_consumed", s.consumed_mah * 15.2 * 36 / 1000);
      b.set("battery_remaining", s.remaining * 100);
      b.set("charge_state", 1 + s.battery_warning);
      emit(bat_, u + 100);
      Record& e = rec(ext_);
      e.set("landed_state", s.in_air ? 2 : 1);
      emit(ext_, u + 150);
      Record& m = rec(mis_);
      m.set("seq", s.mode == Mode::kMission ? static_cast<double>(1 + (t / 20000000) % 8) : 0.0);
      m.set("total", 9);
      emit(mis_, u + 200);
      // The receiver's integrity report (MAVLink's development dialect), once a second.
      Record& gi = rec(integrity_);
      gi.set("id", 0);
      gi.set("authentication_state", 0);  // unknown
      gi.set("jamming_state", s.jamming);
      gi.set("spoofing_state", s.spoofing);
      gi.set("raim_state", 0);      // unknown
      gi.set("raim_hfom", 655.35);  // UINT16_MAX cm: not available
      gi.set("raim_vfom", 655.35);
      for (const char* q : {"corrections_quality", "system_status_summary", "gnss_signal_quality",
                            "post_processing_quality"})
        gi.set(q, 255);  // not available
      emit(integrity_, u + 220);
    }
    if (every(t, 0.1) && s.gps_fix) {
      Record& h = rec(home_);
      h.set("latitude", f.home_lat());
      h.set("longitude", f.home_lon());
      h.set("altitude", f.home_alt());
      h.set("q[0]", 1);
      emit(home_, u + 250);
    }
    if (every(t, 2)) {
      Record& sy = rec(sys_);
      sy.set("onboard_control_sensors_present", 0x1200FC2F);
      sy.set("onboard_control_sensors_enabled", 0x1200FC2F);
      sy.set("onboard_control_sensors_health", 0x1200FC2F);
      sy.set("load", 38.5);
      sy.set("voltage_battery", s.voltage);
      sy.set("current_battery", s.current);
      sy.set("battery_remaining", s.remaining * 100);
      emit(sys_, u + 300);
      Record& k = rec(ekf_);
      k.set("flags", 0x3FF);
      k.set("velocity_variance", 0.05);
      k.set("pos_horiz_variance", 0.03);
      k.set("pos_vert_variance", 0.02);
      k.set("compass_variance", 0.04);
      emit(ekf_, u + 350);
      Record& v = rec(vib_);
      v.set("time_usec", static_cast<double>(t));
      v.set("vibration_x", s.vibration * 10);
      v.set("vibration_y", s.vibration * 9);
      v.set("vibration_z", s.vibration * 13);
      emit(vib_, u + 400);
    }
    if (every(t, 5)) {
      Record& g = rec(gps_);
      g.set("time_usec", static_cast<double>(opt_.utc_start_us + t));
      g.set("fix_type", s.gps_fix ? 3 : 1);
      g.set("lat", s.gps_fix ? s.lat : 0);
      g.set("lon", s.gps_fix ? s.lon : 0);
      g.set("alt", s.gps_fix ? s.alt_amsl : 0);
      g.set("eph", s.eph * 100);
      g.set("epv", s.epv * 100);
      g.set("vel", std::hypot(s.vn, s.ve));
      g.set("cog", std::fmod(std::atan2(s.ve, s.vn) * 180 / kPi + 360, 360));
      g.set("satellites_visible", s.satellites);
      emit(gps_, u + 450);
      Record& r = rec(rc_);
      r.set("time_boot_ms", static_cast<double>(boot_ms));
      r.set("chancount", 8);
      for (int c = 1; c <= 8; ++c)
        r.set("chan" + std::to_string(c) + "_raw", c == 3 ? 1000 + 1000 * s.throttle : 1500);
      r.set("rssi", 254);
      emit(rc_, u + 500);
    }
    if (every(t, 10)) {
      Record& p = rec(pos_);
      p.set("time_boot_ms", static_cast<double>(boot_ms));
      p.set("lat", s.lat);
      p.set("lon", s.lon);
      p.set("alt", s.alt_amsl);
      p.set("relative_alt", s.alt_rel);
      p.set("vx", s.vn);
      p.set("vy", s.ve);
      p.set("vz", s.vd);
      p.set("hdg", std::fmod(s.yaw * 180 / kPi + 360, 360));
      emit(pos_, u + 550);
      Record& h = rec(hud_);
      h.set("airspeed", std::hypot(s.vn, s.ve));
      h.set("groundspeed", std::hypot(s.vn, s.ve));
      h.set("heading", std::fmod(s.yaw * 180 / kPi + 360, 360));
      h.set("throttle", s.throttle * 100);
      h.set("alt", s.alt_amsl);
      h.set("climb", -s.vd);
      emit(hud_, u + 600);
      Record& o = rec(servo_);
      o.set("time_usec", static_cast<double>(t));
      for (int c = 1; c <= 4; ++c)
        o.set("servo" + std::to_string(c) + "_raw", 1000 + 1000 * s.throttle);
      emit(servo_, u + 650);
    }
    if (every(t, 20)) {
      Record& a = rec(att_);
      a.set("time_boot_ms", static_cast<double>(boot_ms));
      a.set("roll", s.roll);
      a.set("pitch", s.pitch);
      a.set("yaw", s.yaw);
      a.set("rollspeed", s.p);
      a.set("pitchspeed", s.q);
      a.set("yawspeed", s.r);
      emit(att_, u + 700);
    }
  }

  void text(int64_t t, int severity, const std::string& m) override {
    std::string body = m;
    if (!body.empty() && body[0] == '[') body = body.substr(body.find(']') + 2);
    Record& r = rec(text_);
    r.set("severity", severity);
    r.set_text("text", body);
    emit(text_, opt_.utc_start_us + t + 800);
    model::TextMessage msg;
    msg.time_us = opt_.utc_start_us + t + 800;
    msg.severity = static_cast<uint8_t>(severity);
    msg.text = body.substr(0, 50);
    msg.tag = 0x0101;
    sink_.on_text(msg);
  }

  void armed(const State& s, bool armed) override {
    int64_t u = opt_.utc_start_us + s.t_us;
    Record& c = rec(cmd_);
    c.set("target_system", 1);
    c.set("target_component", 1);
    c.set("command", 400);  // MAV_CMD_COMPONENT_ARM_DISARM
    c.set("param1", armed ? 1 : 0);
    emit(cmd_, u - 20000);
    Record& a = rec(ack_);
    a.set("command", 400);
    a.set("result", 0);
    emit(ack_, u - 10000);
    heartbeat(s, u);
  }

  void mode(const State& s, Mode) override { heartbeat(s, opt_.utc_start_us + s.t_us); }

  void param_change(int64_t t, const std::string& name, double v) override {
    param(opt_.utc_start_us + t, name == "MPC_XY_CRUISE" ? "WPNAV_SPEED" : name,
          name == "MPC_XY_CRUISE" ? v * 100 : v, 2, 7);
  }

 private:
  uint32_t msg(const char* name, uint8_t sysid, uint8_t compid) {
    const mavlink::MessageDef* def = mavlink::Dialect::builtin().find(name);
    model::Schema s;
    s.name = def->name;
    s.instance = instances_[def->name]++;
    s.fields = def->fields;
    s.payload_size = def->max_length;
    s.native_id = def->id;
    s.crc_extra = def->crc_extra;
    s.source = static_cast<uint32_t>(sysid) << 8 | compid;
    s.native_format = "v2";
    return add(std::move(s));
  }

  void heartbeat(const State& s, int64_t u) {
    Record& h = rec(hb_);
    h.set("type", 2);
    h.set("autopilot", 3);
    h.set("base_mode", 0x59 | (s.armed ? 0x80 : 0));
    h.set("custom_mode", arducopter_mode(s.mode));
    h.set("system_status", s.armed ? 4 : 3);
    h.set("mavlink_version", 3);
    emit(hb_, u);
  }

  void param(int64_t u, const std::string& name, double v, int index, int count) {
    Record& p = rec(param_);
    p.set_text("param_id", name);
    p.set("param_value", v);
    p.set("param_type", 9);
    p.set("param_count", count);
    p.set("param_index", index);
    emit(param_, u);
    params_.see(sink_, u, {name, v, false});
  }

  std::map<std::string, uint32_t> instances_;
  formats::ParamTracker params_;
  bool started_ = false;
  uint32_t hb_ = 0, gcs_hb_ = 0, sys_ = 0, gps_ = 0, pos_ = 0, att_ = 0, hud_ = 0, bat_ = 0;
  uint32_t text_ = 0, ext_ = 0, home_ = 0, param_ = 0, cmd_ = 0, ack_ = 0, mis_ = 0, rc_ = 0;
  uint32_t servo_ = 0, ekf_ = 0, vib_ = 0, ver_ = 0, integrity_ = 0;
};

}  // namespace

std::unique_ptr<Emitter> make_tlog_emitter(formats::Sink& sink, const Options& o) {
  return std::make_unique<TlogEmitter>(sink, o);
}

}  // namespace skykeep::synth
