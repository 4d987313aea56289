// Flights, summaries and events: against synthesized flights whose truth the simulator knows,
// hand-built signals for the edge cases, and the real logs of ../shared/testdata (skipped,
// saying so, when it is absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "analysis/flight.h"
#include "analysis/geo.h"
#include "analysis/recorder.h"
#include "analysis/signals_io.h"
#include "base/endian.h"
#include "formats/detect.h"
#include "support/test_data.h"
#include "synth/flight.h"
#include "synth/synth.h"

namespace skykeep::analysis {
namespace {

std::vector<Flight> flights_of(const synth::Options& o) {
  Recorder r;
  synth::synthesize(o, r);  // the synthesizer pushes records as a reader would
  return analyze(r.take());
}

std::vector<Flight> flights_of_bytes(const synth::Options& o) {
  auto bytes = synth::synthesize_bytes(o);
  Recorder r;
  formats::ReaderOptions ro;
  auto reader = formats::make_detecting_reader(r, ro);
  EXPECT_TRUE(reader->feed(Bytes(bytes)).ok());
  EXPECT_TRUE(reader->finish().ok());
  return analyze(r.take());
}

std::set<std::string> kinds(const Flight& f) {
  std::set<std::string> k;
  for (const auto& e : f.events) k.insert(e.kind);
  return k;
}

const Event* find(const Flight& f, const std::string& kind) {
  for (const auto& e : f.events)
    if (e.kind == kind) return &e;
  return nullptr;
}

TEST(Series, KeepsEachBucketsExtremeWithItsOwnTime) {
  Series s;
  for (int i = 0; i < 10; ++i) s.add(i * 50000, i == 3 ? 9.0 : 1.0, Keep::kMax);  // 0..450 ms
  ASSERT_EQ(s.size(), 3u);  // buckets from 0, 200 and 400 ms
  EXPECT_EQ(s.t[0], 150000);
  EXPECT_EQ(s.v[0], 9.0);
  Series m;
  m.add(0, 5, Keep::kMin);
  m.add(100000, std::nan(""), Keep::kMin);
  m.add(120000, 2, Keep::kMin);
  m.add(150000, 3, Keep::kMin);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m.t[0], 120000);
  EXPECT_EQ(m.v[0], 2);
}

TEST(Series, KeepsEveryChangeOfAStateAndNothingElse) {
  Series s;
  for (int64_t t : {0, 1, 2, 3}) s.add(t, 0, Keep::kChange);
  s.add(4, 1, Keep::kChange);
  s.add(5, 1, Keep::kChange);
  s.add(6, 0, Keep::kChange);
  EXPECT_EQ(s.t, (std::vector<int64_t>{0, 4, 6}));
}

Signals armed_at(std::vector<std::pair<int64_t, double>> states, int64_t last) {
  Signals s;
  for (auto [t, v] : states) s[Ch::kArmed].add(t, v, Keep::kChange);
  s.any_time = true;
  s.first_us = 0;
  s.last_us = last;
  return s;
}

TEST(Segmentation, EachArmedPeriodIsAFlightAndAGlitchIsNot) {
  constexpr int64_t s = 1000000;
  Signals sig = armed_at(
      {{0, 0}, {10 * s, 1}, {70 * s, 0}, {80 * s, 1}, {80 * s + s / 2, 0}, {100 * s, 1}}, 150 * s);
  auto f = analyze(sig);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].summary.start_us, 10 * s);
  EXPECT_EQ(f[0].summary.end_us, 70 * s);
  EXPECT_FALSE(f[0].summary.ended_armed);
  EXPECT_EQ(f[1].summary.start_us, 100 * s);
  EXPECT_EQ(f[1].summary.end_us, 150 * s) << "a log that ends armed ends the flight";
  EXPECT_TRUE(f[1].summary.ended_armed);
  EXPECT_EQ(f[0].events.front().kind, "armed");
  EXPECT_EQ(f[0].events.back().kind, "disarmed");
}

TEST(Segmentation, WithoutAnArmingStateFlightsAreTheTimesInTheAir) {
  constexpr int64_t s = 1000000;
  Signals sig;
  for (auto [t, v] : {std::pair<int64_t, double>{0, 1}, {5 * s, 0}, {65 * s, 1}, {90 * s, 0}})
    sig[Ch::kLanded].add(t, v, Keep::kChange);
  sig.any_time = true;
  sig.last_us = 120 * s;
  auto f = analyze(sig);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].summary.takeoff_us, 5 * s);
  EXPECT_EQ(f[0].summary.landing_us, 65 * s);
  EXPECT_FALSE(f[1].summary.landing_us.has_value());
}

