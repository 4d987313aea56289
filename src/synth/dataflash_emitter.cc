// ArduCopter-style records for synthesized DataFlash logs.
#include <cmath>
#include <cstdio>
#include <map>

#include "formats/dataflash/dataflash_internal.h"
#include "formats/param_tracker.h"
#include "synth/emitter_internal.h"

namespace skykeep::synth {
namespace {

constexpr double kDeg = kDegreesPerRadian;

class DataflashEmitter final : public Emitter {
 public:
  using Emitter::Emitter;

  void begin() override {
    sink_.on_format(model::Format::kDataFlash);
    parm_ = type(64, "PARM", "QNff", "TimeUS,Name,Value,Default", "-----");
    msg_ = type(91, "MSG", "QZ", "TimeUS,Message", "s-");
    ver_ = type(61, "VER", "QBHBBBBIZH", "TimeUS,BT,BST,Maj,Min,Pat,FWT,GH,FWS,APJ", "s---------");
    mode_ = type(32, "MODE", "QMBB", "TimeUS,Mode,ModeNum,Rsn", "s---");
    ev_ = type(33, "EV", "QB", "TimeUS,Id", "s-");
    arm_ = type(34, "ARM", "QbIbB", "TimeUS,ArmState,ArmChecks,Forced,Method", "s----");
    gps_ =
        type(130, "GPS", "QBBIHBcLLeffffB",
             "TimeUS,I,Status,GMS,GWk,NSats,HDop,Lat,Lng,Alt,Spd,GCrs,VZ,Yaw,U", "s#---S-DUmnhnh-");
    att_ = type(35, "ATT", "QccccCCCCB",
                "TimeUS,DesRoll,Roll,DesPitch,Pitch,DesYaw,Yaw,ErrRP,ErrYaw,AEKF", "sddddhhdh-");
    bat_ = type(147, "BAT", "QBfffffcfBB",
                "TimeUS,Inst,Volt,VoltR,Curr,CurrTot,EnrgTot,Temp,Res,RemPct,H", "s#vvAaXOw%-");
    imu_ = type(131, "IMU", "QBffffffIIfBBHH",
                "TimeUS,I,GyrX,GyrY,GyrZ,AccX,AccY,AccZ,EG,EA,T,GH,AH,GHz,AHz", "s#EEEooo--O--zz");
    ctun_ = type(36, "CTUN", "Qffffffcc", "TimeUS,ThI,ThO,ThH,DAlt,Alt,BAlt,DCRt,CRt", "s---mmmnn");
    baro_ = type(132, "BARO", "QBffcf", "TimeUS,I,Alt,Press,Temp,CRt", "s#mPOn");
    pos_ = type(37, "POS", "QLLfff", "TimeUS,Lat,Lng,Alt,RelHomeAlt,RelOriginAlt", "sDUmmm");
    vibe_ = type(38, "VIBE", "QBfffI", "TimeUS,IMU,VibeX,VibeY,VibeZ,Clip", "s#----");
    rcou_ = type(39, "RCOU", "QHHHH", "TimeUS,C1,C2,C3,C4", "sYYYY");
    ubx1_ = type(99, "UBX1", "QBHBBHI", "TimeUS,Instance,noisePerMS,jamInd,aPower,agcCnt,config",
                 "s#-----");

    Record& v = rec(ver_);
    v.set("BT", 3);
    v.set("BST", 0);
    v.set("Maj", 4);
    v.set("Min", 5);
    v.set("Pat", 7);
    v.set("FWT", 255);
    v.set("GH", 0x2a1b3c4d);
    v.set_text("FWS", "ArduCopter V4.5.7 (2a1b3c4d)");
    v.set("APJ", 140);
    emit(ver_, 0);
    message(0, "ArduCopter V4.5.7 (2a1b3c4d)");
    message(0, "ChibiOS: 6ea2d5d2");
    // ArduPilot names the board and its 96-bit unique id: here one derived from the serial.
    uint64_t h = 1469598103934665603ull;
    for (char c : opt_.vehicle_serial) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    char id[40];
    std::snprintf(id, sizeof id, "%08X %08X %08X", static_cast<unsigned>(h >> 32),
                  static_cast<unsigned>(h), static_cast<unsigned>((h * 31) >> 40));
    message(0, std::string("CubeOrange ") + id);
    message(0, "Frame: QUAD/X");
    message(0, opt_.pilot_note);
    const std::pair<const char*, double> params[] = {
        {"FRAME_CLASS", 1}, {"FRAME_TYPE", 1},  {"BATT_CAPACITY", 5200}, {"WPNAV_SPEED", 1000},
        {"RTL_ALT", 4000},  {"LAND_SPEED", 50}, {"FS_BATT_ENABLE", 2},   {"ARMING_CHECK", 1}};
    for (const auto& [n, val] : params) parm(0, n, val);
  }

