// A DJI aircraft's flight as its app records it (decision 0013: topics by record type, fields by
// their TXTlogToCSV names, SI units, Unix time), for synthesized DJI flights. skykeep writes no
// DJI record, so these are written as the CSV export (model::Format::kDjiCsv).
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "base/geo.h"
#include "base/utc.h"
#include "synth/emitter_internal.h"

namespace skykeep::synth {
namespace {

// A schema of float64 fields, each with its unit.
model::Schema schema(const char* name,
                     const std::vector<std::pair<const char*, const char*>>& fields) {
  model::Schema s;
  s.name = name;
  uint32_t off = 0;
  for (const auto& [n, unit] : fields) {
    s.fields.push_back({n, model::FieldType::kFloat64, off, 1, unit, 1.0});
    off += 8;
  }
  s.payload_size = off;
  return s;
}

model::Schema text_schema(const char* name, const char* field) {
  model::Schema s;
  s.name = name;
  s.fields.push_back({field, model::FieldType::kChar, 0, 120, "", 1.0});
  s.payload_size = 120;
  return s;
}

// flycState numbers (formats/dji/names.h) for the simulated autopilot's modes.
double flyc_state(const State& s) {
  if (s.armed && !s.in_air && s.mode != Mode::kTakeoff && s.mode != Mode::kLand) return 41;
  switch (s.mode) {
    case Mode::kManual:
      return 1;  // Atti
    case Mode::kTakeoff:
      return 11;  // AutoTakeoff
    case Mode::kMission:
      return 14;  // GPSWaypoint
    case Mode::kReturn:
      return 15;  // GoHome
    case Mode::kLand:
      return 12;  // AutoLanding
    default:
      return 6;  // GPSAtti
  }
}

class DjiEmitter final : public Emitter {
 public:
  using Emitter::Emitter;

  void begin() override {
    sink_.on_format(model::Format::kDjiCsv);
    osd_ = add(schema(
        "OSD",
        {{"latitude", "deg"}, {"longitude", "deg"},   {"height", "m"},     {"altitude", "m"},
         {"xSpeed", "m/s"},   {"ySpeed", "m/s"},      {"zSpeed", "m/s"},   {"pitch", "deg"},
         {"roll", "deg"},     {"yaw", "deg"},         {"flycState", ""},   {"groundOrSky", ""},
         {"isMotorUp", ""},   {"goHomeStatus", ""},   {"gpsNum", ""},      {"gpsLevel", ""},
         {"isGPSused", ""},   {"voltageWarning", ""}, {"isVibrating", ""}, {"flightAction", ""},
         {"battery", "%"},    {"flyTime", "s"}}));
    home_ = add(schema("Home", {{"latitude", "deg"}, {"longitude", "deg"}, {"height", "m"}}));
    gimbal_ = add(schema("Gimbal", {{"pitch", "deg"}, {"roll", "deg"}, {"yaw", "deg"}}));
    rc_ = add(schema("RC", {{"aileron", ""}, {"elevator", ""}, {"throttle", ""}, {"rudder", ""}}));
    custom_ = add(schema("Custom", {{"updateTime", "ms"},
                                    {"isPhoto", ""},
                                    {"isVideo", ""},
                                    {"hSpeed", "m/s"},
                                    {"distance", "m"}}));
    battery_ = add(schema("CenterBattery", {{"relativeCapacity", "%"},
                                            {"currentPV", "V"},
                                            {"current", "A"},
                                            {"temperature", "degC"},
                                            {"loopNum", ""},
                                            {"voltageCell1", "V"},
                                            {"voltageCell2", "V"},
                                            {"voltageCell3", "V"},
                                            {"voltageCell4", "V"}}));
    tip_ = add(text_schema("AppTip", "tip"));
    warn_ = add(text_schema("AppWarn", "warn"));
    serious_ = add(text_schema("AppSeriousWarn", "warn"));
    const std::pair<const char*, std::string> details[] = {
        {"productType", "Mavic3"},
        {"aircraftName", "synthetic"},
        {"aircraftSn", opt_.vehicle_serial},
        {"cameraSn", opt_.vehicle_serial + "C"},
        {"rcSn", opt_.vehicle_serial + "R"},
        {"batterySn", opt_.vehicle_serial + "B"},
        {"appPlatform", "Android"},
        {"appVersion", "1.9.0"},
        {"startTime", format_utc(opt_.utc_start_us, 3)},
    };
    for (const auto& [k, v] : details) sink_.on_info({k, "", v, false, false});
  }