TEST(Segmentation, ALogWithNoStatesHasNoFlights) {
  Signals sig;
  sig.any_time = true;
  sig.last_us = 1000000000;
  EXPECT_TRUE(analyze(sig).empty());
  EXPECT_TRUE(analyze(Signals{}).empty());
}

// What the simulator flew, sampled as the analysis samples it.
struct Truth {
  int64_t arm, disarm;
  double max_alt = 0, distance = 0, home_lat, home_lon;
};

Truth truth(const synth::Options& o) {
  synth::Flight f(o.seed, 0, o.lat, o.lon, o.alt_amsl, 0, o);
  Truth t{f.arm_us(), f.disarm_us(), 0, 0, f.home_lat(), f.home_lon()};
  double plat = NAN, plon = NAN;
  for (int64_t u = f.start_us(); u <= f.end_us(); u += 5000) {
    synth::State s = f.at(u);
    if (!s.in_air) continue;
    t.max_alt = std::max(t.max_alt, s.alt_rel);
    if (u % kBucketUs < 5000) {
      if (!std::isnan(plat)) t.distance += geodesic_m(plat, plon, s.lat, s.lon);
      plat = s.lat, plon = s.lon;
    }
  }
  return t;
}

class SynthFlight : public ::testing::TestWithParam<model::Format> {};

TEST_P(SynthFlight, SummaryMatchesWhatTheSimulatorFlew) {
  for (uint64_t seed : {1, 7, 42}) {
    synth::Options o;
    o.format = GetParam();
    o.seed = seed;
    o.warnings = false;
    SCOPED_TRACE(seed);
    auto f = flights_of_bytes(o);
    ASSERT_EQ(f.size(), 1u);
    const Summary& s = f[0].summary;
    Truth t = truth(o);
    EXPECT_NEAR(
        static_cast<double>(s.start_us - (GetParam() == model::Format::kTlog ? o.utc_start_us : 0)),
        static_cast<double>(t.arm), 1e6);
    EXPECT_NEAR(s.duration_s, static_cast<double>(t.disarm - t.arm) / 1e6, 1.0);
    EXPECT_TRUE(s.took_off);
    ASSERT_TRUE(s.takeoff && s.landing);
    EXPECT_LT(geodesic_m(s.takeoff->lat, s.takeoff->lon, t.home_lat, t.home_lon), 5);
    EXPECT_LT(geodesic_m(s.landing->lat, s.landing->lon, t.home_lat, t.home_lon), 5);
    ASSERT_TRUE(s.max_altitude_m);
    EXPECT_NEAR(*s.max_altitude_m, t.max_alt, 1.5);
    ASSERT_TRUE(s.distance_m);
    EXPECT_NEAR(*s.distance_m, t.distance, 0.03 * t.distance);
    EXPECT_GT(*s.max_hspeed_mps, 7);
    EXPECT_LT(*s.max_hspeed_mps, 14);
    EXPECT_NEAR(*s.battery_start_pct, 100, 1);
    EXPECT_GT(*s.battery_end_pct, 60);
    EXPECT_GT(*s.consumed_mah, 500);
    EXPECT_GT(*s.min_voltage_v, 14);
    ASSERT_TRUE(s.utc_start_us);
    EXPECT_NEAR(static_cast<double>(*s.utc_start_us), static_cast<double>(o.utc_start_us + t.arm),
                1e6);
    EXPECT_EQ(s.modes.size(), GetParam() == model::Format::kULog ? 5u : 4u);
  }
}

TEST_P(SynthFlight, CleanFlightRaisesOnlyRoutineEvents) {
  const std::set<std::string> routine = {"armed", "disarmed", "takeoff", "landing", "mode_change"};
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    synth::Options o;
    o.format = GetParam();
    o.seed = seed;
    o.warnings = false;
    o.flights = 2;
    auto flights = flights_of(o);
    ASSERT_EQ(flights.size(), 2u);
    for (const auto& f : flights) {
      for (const auto& e : f.events) {
        EXPECT_TRUE(routine.count(e.kind)) << "seed " << seed << ": " << e.kind << " " << e.message;
        EXPECT_EQ(e.severity, Severity::kInfo);
      }
      for (const char* k : {"armed", "disarmed", "takeoff", "landing", "mode_change"})
        EXPECT_TRUE(kinds(f).count(k)) << k;
    }
  }
}

TEST_P(SynthFlight, WarningsOfTheAutopilotAreEvents) {
  synth::Options o;
  o.format = GetParam();
  auto f = flights_of(o);
  ASSERT_EQ(f.size(), 1u);
  if (GetParam() == model::Format::kDataFlash)
    return;  // MSG states no severity; this one has no alarm word
  const Event* e = find(f[0], "autopilot_message");
  ASSERT_TRUE(e);
  EXPECT_NE(e->text.find("High wind"), std::string::npos);
  EXPECT_EQ(e->severity, Severity::kWarning);
}

