#include "synth/synth.h"

#include <gtest/gtest.h>

#include <cmath>

#include "formats/detect.h"

namespace skykeep::synth {
namespace {

model::Log read(const std::vector<std::byte>& b) {
  model::Log log;
  EXPECT_TRUE(formats::read_log_bytes(Bytes(b), {}, &log).ok());
  return log;
}

TEST(Synth, SameSeedSameBytesOtherSeedOtherFlight) {
  Options o;
  auto a = synthesize_bytes(o), b = synthesize_bytes(o);
  EXPECT_EQ(a, b);
  o.seed = 2;
  EXPECT_NE(synthesize_bytes(o), a);
}

TEST(Synth, UlogFlightArmsClimbsFliesOverHomeAndLands) {
  Options o;
  o.lat = -33.86;
  o.lon = 151.21;
  model::Log log = read(synthesize_bytes(o));
  const model::Topic* gps = log.find("vehicle_gps_position");
  ASSERT_NE(gps, nullptr);
  int lat = gps->schema.find("lat"), lon = gps->schema.find("lon"), alt = gps->schema.find("alt"),
      fix = gps->schema.find("fix_type");
  double max_alt = -1e9, min_alt = 1e9, max_dist = 0;
  size_t without_fix = 0;
  for (size_t r = 0; r < gps->rows; ++r) {
    if (gps->value(static_cast<size_t>(fix), r) < 3) {  // the receiver reports before its fix
      ++without_fix;
      continue;
    }
    double la = gps->value(static_cast<size_t>(lat), r) * 1e-7,
           lo = gps->value(static_cast<size_t>(lon), r) * 1e-7;
    double a = gps->value(static_cast<size_t>(alt), r) / 1000;
    max_alt = std::max(max_alt, a), min_alt = std::min(min_alt, a);
    max_dist = std::max(max_dist, std::hypot((la - o.lat) * 111e3,
                                             (lo - o.lon) * 111e3 * std::cos(o.lat * M_PI / 180)));
  }
  EXPECT_NEAR(static_cast<double>(without_fix), 80, 2) << "8 s at 10 Hz before the first fix";
  EXPECT_GT(max_alt - min_alt, 25) << "it climbs";
  EXPECT_LT(max_alt - o.alt_amsl, 60);
  EXPECT_GT(max_dist, 100) << "it flies a pattern";
  EXPECT_LT(max_dist, 1500) << "near home";
  const model::Topic* bat = log.find("battery_status");
  int rem = bat->schema.find("remaining");
  EXPECT_LT(bat->value(static_cast<size_t>(rem), bat->rows - 1),
            bat->value(static_cast<size_t>(rem), 0) - 0.05);
  const model::Topic* st = log.find("vehicle_status");
  int arm = st->schema.find("arming_state");
  EXPECT_EQ(st->value(static_cast<size_t>(arm), 0), 1);
  EXPECT_EQ(st->value(static_cast<size_t>(arm), st->rows - 1), 1) << "disarmed at the end";
  bool armed = false;
  for (size_t r = 0; r < st->rows; ++r) armed |= st->value(static_cast<size_t>(arm), r) == 2;
  EXPECT_TRUE(armed);
  int warnings = 0;
  for (const auto& m : log.texts) warnings += m.severity == 4;
  EXPECT_EQ(warnings, 2);
  EXPECT_EQ(log.meta.vehicle_id, o.vehicle_serial);
  EXPECT_EQ(*log.meta.utc_start_us, o.utc_start_us);
}

TEST(Synth, CleanFlightHasNoWarnings) {
  for (auto f : {model::Format::kULog, model::Format::kDataFlash, model::Format::kTlog}) {
    Options o;
    o.format = f;
    o.warnings = false;
    model::Log log = read(synthesize_bytes(o));
    for (const auto& m : log.texts) {
      EXPECT_GE(m.severity, 5) << m.text;
      EXPECT_EQ(m.text.find("Preflight"), std::string::npos);
    }
  }
}

TEST(Synth, SizeIsReachedWithMoreFlights) {
  Options o;
  o.format = model::Format::kTlog;
  o.min_bytes = 3 << 20;
  auto bytes = synthesize_bytes(o);
  EXPECT_GE(bytes.size(), o.min_bytes);
  EXPECT_LT(bytes.size(), o.min_bytes + (2 << 20));
  model::Log log = read(bytes);
  const model::Topic* cmd = log.find("COMMAND_LONG");
  EXPECT_GE(cmd->count, 8u) << "each flight arms and disarms";
}

TEST(Synth, FaultNamesSetTheirFaultAndNothingElse) {
  Options::Faults f;
  EXPECT_TRUE(set_fault("gps-spoofing", &f));
  EXPECT_TRUE(f.gps_spoofing);
  EXPECT_FALSE(f.gps_jamming || f.gps_no_fix || f.low_battery || f.vibration || f.crash);
  EXPECT_TRUE(set_fault("gps-no-fix", &f));
  EXPECT_TRUE(f.gps_no_fix);
  for (const char* n : {"gps-jamming", "low-battery", "vibration", "crash"}) {
    EXPECT_TRUE(set_fault(n, &f)) << n;
    EXPECT_NE(std::string(kFaultNames).find(n), std::string::npos) << n;
  }
  EXPECT_TRUE(f.gps_jamming && f.low_battery && f.vibration && f.crash);
  EXPECT_FALSE(set_fault("gps", &f));
  EXPECT_FALSE(set_fault("", &f));
}

TEST(Synth, ReceiverReportsReachEveryFormatThatCarriesThem) {
  Options o;
  o.warnings = false;
  o.faults.gps_jamming = true;
  o.faults.gps_spoofing = true;
  auto largest = [](const model::Log& log, const char* topic, const char* field) {
    const model::Topic* t = log.find(topic);
    if (!t) return -1.0;
    int i = t->schema.find(field);
    double m = -1;
    for (size_t r = 0; i >= 0 && r < t->rows; ++r)
      m = std::max(m, t->value(static_cast<size_t>(i), r));
    return m;
  };
  o.format = model::Format::kULog;
  model::Log ulog = read(synthesize_bytes(o));
  EXPECT_EQ(largest(ulog, "vehicle_gps_position", "jamming_state"), 3);
  EXPECT_EQ(largest(ulog, "vehicle_gps_position", "spoofing_state"), 3);
  EXPECT_GE(largest(ulog, "vehicle_gps_position", "jamming_indicator"), 190);
  EXPECT_GE(largest(ulog, "vehicle_gps_position", "noise_per_ms"), 155);
  o.format = model::Format::kDataFlash;
  model::Log df = read(synthesize_bytes(o));
  EXPECT_GE(largest(df, "UBX1", "jamInd"), 190);
  EXPECT_GE(largest(df, "UBX1", "noisePerMS"), 155);
  o.format = model::Format::kTlog;
  model::Log tlog = read(synthesize_bytes(o));
  EXPECT_EQ(largest(tlog, "GNSS_INTEGRITY", "jamming_state"), 3);
  EXPECT_EQ(largest(tlog, "GNSS_INTEGRITY", "spoofing_state"), 3);
}

TEST(Synth, ParseSize) {
  EXPECT_EQ(parse_size("1G"), 1ull << 30);
  EXPECT_EQ(parse_size("64M"), 64ull << 20);
  EXPECT_EQ(parse_size("512K"), 512ull << 10);
  EXPECT_EQ(parse_size("1000"), 1000u);
  EXPECT_FALSE(parse_size("1X"));
  EXPECT_FALSE(parse_size(""));
  EXPECT_FALSE(parse_size("G"));
}

}  // namespace
}  // namespace skykeep::synth