  void tick(const State& s, const Flight&) override {
    int64_t t = s.t_us;
    if (every(t, 200)) {
      for (int i = 0; i < 2; ++i) {
        Record& r = rec(imu_);
        r.set("I", i);
        r.set("GyrX", s.p);
        r.set("GyrY", s.q);
        r.set("GyrZ", s.r);
        r.set("AccX", s.ax);
        r.set("AccY", s.ay);
        r.set("AccZ", s.az);
        r.set("T", 41.5 + i);
        r.set("GH", 1);
        r.set("AH", 1);
        r.set("GHz", 1000);
        r.set("AHz", 1000);
        emit(imu_, t + int64_t{i} * 100);
      }
    }
    if (every(t, 25)) {
      Record& a = rec(att_);
      a.set("DesRoll", s.roll * kDeg);
      a.set("Roll", s.roll * kDeg);
      a.set("DesPitch", s.pitch * kDeg);
      a.set("Pitch", s.pitch * kDeg);
      double yaw = std::fmod(s.yaw * kDeg + 360, 360);
      a.set("DesYaw", yaw);
      a.set("Yaw", yaw);
      a.set("AEKF", 3);
      emit(att_, t);
      Record& r = rec(rcou_);
      double pwm = 1000 + 1000 * s.throttle;
      r.set("C1", pwm);
      r.set("C2", pwm + 5);
      r.set("C3", pwm - 5);
      r.set("C4", pwm);
      emit(rcou_, t);
    }
    if (every(t, 10)) {
      Record& c = rec(ctun_);
      c.set("ThI", s.throttle);
      c.set("ThO", s.throttle);
      c.set("ThH", 0.45);
      c.set("DAlt", s.alt_rel);
      c.set("Alt", s.alt_rel);
      c.set("BAlt", s.alt_rel + 0.2);
      c.set("DCRt", -s.vd);
      c.set("CRt", -s.vd);
      emit(ctun_, t);
      Record& b = rec(baro_);
      b.set("I", 0);
      b.set("Alt", s.alt_rel + 0.2);
      b.set("Press", 101325 * std::exp(-s.alt_amsl / 8434.5));
      b.set("Temp", 25.0);
      b.set("CRt", -s.vd);
      emit(baro_, t);
      Record& v = rec(vibe_);
      v.set("IMU", 0);
      v.set("VibeX", s.vibration * 10);
      v.set("VibeY", s.vibration * 9);
      v.set("VibeZ", s.vibration * 13);
      emit(vibe_, t);
      if (s.gps_fix) {
        Record& p = rec(pos_);
        p.set("Lat", s.lat);
        p.set("Lng", s.lon);
        p.set("Alt", s.alt_amsl);
        p.set("RelHomeAlt", s.alt_rel);
        p.set("RelOriginAlt", s.alt_rel);
        emit(pos_, t);
      }
    }
    if (every(t, 5)) {
      Record& g = rec(gps_);
      double utc_s = static_cast<double>(opt_.utc_start_us + t) / 1e6 + 18 - 315964800.0;
      double week = std::floor(utc_s / 604800);
      g.set("I", 0);
      g.set("Status", s.gps_fix ? 3 : 1);
      g.set("GMS", s.gps_fix ? std::fmod(utc_s, 604800) * 1000 : 0);
      g.set("GWk", s.gps_fix ? week : 0);
      g.set("NSats", s.satellites);
      g.set("HDop", s.gps_fix ? s.eph : 99.99);
      g.set("Lat", s.gps_fix ? s.lat : 0);
      g.set("Lng", s.gps_fix ? s.lon : 0);
      g.set("Alt", s.gps_fix ? s.alt_amsl : 0);
      g.set("Spd", std::hypot(s.vn, s.ve));
      g.set("GCrs", std::fmod(std::atan2(s.ve, s.vn) * kDeg + 360, 360));
      g.set("VZ", s.vd);
      g.set("U", 1);
      emit(gps_, t);
    }
    if (every(t, 1)) {  // the u-blox receiver's hardware status (MON-HW)
      Record& u = rec(ubx1_);
      u.set("Instance", 0);
      u.set("noisePerMS", std::round(s.noise_per_ms));
      u.set("jamInd", std::round(s.jamming_indicator));
      u.set("aPower", 1);  // antenna powered
      u.set("agcCnt", s.jamming > 1 ? 900 : 1850);
      emit(ubx1_, t);
    }
    if (every(t, 10)) {
      Record& b = rec(bat_);
      b.set("Inst", 0);
      b.set("Volt", s.voltage);
      b.set("VoltR", s.voltage + s.current * 0.02);
      b.set("Curr", s.current);
      b.set("CurrTot", s.consumed_mah);
      b.set("EnrgTot", s.consumed_mah * 15.2 / 1000);
      b.set("Temp", 31.0);
      b.set("Res", 0.02);
      b.set("RemPct", s.remaining * 100);
      emit(bat_, t);
    }
  }