TEST_P(SynthFlight, GpsJammingRaisesGpsEventsWithEvidence) {
  synth::Options o;
  o.format = GetParam();
  o.warnings = false;
  o.faults.gps_jamming = true;
  auto f = flights_of_bytes(o);
  ASSERT_EQ(f.size(), 1u);
  const Event* jam = find(f[0], "gps_interference");
  ASSERT_TRUE(jam);
  EXPECT_FALSE(jam->values.empty());
  const Event* lost = find(f[0], "gps_lost");
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->severity, Severity::kCritical) << "lost in the air";
  const Event* back = find(f[0], "gps_regained");
  ASSERT_TRUE(back);
  EXPECT_NEAR(static_cast<double>(back->t - lost->t) / 1e6, 8, 0.5);
  EXPECT_LT(jam->t, lost->t);
}

TEST_P(SynthFlight, LowBatteryRaisesBatteryLow) {
  synth::Options o;
  o.format = GetParam();
  o.warnings = false;
  o.faults.low_battery = true;
  auto f = flights_of(o);
  ASSERT_EQ(f.size(), 1u);
  ASSERT_TRUE(find(f[0], "battery_low"));
  EXPECT_LT(*f[0].summary.battery_end_pct, 10);
  EXPECT_FALSE(find(f[0], "brownout")) << "a low pack is not a collapsed one";
}

TEST_P(SynthFlight, VibrationRaisesVibrationHigh) {
  synth::Options o;
  o.format = GetParam();
  o.warnings = false;
  o.faults.vibration = true;
  auto f = flights_of(o);
  ASSERT_EQ(f.size(), 1u);
  const Event* e = find(f[0], "vibration_high");
  ASSERT_TRUE(e);
  EXPECT_GE(e->values.at(0).second, 10);
}

TEST_P(SynthFlight, CrashRaisesCrashAndTheLogEndingInFlight) {
  synth::Options o;
  o.format = GetParam();
  o.warnings = false;
  o.faults.crash = true;
  auto f = flights_of_bytes(o);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(f[0].summary.ended_armed);
  const Event* c = find(f[0], "crash");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->severity, Severity::kCritical);
  const Event* b = find(f[0], "brownout");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->t, f[0].summary.end_us);
  EXPECT_FALSE(find(f[0], "landing"));
}

INSTANTIATE_TEST_SUITE_P(AllFormats, SynthFlight,
                         ::testing::Values(model::Format::kULog, model::Format::kDataFlash,
                                           model::Format::kTlog),
                         [](const auto& p) { return std::string(model::format_name(p.param)); });

#define SKIP_WITHOUT_SHARED()        \
  if (testing::shared_dir().empty()) \
  GTEST_SKIP() << "../shared/testdata is absent: real-log checks skipped"

std::vector<Flight> flights_of_file(const std::string& folder, const std::string& name) {
  model::Log log;
  formats::ReaderOptions o;
  o.mavlink_xml.push_back(testing::shared_dir() + "/mavlink-xml/ardupilotmega.xml");
  EXPECT_TRUE(
      formats::read_log_file(testing::shared_dir() + "/testdata/" + folder + "/" + name, o, &log)
          .ok());
  return analyze(signals_of(log));
}

TEST(RealLogs, BatteryBrownoutRaisesBrownoutWithTheVoltageAsEvidence) {
  SKIP_WITHOUT_SHARED();
  auto f = flights_of_file("ulog", "flightreviewrs_battery_brownout.ulg");
  ASSERT_EQ(f.size(), 1u);
  const Event* e = find(f[0], "brownout");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->topic, "battery_status");
  EXPECT_EQ(e->values.at(0).first, "voltage_v");
  EXPECT_LT(e->values.at(0).second, 1.0);
  EXPECT_EQ(e->severity, Severity::kCritical);
}

TEST(RealLogs, EkfFailureRaisesEkfFaultFromTheInnovationTestRatios) {
  SKIP_WITHOUT_SHARED();
  auto f = flights_of_file("ulog", "flightreviewrs_ekf_failure.ulg");
  ASSERT_EQ(f.size(), 1u);
  bool ratio = false;
  for (const auto& e : f[0].events)
    if (e.kind == "ekf_fault" && e.topic == "estimator_status" &&
        (e.values[0].first == "vel_test_ratio" || e.values[0].first == "pos_test_ratio")) {
      ratio = true;
      EXPECT_GE(e.values[0].second, 1.0);
      EXPECT_GT(e.t, 117000000);  // the reference: velocity from 117.3 s, position from 117.9 s
      EXPECT_LT(e.t, 119000000);
    }
  EXPECT_TRUE(ratio);
  EXPECT_TRUE(find(f[0], "crash")) << "the vehicle rolled past 100 degrees at 114.8 s";
}