  void tick(const State& s, const Flight& f) override {
    if (!every(s.t_us, 10)) return;
    int64_t u = opt_.utc_start_us + s.t_us;
    if (s.armed && !was_armed_) fly_start_us_ = s.t_us;
    was_armed_ = s.armed;
    Record& o = rec(osd_);
    o.set("latitude", s.gps_fix ? s.lat : 0);
    o.set("longitude", s.gps_fix ? s.lon : 0);
    o.set("height", s.alt_rel);
    o.set("altitude", s.alt_amsl);
    o.set("xSpeed", s.vn);
    o.set("ySpeed", s.ve);
    o.set("zSpeed", s.vd);
    o.set("pitch", s.pitch / kDegToRad);
    o.set("roll", s.roll / kDegToRad);
    o.set("yaw", std::remainder(s.yaw / kDegToRad, 360.0));
    o.set("flycState", flyc_state(s));
    o.set("groundOrSky", s.in_air ? 2 : 0);
    o.set("isMotorUp", s.armed ? 1 : 0);
    o.set("goHomeStatus", s.mode == Mode::kReturn ? 4 : 0);  // Cruise, Standby
    o.set("gpsNum", s.satellites);
    o.set("gpsLevel", !s.gps_fix ? 0 : s.satellites >= 12 ? 5 : s.satellites >= 8 ? 4 : 2);
    o.set("isGPSused", s.gps_fix ? 1 : 0);
    o.set("voltageWarning", s.battery_warning);
    o.set("isVibrating", s.vibration > 3 ? 1 : 0);
    o.set("flightAction", s.mode == Mode::kReturn && s.battery_warning ? 1 : 0);
    o.set("battery", std::round(s.remaining * 100));
    o.set("flyTime", s.armed ? static_cast<double>(s.t_us - fly_start_us_) / 1e6 : 0.0);
    emit(osd_, u);
    Record& c = rec(custom_);
    c.set("updateTime", std::floor(static_cast<double>(u) / 1000));
    c.set("isPhoto", s.mode == Mode::kMission && s.t_us % 5000000 < 100000 ? 1 : 0);
    c.set("isVideo", 0);
    c.set("hSpeed", std::hypot(s.vn, s.ve));
    c.set("distance", std::hypot(s.x, s.y));
    emit(custom_, u);
    Record& g = rec(gimbal_);
    g.set("pitch", s.mode == Mode::kMission ? -90 : -15);
    g.set("roll", 0);
    g.set("yaw", std::remainder(s.yaw / kDegToRad, 360.0));
    emit(gimbal_, u);
    Record& r = rec(rc_);
    r.set("aileron", 1024);
    r.set("elevator", 1024);
    r.set("throttle", 1024 + 660 * (s.throttle - 0.5));
    r.set("rudder", 1024);
    emit(rc_, u);
    if (every(s.t_us, 1)) {
      if (s.gps_fix) {
        Record& h = rec(home_);
        h.set("latitude", f.home_lat());
        h.set("longitude", f.home_lon());
        h.set("height", f.home_alt());
        emit(home_, u);
      }
      Record& b = rec(battery_);
      b.set("relativeCapacity", std::round(s.remaining * 100));
      b.set("currentPV", s.voltage);
      b.set("current", s.current);
      b.set("temperature", 31);
      b.set("loopNum", 42);
      for (int i = 1; i <= 4; ++i) b.set("voltageCell" + std::to_string(i), s.voltage / 4);
      emit(battery_, u);
    }
  }

  void text(int64_t t_us, int severity, const std::string& msg) override {
    int64_t u = opt_.utc_start_us + t_us;
    uint32_t topic = severity <= 2 ? serious_ : severity <= 4 ? warn_ : tip_;
    // The app's messages, without the autopilot's module names.
    std::string m = msg.rfind('[', 0) == 0 && msg.find("] ") != std::string::npos
                        ? msg.substr(msg.find("] ") + 2)
                        : msg;
    rec(topic).set_text(topic == tip_ ? "tip" : "warn", m);
    emit(topic, u);
    sink_.on_text({u,
                   static_cast<uint8_t>(severity <= 2   ? 2
                                        : severity <= 4 ? 4
                                                        : 6),
                   false, 0, m});
  }

  void armed(const State&, bool) override {}
  void mode(const State&, Mode) override {}

 private:
  uint32_t osd_ = 0, home_ = 0, gimbal_ = 0, rc_ = 0, custom_ = 0, battery_ = 0;
  uint32_t tip_ = 0, warn_ = 0, serious_ = 0;
  bool was_armed_ = false;
  int64_t fly_start_us_ = 0;
};

}  // namespace

std::unique_ptr<Emitter> make_dji_emitter(formats::Sink& sink, const Options& o) {
  return std::make_unique<DjiEmitter>(sink, o);
}

}  // namespace skykeep::synth