  void text(int64_t t, int, const std::string& msg) override {
    // ArduPilot's messages have no "[module]" prefix.
    std::string m = msg;
    if (!m.empty() && m[0] == '[') m = m.substr(m.find(']') + 2);
    message(t, m);
  }

  void armed(const State& s, bool armed) override {
    Record& a = rec(arm_);
    a.set("ArmState", armed);
    a.set("ArmChecks", 0xFFFF);
    a.set("Forced", 0);
    a.set("Method", 1);
    emit(arm_, s.t_us);
    rec(ev_).set("Id", armed ? 10 : 11);
    emit(ev_, s.t_us);
  }

  void mode(const State& s, Mode m) override {
    Record& r = rec(mode_);
    r.set("Mode", arducopter_mode(m));
    r.set("ModeNum", arducopter_mode(m));
    r.set("Rsn", 2);
    emit(mode_, s.t_us);
  }

  void param_change(int64_t t, const std::string& name, double v) override {
    parm(t, name == "MPC_XY_CRUISE" ? "WPNAV_SPEED" : name, name == "MPC_XY_CRUISE" ? v * 100 : v);
  }

 private:
  uint32_t type(uint8_t id, const char* name, const char* format, const char* columns,
                const char* units) {
    model::Schema s;
    s.name = name;
    s.native_format = format;
    s.native_id = id;
    auto size = dataflash::layout(format, columns, &s.fields, &s.time);
    s.payload_size = *size;
    // Unit letters as ArduPilot uses them, for the fields that have one.
    static const std::pair<char, const char*> kUnits[] = {{'#', "instance"},
                                                          {'m', "m"},
                                                          {'n', "m/s"},
                                                          {'d', "deg"},
                                                          {'h', "degheading"},
                                                          {'v', "V"},
                                                          {'A', "A"},
                                                          {'a', "Ah"},
                                                          {'%', "%"},
                                                          {'D', "deglatitude"},
                                                          {'U', "deglongitude"},
                                                          {'O', "degC"},
                                                          {'E', "rad/s"},
                                                          {'o', "m/s/s"},
                                                          {'P', "Pa"},
                                                          {'S', "satellites"},
                                                          {'z', "Hz"},
                                                          {'Y', "PWM"},
                                                          {'X', "Wh"},
                                                          {'w', "Ohm"}};
    size_t field = 0;
    for (size_t i = 0; units[i] && field <= s.fields.size(); ++i) {
      if (i == 0) continue;  // the time column
      if (field >= s.fields.size()) break;
      for (auto [c, label] : kUnits)
        if (c == units[i]) s.fields[field].unit = label;
      ++field;
    }
    return add(std::move(s));
  }

  void message(int64_t t, const std::string& text) {
    rec(msg_).set_text("Message", text);
    emit(msg_, t);
    model::TextMessage m;
    m.time_us = t;
    m.text = text.substr(0, 64);
    sink_.on_text(m);
  }

  void parm(int64_t t, const std::string& name, double v) {
    Record& p = rec(parm_);
    p.set_text("Name", name);
    p.set("Value", v);
    p.set("Default", v);
    emit(parm_, t);
    // What the reader derives from PARM records, for sinks that are not writers.
    params_.see(sink_, t, {name, v, false});
  }

  formats::ParamTracker params_;

  uint32_t parm_ = 0, msg_ = 0, ver_ = 0, mode_ = 0, ev_ = 0, arm_ = 0, gps_ = 0, att_ = 0;
  uint32_t bat_ = 0, imu_ = 0, ctun_ = 0, baro_ = 0, pos_ = 0, vibe_ = 0, rcou_ = 0, ubx1_ = 0;
};

}  // namespace

std::unique_ptr<Emitter> make_dataflash_emitter(formats::Sink& sink, const Options& o) {
  return std::make_unique<DataflashEmitter>(sink, o);
}

}  // namespace skykeep::synth
