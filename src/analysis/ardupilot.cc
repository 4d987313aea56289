// ArduPilot DataFlash messages onto the Signals channels.
#include <cmath>

#include "analysis/dialect_internal.h"

namespace skykeep::analysis {
namespace {

using Modes = std::initializer_list<std::pair<int, const char*>>;
const Modes kCopter = {
    {0, "Stabilize"},   {1, "Acro"},          {2, "AltHold"},    {3, "Auto"},
    {4, "Guided"},      {5, "Loiter"},        {6, "RTL"},        {7, "Circle"},
    {9, "Land"},        {11, "Drift"},        {13, "Sport"},     {14, "Flip"},
    {15, "AutoTune"},   {16, "PosHold"},      {17, "Brake"},     {18, "Throw"},
    {19, "Avoid_ADSB"}, {20, "Guided_NoGPS"}, {21, "Smart_RTL"}, {22, "FlowHold"},
    {23, "Follow"},     {24, "ZigZag"},       {25, "SystemID"},  {26, "Autorotate"},
    {27, "Auto RTL"},   {28, "Turtle"}};
const Modes kPlane = {
    {0, "Manual"},      {1, "Circle"},  {2, "Stabilize"}, {3, "Training"},        {4, "Acro"},
    {5, "FBWA"},        {6, "FBWB"},    {7, "Cruise"},    {8, "Autotune"},        {10, "Auto"},
    {11, "RTL"},        {12, "Loiter"}, {13, "Takeoff"},  {14, "Avoid_ADSB"},     {15, "Guided"},
    {17, "QStabilize"}, {18, "QHover"}, {19, "QLoiter"},  {20, "QLand"},          {21, "QRTL"},
    {22, "QAutotune"},  {23, "QAcro"},  {24, "Thermal"},  {25, "Loiter to QLand"}};
const Modes kSub = {{0, "Stabilize"},     {1, "Acro"},           {2, "Depth hold"},
                    {3, "Auto"},          {4, "Guided"},         {7, "Circle"},
                    {9, "Surface"},       {16, "Position hold"}, {19, "Manual"},
                    {20, "Motor detect"}, {21, "SurfTrak"}};
const Modes kRover = {{0, "Manual"},       {1, "Acro"},   {3, "Steering"},  {4, "Hold"},
                      {5, "Loiter"},       {6, "Follow"}, {7, "Simple"},    {8, "Dock"},
                      {10, "Auto"},        {11, "RTL"},   {12, "SmartRTL"}, {15, "Guided"},
                      {16, "Initialising"}};

// EV ids (AP_Logger LogEvent).
constexpr int kEvArmed = 10, kEvDisarmed = 11, kEvLandComplete = 18, kEvNotLanded = 28;

class ArduPilot final : public Dialect {
 public:
  Recorder::Feed bind(const model::Schema& s, Recorder& r) override {
    const std::string& n = s.name;
    if (s.instance != 0) return {};
    if (n == "ARM") {
      int st = field(s, {"ArmState"});
      Target* t = r.target(Ch::kArmed, 2, n, "ArmState");
      return [=](const Recorder::Row& row) { t->add(Ch::kArmed, row.t, row.get(st) != 0); };
    }
    if (n == "EV") {
      int id = field(s, {"Id"});
      Target* armed = r.target(Ch::kArmed, 1, n, "armed (from Id 10, 11)");
      Target* landed = r.target(Ch::kLanded, 1, n, "landed (from Id 18, 28)");
      Recorder* rec = &r;
      return [=](const Recorder::Row& row) {
        int e = static_cast<int>(row.get(id));
        if (e == kEvArmed) armed->add(Ch::kArmed, row.t, 1);
        if (e == kEvDisarmed) armed->add(Ch::kArmed, row.t, 0);
        if (e == kEvLandComplete) landed->add(Ch::kLanded, row.t, 1);
        if (e == kEvNotLanded) landed->add(Ch::kLanded, row.t, 0);
        rec->signals().notices.push_back({row.t, "EV", 0, e});
      };
    }
    if (n == "ERR") {
      int sub = field(s, {"Subsys"}), code = field(s, {"ECode"});
      Recorder* rec = &r;
      return [=](const Recorder::Row& row) {
        rec->signals().notices.push_back(
            {row.t, "ERR", static_cast<int>(row.get(sub)), static_cast<int>(row.get(code))});
      };
    }
    if (n == "STAT") {
      int flying = field(s, {"isFlying"});
      if (flying < 0) return {};
      Target* t = r.target(Ch::kLanded, 2, n, "landed (from isFlying)");
      return [=](const Recorder::Row& row) { t->add(Ch::kLanded, row.t, row.get(flying) == 0); };
    }
    if (n == "MODE") {
      int mode = field(s, {"ModeNum", "Mode"});
      Target* t = r.target(Ch::kMode, 2, n, s.fields[static_cast<size_t>(std::max(mode, 0))].name);
      if (mode < 0) return {};
      return [=](const Recorder::Row& row) { t->add(Ch::kMode, row.t, row.get(mode)); };
    }
    if (n == "POS") {
      int lat = field(s, {"Lat"}), lng = field(s, {"Lng"}), alt = field(s, {"Alt"}),
          rel = field(s, {"RelHomeAlt"});
      Target* pos = r.target(Ch::kLat, 3, n, "Lat, Lng, Alt");
      Target* ra = r.target(Ch::kAltRel, 2, n, "RelHomeAlt");
      return [=](const Recorder::Row& row) {
        ra->add(Ch::kAltRel, row.t, row.get(rel));
        double la = row.get(lat), lo = row.get(lng);
        if (!valid_position(la, lo)) return;
        pos->add(Ch::kLat, row.t, la);
        pos->add(Ch::kLon, row.t, lo);
        pos->add(Ch::kAltAmsl, row.t, row.get(alt));
      };
    }
    if (n == "GPS") {
      int st = field(s, {"Status"}), ns = field(s, {"NSats"}), hdop = field(s, {"HDop"}),
          lat = field(s, {"Lat"}), lng = field(s, {"Lng"}), alt = field(s, {"Alt"}),
          spd = field(s, {"Spd"}), vz = field(s, {"VZ"}), wk = field(s, {"GWk"}),
          ms = field(s, {"GMS"});
      Target* pos = r.target(Ch::kLat, 2, n, "Lat, Lng, Alt");
      Target* q = r.target(Ch::kGpsFix, 2, n, "Status");
      q->name(Ch::kSats, "NSats")->name(Ch::kEph, "eph_m (from HDop x 2.5)");
      Target* v = r.target(Ch::kHSpeed, 1, n, "Spd");
      v->name(Ch::kClimb, "climb (from -VZ)")->name(Ch::kSink, "VZ");
      Signals* sig = &r.signals();
      return [=](const Recorder::Row& row) {
        double f = row.get(st);
        q->add(Ch::kGpsFix, row.t, f);
        q->add(Ch::kSats, row.t, row.get(ns));
        // HDOP times a typical 2.5 m user range error: a horizontal accuracy in metres.
        q->add(Ch::kEph, row.t, row.get(hdop) * 2.5);
        if (f < 3) return;
        double la = row.get(lat), lo = row.get(lng);
        if (!valid_position(la, lo)) return;
        pos->add(Ch::kLat, row.t, la);
        pos->add(Ch::kLon, row.t, lo);
        pos->add(Ch::kAltAmsl, row.t, row.get(alt));
        v->add(Ch::kHSpeed, row.t, row.get(spd));
        double down = row.get(vz);
        v->add(Ch::kClimb, row.t, -down);
        v->add(Ch::kSink, row.t, down);
        // GPS week and milliseconds of week: GPS epoch 1980-01-06, 18 leap seconds since 2017.
        double week = row.get(wk);
        if (!sig->utc_offset_us && week > 1000 && week < 5000) {
          double unix_s = 315964800.0 + week * 604800.0 + row.get(ms) / 1000.0 - 18;
          if (std::isfinite(unix_s))
            sig->utc_offset_us = static_cast<int64_t>(unix_s * 1e6) - row.t;
        }
      };
    }
    if (n == "UBX1") {  // u-blox MON-HW: the receiver's interference monitor
      int jam = field(s, {"jamInd"}), noise = field(s, {"noisePerMS"});
      if (jam < 0 && noise < 0) return {};
      Target* t = r.target(Ch::kJamIndicator, 2, n, "jamInd");
      t->name(Ch::kGpsNoise, "noisePerMS");
      return [=](const Recorder::Row& row) {
        t->add(Ch::kJamIndicator, row.t, row.get(jam));
        t->add(Ch::kGpsNoise, row.t, row.get(noise));
      };
    }
    if (n == "CTUN") {
      int alt = field(s, {"Alt"});
      if (alt < 0) return {};
      Target* t = r.target(Ch::kAltRel, 1, n, "Alt");
      return [=](const Recorder::Row& row) { t->add(Ch::kAltRel, row.t, row.get(alt)); };
    }
    if (n == "ATT") {
      int roll = field(s, {"Roll"}), pitch = field(s, {"Pitch"}), yaw = field(s, {"Yaw"});
      Target* t = r.target(Ch::kRoll, 2, n, "Roll, Pitch");
      t->name(Ch::kRoll, "Roll")->name(Ch::kPitch, "Pitch")->name(Ch::kYaw, "Yaw");
      t->name(Ch::kTilt, "tilt_deg (from Roll, Pitch)");
      return [=](const Recorder::Row& row) {
        add_attitude(t, row.t, row.get(roll), row.get(pitch), row.get(yaw));
      };
    }
    if (n == "BAT" || n == "CURR") {
      int volt = field(s, {"Volt"}), cur = field(s, {"Curr"}), tot = field(s, {"CurrTot"}),
          rem = field(s, {"RemPct"});
      Target* t = r.target(Ch::kVoltage, n == "BAT" ? 2 : 1, n, "Volt");
      t->name(Ch::kCurrent, "Curr")->name(Ch::kRemaining, "RemPct")->name(Ch::kConsumed, "CurrTot");
      return [=](const Recorder::Row& row) {
        t->add(Ch::kVoltage, row.t, row.get(volt));
        t->add(Ch::kCurrent, row.t, row.get(cur));
        double rm = row.get(rem);
        if (rm >= 0 && rm <= 100) t->add(Ch::kRemaining, row.t, rm);
        t->add(Ch::kConsumed, row.t, row.get(tot));
      };
    }
    if (n == "VIBE") {
      int x = field(s, {"VibeX"}), y = field(s, {"VibeY"}), z = field(s, {"VibeZ"}),
          c0 = field(s, {"Clip", "Clip0"}), c1 = field(s, {"Clip1"}), c2 = field(s, {"Clip2"});
      Target* t = r.target(Ch::kVibration, 2, n, "vibration (max of VibeX, VibeY, VibeZ)");
      t->name(Ch::kClipping, field_names(s, {c0, c1, c2}));
      return [=](const Recorder::Row& row) {
        t->add(Ch::kVibration, row.t, std::fmax(row.get(x), std::fmax(row.get(y), row.get(z))));
        double clip = row.get(c0);
        if (c1 >= 0) clip += row.get(c1) + row.get(c2);
        t->add(Ch::kClipping, row.t, clip);
      };
    }
    if (n == "XKF4" || n == "NKF4") {
      int sv = field(s, {"SV"}), sp = field(s, {"SP"}), sh = field(s, {"SH"}),
          sm = field(s, {"SM"}), fs = field(s, {"FS"});
      Target* t = r.target(Ch::kEkfVel, n == "XKF4" ? 2 : 1, n, "SV");
      t->name(Ch::kEkfPos, "SP")
          ->name(Ch::kEkfHgt, "SH")
          ->name(Ch::kEkfMag, "SM")
          ->name(Ch::kEkfFaults, "FS");
      return [=](const Recorder::Row& row) {
        t->add(Ch::kEkfVel, row.t, row.get(sv));
        t->add(Ch::kEkfPos, row.t, row.get(sp));
        t->add(Ch::kEkfHgt, row.t, row.get(sh));
        t->add(Ch::kEkfMag, row.t, row.get(sm));
        t->add(Ch::kEkfFaults, row.t, row.get(fs));
      };
    }
    return {};
  }