TEST(RealLogs, EkfSelectorWhipsawRaisesEkfFaultFromTheSelector) {
  SKIP_WITHOUT_SHARED();
  auto f = flights_of_file("ulog", "flightreviewrs_ekf_selector_whipsaw.ulg");
  ASSERT_EQ(f.size(), 1u);
  std::vector<int64_t> at;
  for (const auto& e : f[0].events)
    if (e.kind == "ekf_fault" && e.topic == "estimator_selector_status") at.push_back(e.t);
  // The reference sees 3 switches in 3.2 s from 213.7 s and in 4.6 s from 271.7 s.
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(at[0] / 100000, 2137);
  EXPECT_EQ(at[1] / 100000, 2717);
  EXPECT_TRUE(f[0].summary.took_off);
}

TEST(RealLogs, EveryLogAnalysesIntoOrderedFlightsWithEventsInside) {
  SKIP_WITHOUT_SHARED();
  size_t flights = 0;
  for (const char* folder : {"ulog", "dataflash", "tlog"}) {
    for (const auto& p : testing::samples(folder)) {
      SCOPED_TRACE(p.string());
      auto f = flights_of_file(folder, p.filename().string());
      for (size_t i = 0; i < f.size(); ++i) {
        const Summary& s = f[i].summary;
        EXPECT_LT(s.start_us, s.end_us);
        if (i) {
          EXPECT_LE(f[i - 1].summary.end_us, s.start_us);
        }
        for (size_t k = 0; k < f[i].events.size(); ++k) {
          const Event& e = f[i].events[k];
          EXPECT_GE(e.t, s.start_us);
          EXPECT_LE(e.t, s.end_us);
          EXPECT_GE(event_kind_index(e.kind), 0) << e.kind;
          if (k) {
            EXPECT_LE(f[i].events[k - 1].t, e.t);
          }
        }
      }
      flights += f.size();
    }
  }
  EXPECT_GE(flights, 12u);
}

TEST(DerivedData, DataWrittenBeforeTheLaterChannelsStillReads) {
  constexpr int64_t kSec = 1000000;
  Signals s = armed_at({{0, 0}, {1 * kSec, 1}, {61 * kSec, 0}}, 70 * kSec);
  s[Ch::kLat].topic = "vehicle_gps_position";
  s[Ch::kLat].field = "lat";
  for (int64_t t = 0; t < 10 * kSec; t += kBucketUs) s[Ch::kLat].add(t, 47.0, Keep::kFirst);
  std::vector<std::byte> now = encode(s);
  // The same data as written when kSpoofing and the channels after it did not exist yet: a
  // smaller count, and without their (empty) entries, 12 bytes each.
  size_t old_count = static_cast<size_t>(Ch::kSpoofing), at = 8 + 4;
  for (size_t c = 0; c < old_count; ++c)
    at += 12 + s.ch[c].topic.size() + s.ch[c].field.size() + 16 * s.ch[c].size();
  std::vector<std::byte> old = now;
  old.erase(old.begin() + static_cast<ptrdiff_t>(at),
            old.begin() + static_cast<ptrdiff_t>(at + 12 * (kChannels - old_count)));
  store_le<uint32_t>(old.data() + 8, static_cast<uint32_t>(old_count));
  auto back = decode(Bytes(old));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(back->ch[0].t, s.ch[0].t);
  EXPECT_EQ(back->ch[0].topic, "vehicle_gps_position");
  EXPECT_EQ((*back)[Ch::kArmed].v, s[Ch::kArmed].v);
  EXPECT_TRUE((*back)[Ch::kSpoofing].empty());
  EXPECT_EQ(back->last_us, s.last_us);
  ASSERT_TRUE(decode(Bytes(now)).has_value());
  // More channels than this version knows is data of a later version.
  std::vector<std::byte> later = now;
  store_le<uint32_t>(later.data() + 8, static_cast<uint32_t>(kChannels + 1));
  EXPECT_FALSE(decode(Bytes(later)).has_value());
}

TEST(Channels, NamesFindTheirChannelAndPhysicalOnesHaveUnits) {
  for (size_t c = 0; c < kChannels; ++c) {
    auto ch = static_cast<Ch>(c);
    ASSERT_EQ(channel_by_name(channel_name(ch)), ch) << channel_name(ch);
  }
  EXPECT_FALSE(channel_by_name("altitude").has_value());
  EXPECT_STREQ(channel_unit(Ch::kAltRel), "m");
  EXPECT_STREQ(channel_unit(Ch::kHSpeed), "m/s");
  EXPECT_STREQ(channel_unit(Ch::kVoltage), "V");
  EXPECT_STREQ(channel_unit(Ch::kMode), "");
}

}  // namespace
}  // namespace skykeep::analysis
