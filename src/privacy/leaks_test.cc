// The leaks an outside review found in shares, one test each, on logs built here: positions in
// fields no rule named, raw MAVLink payloads, absolute times the shift did not reach, local
// tracks, velocities that integrate to the track, event records and console output, split
// information items, calibrations that link a unit, indirect location. Each fails on the
// redaction that judged fields by their names alone.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "base/endian.h"
#include "base/geo.h"
#include "base/utc.h"
#include "formats/detect.h"
#include "formats/writer.h"
#include "privacy/classify.h"
#include "privacy/redact.h"
#include "synth/synth.h"

namespace skykeep::privacy {
namespace {

using T = model::FieldType;

constexpr double kLat = 47.397742, kLon = 8.545594;
constexpr int64_t kUtc = 1710773350000000;  // 2024-03-18T14:49:10Z

// A topic whose fields are given by name and type; rows are (time, values...), written in each
// field's own type.
model::Topic topic(const std::string& name, const std::vector<std::pair<std::string, T>>& fields,
                   const std::vector<std::vector<double>>& rows) {
  model::Topic t;
  t.schema.name = name;
  uint32_t off = 0;
  for (const auto& [n, ty] : fields) {
    model::Field f;
    f.name = n;
    f.type = ty;
    f.offset = off;
    off += f.width();
    t.schema.fields.push_back(f);
    t.columns.emplace_back(f.width());
  }
  t.schema.payload_size = off;
  for (const auto& r : rows) {
    int64_t tm = static_cast<int64_t>(r[0]);
    t.time.bytes().append(reinterpret_cast<const std::byte*>(&tm), 8);
    for (size_t f = 0; f < fields.size(); ++f) {
      std::byte b[8] = {};
      double v = r[f + 1];
      switch (fields[f].second) {
        case T::kInt32:
          store_le(b, static_cast<int32_t>(std::llround(v)));
          break;
        case T::kUInt32:
          store_le(b, static_cast<uint32_t>(std::llround(v)));
          break;
        case T::kUInt64:
          store_le(b, static_cast<uint64_t>(std::llround(v)));
          break;
        case T::kInt64:
          store_le(b, static_cast<int64_t>(std::llround(v)));
          break;
        case T::kUInt16:
          store_le(b, static_cast<uint16_t>(std::llround(v)));
          break;
        case T::kInt16:
          store_le(b, static_cast<int16_t>(std::llround(v)));
          break;
        case T::kUInt8:
          b[0] = static_cast<std::byte>(std::llround(v));
          break;
        case T::kFloat32:
          store_le(b, static_cast<float>(v));
          break;
        default:
          store_le(b, v);
          break;
      }
      t.columns[f].bytes().append(b, t.schema.fields[f].width());
    }
    t.min_time = t.min_time ? std::min(*t.min_time, tm) : tm;
    t.max_time = t.max_time ? std::max(*t.max_time, tm) : tm;
  }
  t.rows = t.count = rows.size();
  return t;
}

// A lawnmower pattern from home, one sample a second for n seconds: legs of leg_m metres east
// and west at speed m/s, lane_m metres north between them.
struct Track {
  std::vector<int64_t> t;
  std::vector<double> lat, lon, north, east;
};
Track track(int n, int64_t t0 = 1000000, double leg_m = 100, double speed = 2.5,
            double lane_m = 20) {
  Track k;
  int per_leg = static_cast<int>(leg_m / speed);
  for (int i = 0; i < n; ++i) {
    int lane_index = i / per_leg;
    double leg = i % per_leg, lane = lane_index;
    double e = (static_cast<int>(lane) % 2 ? leg_m - leg * speed : leg * speed),
           nn = lane * lane_m + leg * lane_m / per_leg;
    k.t.push_back(t0 + i * 1000000LL);
    k.north.push_back(nn);
    k.east.push_back(e);
    k.lat.push_back(kLat + nn / kMetresPerDegree);
    k.lon.push_back(kLon + e / metres_per_degree_lon(kLat));
  }
  return k;
}

// A PX4 log of the track: vehicle_global_position, and extra topics.
model::Log px4_log(const Track& k) {
  model::Log log;
  log.meta.format = model::Format::kULog;
  log.meta.start_time_us = k.t.front();
  std::vector<std::vector<double>> rows;
  for (size_t i = 0; i < k.t.size(); ++i)
    rows.push_back({static_cast<double>(k.t[i]), k.lat[i], k.lon[i], 488.0});
  log.topics.push_back(topic("vehicle_global_position",
                             {{"lat", T::kFloat64}, {"lon", T::kFloat64}, {"alt", T::kFloat32}},
                             rows));
  return log;
}

Rules rules_of(std::array<Level, kClasses> levels, int64_t shift_s = 0) {
  Rules r;
  r.recipient.name = "r";
  r.recipient.levels = levels;
  r.recipient.time_shift_s = shift_s;
  r.utc_offset_us = kUtc - 1000000;  // the log's clock starts a second before kUtc
  crypto_generichash(r.pseudonym_key.data(), 32, reinterpret_cast<const uint8_t*>("k"), 1, nullptr,
                     0);
  return r;
}

constexpr std::array<Level, kClasses> kTelemetryOnly = {Level::kNone, Level::kNone, Level::kFull,
                                                        Level::kNone, Level::kNone};
constexpr std::array<Level, kClasses> kEverything = {Level::kFull, Level::kFull, Level::kFull,
                                                     Level::kFull, Level::kFull};

const model::Topic& find(const model::Log& log, const std::string& name) {
  for (const auto& t : log.topics)
    if (t.name() == name) return t;
  throw std::runtime_error("no topic " + name);
}

bool all_zero(const model::Topic& t, const std::string& field) {
  int f = t.schema.find(field);
  for (size_t i = 0; i < t.rows; ++i)
    if (t.value(static_cast<size_t>(f), i) != 0) return false;
  return true;
}

std::string treatment(const Manifest& m, const std::string& topic, const std::string& field) {
  for (const auto& t : m.topics)
    if (t.name == topic)
      for (const auto& f : t.fields)
        if (f.name == field) return f.treatment + " | " + f.rule;
  return "";
}

bool has(const std::vector<std::byte>& b, std::string_view s) {
  std::string_view hay(reinterpret_cast<const char*>(b.data()), b.size());
  return hay.find(s) != std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------

TEST(Leaks, Px4GnssObservationsAreLocation) {
  Track k = track(120);
  model::Log log = px4_log(k);
  std::vector<std::vector<double>> rows;
  for (size_t i = 0; i < k.t.size(); ++i)
    rows.push_back({static_cast<double>(k.t[i]), k.lat[i], k.lon[i], 0.3});
  log.topics.push_back(topic("estimator_aid_src_gnss_pos",
                             {{"observation[0]", T::kFloat64},
                              {"observation[1]", T::kFloat64},
                              {"observation_variance[0]", T::kFloat32}},
                             rows));
  Redacted red = redact(log, rules_of(kTelemetryOnly));
  const auto& obs = find(red.log, "estimator_aid_src_gnss_pos");
  EXPECT_TRUE(all_zero(obs, "observation[0]"));
  EXPECT_TRUE(all_zero(obs, "observation[1]"));
  EXPECT_FALSE(all_zero(obs, "observation_variance[0]"));
  EXPECT_NE(treatment(red.manifest, "estimator_aid_src_gnss_pos", "observation[0]").find("removed"),
            std::string::npos);
}

TEST(Leaks, PositionsTimesAndTracksAreFoundByTheirValuesWhateverTheirName) {
  Track k = track(200);
  model::Log log = px4_log(k);
  // Fields the rules call telemetry, holding what is not: the latitude in 1e-7 degrees, the
  // longitude in radians, UTC in microseconds, the local east in centimetres.
  std::vector<std::vector<double>> rows;
  for (size_t i = 0; i < k.t.size(); ++i)
    rows.push_back({static_cast<double>(k.t[i]), k.lat[i] * 1e7, k.lon[i] * kDegToRad,
                    static_cast<double>(k.t[i] - 1000000 + kUtc), k.east[i] * 100,
                    3.0 + static_cast<double>(i % 7)});
  log.topics.push_back(topic("vehicle_air_data",
                             {{"baro_device_id", T::kUInt32},
                              {"rho", T::kFloat64},
                              {"timestamp_sample", T::kUInt64},
                              {"baro_temp_celcius", T::kFloat32},
                              {"baro_pressure_pa", T::kFloat32}},
                             rows));
  Redacted red = redact(log, rules_of(kTelemetryOnly, int64_t{86400} * 40));
  const auto& t = find(red.log, "vehicle_air_data");
  EXPECT_TRUE(all_zero(t, "rho")) << treatment(red.manifest, "vehicle_air_data", "rho");
  EXPECT_NE(
      treatment(red.manifest, "vehicle_air_data", "rho").find("value: the flight's positions"),
      std::string::npos);
  EXPECT_TRUE(all_zero(t, "baro_temp_celcius"))
      << treatment(red.manifest, "vehicle_air_data", "baro_temp_celcius");
  EXPECT_FALSE(all_zero(t, "baro_pressure_pa"));  // telemetry that follows nothing stays
  // The time moved by the shift, in its own encoding.
  int ts = t.schema.find("timestamp_sample");
  EXPECT_EQ(t.value(static_cast<size_t>(ts), 0),
            static_cast<double>(kUtc + 86400LL * 40 * 1000000));
  // The same field of a 1e-7 latitude as an unsigned integer named as an identifier: identity
  // stays identity (values never make a field less private).
  EXPECT_TRUE(all_zero(t, "baro_device_id"));
}

TEST(Leaks, RawMavlinkPayloadsAreUnclassifiedAndListed) {
  Track k = track(60);
  model::Log log;
  log.meta.format = model::Format::kTlog;
  std::vector<std::vector<double>> rows;
  for (size_t i = 0; i < k.t.size(); ++i)
    rows.push_back({static_cast<double>(kUtc + i * 1000000LL), k.lat[i] * 1e7, k.lon[i] * 1e7});
  log.topics.push_back(
      topic("GLOBAL_POSITION_INT", {{"lat", T::kInt32}, {"lon", T::kInt32}}, rows));
  // An AHRS2 the built-in set does not decode: its payload as raw bytes.
  model::Topic raw;
  raw.schema.name = "MAVLINK_178";
  model::Field len{"length", T::kUInt8, 0, 1, "", 1}, payload{"payload", T::kChar, 1, 24, "", 1};
  raw.schema.fields = {len, payload};
  raw.columns.emplace_back(1);
  raw.columns.emplace_back(24);
  for (size_t i = 0; i < k.t.size(); ++i) {
    int64_t tm = kUtc + static_cast<int64_t>(i) * 1000000;
    raw.time.bytes().append(reinterpret_cast<const std::byte*>(&tm), 8);
    std::byte l{24}, p[24] = {};
    store_le(p + 16, static_cast<int32_t>(std::llround(k.lat[i] * 1e7)));
    store_le(p + 20, static_cast<int32_t>(std::llround(k.lon[i] * 1e7)));
    raw.columns[0].bytes().append(&l, 1);
    raw.columns[1].bytes().append(p, 24);
  }
  raw.rows = raw.count = k.t.size();
  raw.min_time = kUtc;
  raw.max_time = kUtc + static_cast<int64_t>(k.t.size() - 1) * 1000000;
  log.topics.push_back(std::move(raw));
  Rules r = rules_of(kTelemetryOnly);
  r.utc_offset_us = 0;
  Redacted red = redact(log, r);
  EXPECT_NE(std::find(red.manifest.unclassified.begin(), red.manifest.unclassified.end(),
                      "MAVLINK_178.payload"),
            red.manifest.unclassified.end());
  EXPECT_EQ(find(red.log, "MAVLINK_178").rows, 0u) << "a topic of nothing left goes";
  // At full in every class, the payload leaves, but not the positions in it under a zone.
  Zone z;
  z.name = "home";
  z.center = {kLat, kLon};
  z.radius_m = 5;
  Rules all = rules_of(kEverything);
  all.utc_offset_us = 0;
  std::array<uint8_t, 32> secret{};
  all.exclusions.push_back(exclusion(z, secret));
  red = redact(log, all);
  const auto& left = find(red.log, "MAVLINK_178");
  EXPECT_GT(left.rows, 0u);
  for (size_t i = 0; i < left.rows; ++i) {
    const std::byte* p = left.columns[1].row(i);
    EXPECT_EQ(load_le<int32_t>(p + 16), 0) << "a position in a raw payload under a zone";
  }
}

TEST(Leaks, TheTimeShiftReachesEveryAbsoluteTime) {
  // A simulator's log: its clock counts from 1970.
  Track k = track(60, kUtc);
  model::Log log = px4_log(k);
  log.meta.utc_start_us = kUtc;
  log.topics.push_back(topic("battery_status", {{"voltage_v", T::kFloat32}},
                             {{double(kUtc), 16.4}, {double(kUtc + 1000000), 16.3}}));
  log.info.push_back({"boot_time_utc_us", "uint64_t", uint64_t(kUtc - 5000000), false, false});
  log.info.push_back(
      {"boot_console_output", "char[80]",
       std::string("NuttShell Mar 18 2024 14:49:10\nWARN [gps] no fix at 14:48:58\n"), false,
       false});
  log.texts.push_back({kUtc + 1000000, 6, false, 0,
                       "[logger] Opened full log file: ./log/2024-03-18/14_49_10.ulg"});
  // The logger's event: its arguments carry the date (16-bit year, month, day, hour, ...).
  log.topics.push_back(topic("event",
                             {{"id", T::kUInt32},
                              {"arguments[0]", T::kUInt8},
                              {"arguments[1]", T::kUInt8},
                              {"arguments[2]", T::kUInt8},
                              {"arguments[3]", T::kUInt8},
                              {"arguments[4]", T::kUInt8},
                              {"log_levels", T::kUInt8}},
                             {{double(kUtc + 2000000), 17980399, 232, 7, 3, 18, 14, 0x66}}));
  log.params.initial.push_back({"STAT_RESET", 258576550.0, false});  // 2024-03-15, from 2016
  constexpr int64_t kShift = 86400 * 40 + 1234;
  Rules r =
      rules_of({Level::kNone, Level::kNone, Level::kFull, Level::kFull, Level::kNone}, kShift);
  r.utc_offset_us = 0;
  Redacted red = redact(log, r);
  // The clock moved.
  ASSERT_EQ(find(red.log, "battery_status").rows, 2u);
  EXPECT_EQ(find(red.log, "battery_status").time_at(0), kUtc + kShift * 1000000);
  EXPECT_EQ(*red.log.meta.utc_start_us, kUtc + kShift * 1000000);
  for (const auto& i : red.log.info) {
    if (i.key == "boot_time_utc_us") {
      EXPECT_EQ(std::get<uint64_t>(i.value), uint64_t(kUtc - 5000000 + kShift * 1000000));
    }
    if (i.key == "boot_console_output") {
      std::string s = std::get<std::string>(i.value);
      EXPECT_EQ(s.find("2024"), std::string::npos) << s;
      EXPECT_EQ(s.find("14:4"), std::string::npos) << s;
    }
  }
  ASSERT_EQ(red.log.texts.size(), 1u);
  EXPECT_EQ(red.log.texts[0].text, "[logger] Opened full log file: ./log/[date]/[time].ulg");
  const auto& ev = find(red.log, "event");
  ASSERT_EQ(ev.rows, 1u);
  EXPECT_TRUE(all_zero(ev, "arguments[0]")) << "the date in the event's arguments";
  ASSERT_EQ(red.log.params.initial.size(), 1u);
  EXPECT_EQ(red.log.params.initial[0].value, 258576550.0 + kShift);
}

TEST(Leaks, LocalTracksOfEveryKindAreLocation) {
  struct Named {
    const char* topic;
    const char* field;
  } cases[] = {
      {"estimator_odometry", "position[0]"},
      {"vehicle_odometry", "position[1]"},
      {"estimator_states", "states[8]"},
      {"estimator_status", "states[7]"},
      {"trajectory_setpoint", "position[0]"},
      {"estimator_aid_src_fake_pos", "innovation[0]"},
      {"NKF6", "PN"},
      {"XKF6", "PE"},
      {"XKF1", "PD"},
      {"SRTL", "N"},
      {"GLOBAL_POSITION_INT", "vx"},
      {"vehicle_local_position", "vy"},
      {"TERRAIN_REPORT", "terrain_height"},
      {"estimator_status", "mag_inclination_ref_deg"},
  };
  for (const auto& c : cases) {
    model::Schema s;
    s.name = c.topic;
    s.fields.push_back({c.field, T::kFloat32, 0, 1, "", 1});
    EXPECT_EQ(classify_field(s, 0).cls, DataClass::kLocation) << c.topic << "." << c.field;
  }
  EXPECT_EQ(classify_param("EKF2_MAG_DECL").cls, DataClass::kLocation);
  EXPECT_EQ(classify_param("COMPASS_DEC").cls, DataClass::kLocation);
  EXPECT_EQ(classify_param("BARO1_GND_PRESS").cls, DataClass::kLocation);
  EXPECT_EQ(classify_info({"time_ref_utc", "int32_t", int64_t{3600}}).cls, DataClass::kLocation);
}

TEST(Leaks, CalibrationsStatisticsAndDeviceIdsAreIdentity) {
  for (const char* p : {"COMPASS_OFS_X", "COMPASS_OFS2_Y", "COMPASS_DEV_ID", "INS_ACCOFFS_X",
                        "INS_ACC2OFFS_Z", "INS_GYR_ID", "STAT_BOOTCNT", "STAT_FLTTIME",
                        "STAT_RUNTIME", "CAL_ACC0_ID", "CAL_MAG1_XOFF", "CAL_GYRO0_ZOFF",
                        "TC_A0_X3_1", "LND_FLIGHT_T_HI", "COM_FLIGHT_UUID", "SYSID_THISMAV"})
    EXPECT_EQ(classify_param(p).cls, DataClass::kIdentity) << p;
  EXPECT_EQ(classify_param("STAT_RESET").role, Role::kTime);
  // Two recipients with pseudonyms, one log: neither receives a value that links the unit.
  model::Log log = px4_log(track(30));
  log.params.initial = {
      {"COMPASS_OFS_X", 123.25, false}, {"STAT_BOOTCNT", 481, true}, {"MPC_XY_VEL_MAX", 12, false}};
  for (uint8_t key : {1, 2}) {
    Rules r = rules_of({Level::kCoarse, Level::kNone, Level::kFull, Level::kNone, Level::kNone});
    r.pseudonym_key.fill(key);
    Redacted red = redact(log, r);
    ASSERT_EQ(red.log.params.initial.size(), 1u);
    EXPECT_EQ(red.log.params.initial[0].name, "MPC_XY_VEL_MAX");
  }
}

TEST(Leaks, EventsAndConsolesFollowTheTextLevel) {
  model::Log log = px4_log(track(30));
  log.topics.push_back(topic("event", {{"id", T::kUInt32}, {"log_levels", T::kUInt8}},
                             {{1e6, 10, 0x66}, {2e6, 11, 0x44}, {3e6, 12, 0x33}}));
  log.info.push_back({"boot_console_output", "",
                      std::string("INFO boot\nWARN  [ekf2] gps lost\nsensors ok\n"), false, false});
  // Text none: no event leaves.
  Redacted none = redact(log, rules_of(kTelemetryOnly));
  EXPECT_EQ(find(none.log, "event").rows, 0u);
  // Text coarse: the warnings and errors only, of the events and of the console.
  Redacted coarse = redact(
      log, rules_of({Level::kNone, Level::kNone, Level::kFull, Level::kCoarse, Level::kNone}));
  EXPECT_EQ(find(coarse.log, "event").rows, 2u);
  for (const auto& i : coarse.log.info)
    if (i.key == "boot_console_output") {
      EXPECT_EQ(std::get<std::string>(i.value), "WARN  [ekf2] gps lost\n");
    }
}

TEST(Leaks, AnIdentifierSplitAcrossInformationChunksIsFoundWhole) {
  model::Log log = px4_log(track(30));
  log.info.push_back({"sys_uuid", "char[24]", std::string("QX7KZ4MARKER91QX7KZ4"), false, false});
  log.info.push_back(
      {"boot_console_output", "char[16]", std::string("serial QX7KZ4MA"), true, false});
  log.info.push_back(
      {"boot_console_output", "char[16]", std::string("RKER91QX7KZ4 ok\n"), true, true});
  Redacted red = redact(
      log, rules_of({Level::kCoarse, Level::kNone, Level::kFull, Level::kFull, Level::kNone}));
  auto bytes = formats::write_log(red.log).value();
  EXPECT_FALSE(has(bytes, "MARKER91")) << "the identifier across the chunks' seam";
  EXPECT_FALSE(has(bytes, "RKER91QX"));
}

// The integration attack: positions coarse on a grid, velocities kept; the attacker starts at
// each crossing of a grid line (where the position is known exactly) and integrates the
// velocities until the next. Against the copy's velocities it must do no better than the grid;
// against the true velocities (the control) it draws the track finely.
struct Attack {
  double median = 0, p90 = 0;
};
Attack integrate(const model::Topic& gps, const std::vector<double>& vn,
                 const std::vector<double>& ve, const Track& truth, double grid) {
  std::vector<double> errors;
  // The grid as skykeep draws it (docs/privacy.md): latitude steps of grid / 111320 degrees,
  // longitude steps of the same length at the snapped latitude.
  double step_lat = grid / kMetresPerDegree;
  auto cell = [&](size_t i) {
    double a = gps.value(0, i) * 1e-7, o = gps.value(1, i) * 1e-7;
    double step_lon = grid / metres_per_degree_lon(a);
    return std::array<double, 3>{std::round(a / step_lat), std::round(o / step_lon), step_lon};
  };
  double m_lon = metres_per_degree_lon(kLat);
  bool n_known = false, e_known = false;
  double est_n = 0, est_e = 0;
  for (size_t i = 0; i < gps.rows; ++i) {
    auto [cn, ce, step_lon] = cell(i);
    if (i > 0) {
      auto [pn, pe, prev_step] = cell(i - 1);
      // A crossing puts the vehicle on the line between two cells; between crossings it moves
      // by the velocities.
      if (cn != pn)
        est_n = ((cn + pn) / 2 * step_lat - kLat) * kMetresPerDegree, n_known = true;
      else
        est_n += vn[i - 1];
      if (ce != pe)
        est_e = ((ce + pe) / 2 * step_lon - kLon) * m_lon, e_known = true;
      else
        est_e += ve[i - 1];
    }
    if (!n_known) est_n = (cn * step_lat - kLat) * kMetresPerDegree;  // before any crossing: the
    if (!e_known) est_e = (ce * step_lon - kLon) * m_lon;             // cell's centre
    size_t j = static_cast<size_t>(
        std::lower_bound(truth.t.begin(), truth.t.end(), gps.time_at(i)) - truth.t.begin());
    if (j >= truth.t.size()) continue;
    errors.push_back(std::hypot(est_n - truth.north[j], est_e - truth.east[j]));
  }
  std::sort(errors.begin(), errors.end());
  return {errors[errors.size() / 2], errors[errors.size() * 9 / 10]};
}

TEST(Leaks, IntegratingVelocitiesDoesNotBeatTheGrid) {
  for (double grid : {100.0, 1000.0}) {
    // Legs three grid steps long at 10 m/s, lanes half a step apart: every axis crosses lines.
    Track k = track(static_cast<int>(12 * 3 * grid / 10), 1000000, 3 * grid, 10, grid / 2);
    model::Log log;
    log.meta.format = model::Format::kTlog;
    std::vector<std::vector<double>> rows;
    std::vector<double> vn, ve;
    for (size_t i = 0; i < k.t.size(); ++i) {
      double dn = i + 1 < k.t.size() ? k.north[i + 1] - k.north[i] : 0;
      double de = i + 1 < k.t.size() ? k.east[i + 1] - k.east[i] : 0;
      vn.push_back(dn);
      ve.push_back(de);
      rows.push_back(
          {static_cast<double>(kUtc + k.t[i]), k.lat[i] * 1e7, k.lon[i] * 1e7, dn * 100, de * 100});
    }
    log.topics.push_back(topic(
        "GLOBAL_POSITION_INT",
        {{"lat", T::kInt32}, {"lon", T::kInt32}, {"vx", T::kInt16}, {"vy", T::kInt16}}, rows));
    for (auto& t : k.t) t += kUtc;
    Rules r = rules_of({Level::kNone, Level::kCoarse, Level::kFull, Level::kNone, Level::kNone});
    r.recipient.grid_m = grid;
    r.utc_offset_us = 0;
    Redacted red = redact(log, r);
    const auto& gps = find(red.log, "GLOBAL_POSITION_INT");
    std::vector<double> kept_n, kept_e;
    for (size_t i = 0; i < gps.rows; ++i)
      kept_n.push_back(gps.value(2, i) / 100), kept_e.push_back(gps.value(3, i) / 100);
    Attack on_copy = integrate(gps, kept_n, kept_e, k, grid);
    Attack control = integrate(gps, vn, ve, k, grid);
    std::printf(
        "grid %.0f m: the attack on the copy misses by %.0f m (median), %.0f m (90%%); "
        "with the true velocities by %.0f m, %.0f m\n",
        grid, on_copy.median, on_copy.p90, control.median, control.p90);
    EXPECT_LT(control.p90, grid / 4) << "the attack works when velocities leave";
    EXPECT_GE(on_copy.p90, grid / 2) << "the copy's velocities beat the grid";
  }
}

}  // namespace
}  // namespace skykeep::privacy