  void text(const model::TextMessage& m, Recorder&) override {
    if (vehicle_ == ArduVehicle::kUnknown) vehicle_ = ardupilot_vehicle(m.text);
  }

  void finish(Recorder& r) override {
    ardupilot_mode_names(vehicle_, &r.signals());
    if (vehicle_ == ArduVehicle::kSub || vehicle_ == ArduVehicle::kRover)
      r.signals().aerial = false;
    r.signals().fixed_wing = vehicle_ == ArduVehicle::kPlane;
  }

 private:
  ArduVehicle vehicle_ = ArduVehicle::kUnknown;
};

}  // namespace

ArduVehicle ardupilot_vehicle(std::string_view fw) {
  if (fw.rfind("ArduCopter", 0) == 0 || fw.rfind("Copter", 0) == 0) return ArduVehicle::kCopter;
  if (fw.rfind("ArduPlane", 0) == 0 || fw.rfind("Plane", 0) == 0) return ArduVehicle::kPlane;
  if (fw.rfind("ArduSub", 0) == 0) return ArduVehicle::kSub;
  if (fw.rfind("ArduRover", 0) == 0 || fw.rfind("Rover", 0) == 0) return ArduVehicle::kRover;
  return ArduVehicle::kUnknown;
}

void ardupilot_mode_names(ArduVehicle v, Signals* signals) {
  const Modes* m = v == ArduVehicle::kPlane   ? &kPlane
                   : v == ArduVehicle::kSub   ? &kSub
                   : v == ArduVehicle::kRover ? &kRover
                                              : &kCopter;
  for (const auto& [code, name] : *m) signals->mode_names.push_back({code, name});
}

std::unique_ptr<Dialect> make_ardupilot_dialect() { return std::make_unique<ArduPilot>(); }

}  // namespace skykeep::analysis
