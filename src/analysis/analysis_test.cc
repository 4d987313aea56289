// Flights, summaries and events: against synthesized flights whose truth the simulator knows,
// hand-built signals for the edge cases, and the real logs of ../shared/testdata (skipped,
// saying so, when it is absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <set>
#include <string_view>

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

size_t count(const Flight& f, const std::string& kind) {
  size_t n = 0;
  for (const auto& e : f.events) n += e.kind == kind;
  return n;
}

// The value of an event's evidence for `field` with a qualifier ("peak ", "baseline ", or none),
// the field named plainly or as "TOPIC.field" (a value from another topic than the event's own);
// NaN when absent.
double evidence(const Event& e, std::string_view qualifier, std::string_view field) {
  for (const auto& [k, v] : e.values) {
    std::string_view key = k;
    if (!key.starts_with(qualifier)) continue;
    key.remove_prefix(qualifier.size());
    size_t dot = key.find('.');
    if (key == field ||
        (dot != std::string_view::npos && dot > 0 &&
         key.substr(0, dot).find(' ') == std::string_view::npos && key.substr(dot + 1) == field))
      return v;
  }
  return NAN;
}

TEST(Series, KeepsEachBucketsExtremeWithItsOwnTime) {
  Series s;
  for (int64_t i = 0; i < 10; ++i) s.add(i * 50000, i == 3 ? 9.0 : 1.0, Keep::kMax);  // 0..450 ms
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

constexpr int64_t kSec = 1000000;

Signals armed_at(const std::vector<std::pair<int64_t, double>>& states, int64_t last) {
  Signals s;
  for (auto [t, v] : states) s[Ch::kArmed].add(t, v, Keep::kChange);
  s.any_time = true;
  s.first_us = 0;
  s.last_us = last;
  return s;
}

TEST(Segmentation, EachArmedPeriodIsAFlightAndAGlitchIsNot) {
  Signals sig = armed_at({{0, 0},
                          {10 * kSec, 1},
                          {70 * kSec, 0},
                          {80 * kSec, 1},
                          {80 * kSec + kSec / 2, 0},
                          {100 * kSec, 1}},
                         150 * kSec);
  auto f = analyze(sig);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].summary.start_us, 10 * kSec);
  EXPECT_EQ(f[0].summary.end_us, 70 * kSec);
  EXPECT_FALSE(f[0].summary.ended_armed);
  EXPECT_EQ(f[1].summary.start_us, 100 * kSec);
  EXPECT_EQ(f[1].summary.end_us, 150 * kSec) << "a log that ends armed ends the flight";
  EXPECT_TRUE(f[1].summary.ended_armed);
  EXPECT_EQ(f[0].events.front().kind, "armed");
  EXPECT_EQ(f[0].events.back().kind, "disarmed");
}

TEST(Segmentation, WithoutAnArmingStateFlightsAreTheTimesInTheAir) {
  Signals sig;
  for (auto [t, v] :
       {std::pair<int64_t, double>{0, 1}, {5 * kSec, 0}, {65 * kSec, 1}, {90 * kSec, 0}})
    sig[Ch::kLanded].add(t, v, Keep::kChange);
  sig.any_time = true;
  sig.last_us = 120 * kSec;
  auto f = analyze(sig);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].summary.takeoff_us, 5 * kSec);
  EXPECT_EQ(f[0].summary.landing_us, 65 * kSec);
  EXPECT_FALSE(f[1].summary.landing_us.has_value());
}

TEST(Segmentation, ALogWithNoStatesHasNoFlights) {
  Signals sig;
  sig.any_time = true;
  sig.last_us = 1000000000;
  EXPECT_TRUE(analyze(sig).empty());
  EXPECT_TRUE(analyze(Signals{}).empty());
}

// What a receiver reports at one sample.
struct Rx {
  double fix = 3, sats = 14, eph = 0.8, jamming = 1, spoofing = 1, indicator = 20, noise = 100;
};

// A flight armed from 1 s to 61 s whose receiver reports at 5 Hz what `at` makes of the defaults.
Signals receiver_flight(const std::function<void(int64_t t, Rx*)>& at) {
  Signals s = armed_at({{0, 0}, {1 * kSec, 1}, {61 * kSec, 0}}, 70 * kSec);
  constexpr std::pair<Ch, const char*> kFields[] = {{Ch::kGpsFix, "fix_type"},
                                                    {Ch::kSats, "satellites_used"},
                                                    {Ch::kEph, "eph"},
                                                    {Ch::kJamming, "jamming_state"},
                                                    {Ch::kSpoofing, "spoofing_state"},
                                                    {Ch::kJamIndicator, "jamming_indicator"},
                                                    {Ch::kGpsNoise, "noise_per_ms"}};
  for (auto [c, field] : kFields) s[c].topic = "vehicle_gps_position", s[c].field = field;
  for (int64_t t = 0; t <= 70 * kSec; t += kBucketUs) {
    Rx r;
    at(t, &r);
    for (auto [c, v] : {std::pair{Ch::kGpsFix, r.fix},
                        {Ch::kSats, r.sats},
                        {Ch::kEph, r.eph},
                        {Ch::kJamming, r.jamming},
                        {Ch::kSpoofing, r.spoofing},
                        {Ch::kJamIndicator, r.indicator},
                        {Ch::kGpsNoise, r.noise}})
      s[c].add(t, v, channel_keep(c));
  }
  return s;
}

// The one flight of a receiver_flight whose monitor sits at `base` and rises to `level` from
// 20 s for `span` (both ends included); its gps_interference event, or nullopt.
std::optional<Event> monitor_rise(double base, double level, int64_t span, bool noise = false) {
  auto f = analyze(receiver_flight([&](int64_t t, Rx* r) {
    double v = t >= 20 * kSec && t <= 20 * kSec + span ? level : base;
    (noise ? r->noise : r->indicator) = v;
  }));
  EXPECT_EQ(f.size(), 1u);
  if (f.size() != 1 || !find(f[0], "gps_interference")) return std::nullopt;
  EXPECT_EQ(count(f[0], "gps_interference"), 1u);
  return *find(f[0], "gps_interference");
}

TEST(GpsInterference, JammingIndicatorCountsAboveItsFloorAndThreeTimesItsBaseline) {
  // Baseline 20: the floor of 100 is the limit.
  EXPECT_FALSE(monitor_rise(20, 100, 5 * kSec));
  auto e = monitor_rise(20, 101, 5 * kSec);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->t, 20 * kSec);
  EXPECT_EQ(e->severity, Severity::kWarning);
  EXPECT_EQ(e->topic, "vehicle_gps_position");
  EXPECT_EQ(evidence(*e, "", "jamming_indicator"), 101);
  EXPECT_EQ(evidence(*e, "baseline ", "jamming_indicator"), 20);
  EXPECT_EQ(evidence(*e, "peak ", "jamming_indicator"), 101);
  EXPECT_EQ(e->message, "GPS interference: jamming indicator up to 101 (baseline 20)");
  // Baseline 40: three times it, 120, is the limit.
  EXPECT_FALSE(monitor_rise(40, 120, 5 * kSec));
  e = monitor_rise(40, 121, 5 * kSec);
  ASSERT_TRUE(e);
  EXPECT_EQ(evidence(*e, "baseline ", "jamming_indicator"), 40);
}

TEST(GpsInterference, TheMonitorMustHoldItsLevelForTwoSeconds) {
  EXPECT_FALSE(monitor_rise(20, 150, 1800000));
  auto e = monitor_rise(20, 150, 2 * kSec);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->t, 20 * kSec) << "when it began, not when it had lasted";
}

TEST(GpsInterference, NoiseCountsAboveOneAndAHalfTimesItsBaseline) {
  EXPECT_FALSE(monitor_rise(100, 150, 5 * kSec, true));
  auto e = monitor_rise(100, 151, 5 * kSec, true);
  ASSERT_TRUE(e);
  EXPECT_EQ(evidence(*e, "baseline ", "noise_per_ms"), 100);
  EXPECT_EQ(evidence(*e, "peak ", "noise_per_ms"), 151);
  EXPECT_TRUE(std::isnan(evidence(*e, "peak ", "jamming_indicator")));
  // A receiver that reports no noise level (0, as PX4's simulator) has no baseline to rise from.
  EXPECT_FALSE(monitor_rise(0, 90, 5 * kSec, true));
}

TEST(GpsInterference, TheReceiversJammingReportRaisesItAtOnce) {
  for (double state : {2.0, 3.0}) {
    auto f = analyze(receiver_flight([&](int64_t t, Rx* r) {
      if (t == 30 * kSec) r->jamming = state;  // one sample
    }));
    ASSERT_EQ(f.size(), 1u);
    const Event* e = find(f[0], "gps_interference");
    ASSERT_TRUE(e) << state;
    EXPECT_EQ(e->t, 30 * kSec);
    EXPECT_EQ(e->severity, state == 3 ? Severity::kCritical : Severity::kWarning);
    EXPECT_EQ(evidence(*e, "", "jamming_state"), state);
    EXPECT_EQ(evidence(*e, "", "fix_type"), 3);
  }
  auto f = analyze(receiver_flight([](int64_t, Rx* r) { r->jamming = 0; }));  // unknown
  EXPECT_FALSE(find(f.at(0), "gps_interference"));
}

TEST(GpsSpoofing, TheReceiversReportRaisesOneEventPerEpisode) {
  auto f = analyze(receiver_flight([](int64_t t, Rx* r) {
    if (t >= 10 * kSec && t < 14 * kSec) r->spoofing = 2;
    if (t >= 14 * kSec && t < 18 * kSec) r->spoofing = 3;
    if (t >= 40 * kSec && t < 41 * kSec) r->spoofing = 2;
  }));
  ASSERT_EQ(f.size(), 1u);
  std::vector<const Event*> e;
  for (const auto& x : f[0].events)
    if (x.kind == "gps_spoofing") e.push_back(&x);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0]->t, 10 * kSec);
  EXPECT_EQ(e[0]->severity, Severity::kCritical);
  EXPECT_EQ(e[0]->topic, "vehicle_gps_position");
  EXPECT_EQ(evidence(*e[0], "", "spoofing_state"), 2);
  EXPECT_EQ(evidence(*e[0], "worst ", "spoofing_state"), 3);
  EXPECT_EQ(evidence(*e[0], "", "satellites_used"), 14);
  EXPECT_NE(e[0]->message.find("for 7.8 s"), std::string::npos) << e[0]->message;
  EXPECT_EQ(e[1]->t, 40 * kSec);
  EXPECT_EQ(e[1]->severity, Severity::kWarning);
  EXPECT_FALSE(find(f[0], "gps_interference")) << "spoofing is not interference";
}

TEST(GpsNoFix, AGroundRunWithoutAFixIsAWarningAtArming) {
  auto f = analyze(receiver_flight([](int64_t, Rx* r) {
    r->fix = 1;
    r->sats = 3;
    r->eph = 4294967.5;  // what a u-blox receiver reports without a solution
  }));
  ASSERT_EQ(f.size(), 1u);
  ASSERT_FALSE(f[0].summary.took_off);
  const Event* e = find(f[0], "gps_no_fix");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->t, 1 * kSec);
  EXPECT_EQ(e->severity, Severity::kWarning);
  EXPECT_EQ(e->message,
            "armed without a GPS 3D fix: best fix type 1, 3 satellites at most (median 3), no "
            "accuracy estimate (4294968 m)");
  EXPECT_FALSE(find(f[0], "gps_lost"));
  EXPECT_FALSE(find(f[0], "gps_interference"));
}

TEST(GpsNoFix, AFixThatCameAndWentOrNoReceiverIsNotIt) {
  // A 2D fix is no 3D fix.
  auto f = analyze(receiver_flight([](int64_t, Rx* r) { r->fix = 2; }));
  EXPECT_TRUE(find(f.at(0), "gps_no_fix"));
  // A fix held at arming and lost is gps_lost.
  f = analyze(receiver_flight([](int64_t t, Rx* r) { r->fix = t <= 1 * kSec ? 3 : 1; }));
  EXPECT_FALSE(find(f.at(0), "gps_no_fix"));
  EXPECT_TRUE(find(f.at(0), "gps_lost"));
  // A fix only late in the flight.
  f = analyze(receiver_flight([](int64_t t, Rx* r) { r->fix = t < 50 * kSec ? 1 : 3; }));
  EXPECT_FALSE(find(f.at(0), "gps_no_fix"));
  // A boat, rover or submarine under way without a fix: information, not an alarm.
  Signals boat = receiver_flight([](int64_t, Rx* r) { r->fix = 0; });
  boat.aerial = false;
  f = analyze(boat);
  ASSERT_TRUE(find(f.at(0), "gps_no_fix"));
  EXPECT_EQ(find(f.at(0), "gps_no_fix")->severity, Severity::kInfo);
  EXPECT_EQ(find(f.at(0), "gps_no_fix")->message.rfind("under way without a GPS 3D fix", 0), 0u);
  // No receiver in the log at all.
  Signals s = armed_at({{0, 0}, {1 * kSec, 1}, {61 * kSec, 0}}, 70 * kSec);
  f = analyze(s);
  EXPECT_FALSE(find(f.at(0), "gps_no_fix"));
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

// The fields each format's receiver reports through (nullptr: the format has no such field).
struct GnssFields {
  const char *fix, *sats, *eph, *jamming, *spoofing, *indicator, *noise;
};
GnssFields gnss_fields(model::Format f) {
  switch (f) {
    case model::Format::kDataFlash:  // GPS, and UBX1 for the u-blox monitor
      return {"Status", "NSats",     "eph_m (from HDop x 2.5)", nullptr, nullptr,
              "jamInd", "noisePerMS"};
    case model::Format::kTlog:  // GPS_RAW_INT, and GNSS_INTEGRITY for the receiver's reports
      return {"fix_type",      "satellites_visible", "eph_m (from h_acc, or eph x 2.5 / 100)",
              "jamming_state", "spoofing_state",     nullptr,
              nullptr};
    default:  // vehicle_gps_position
      return {"fix_type",       "satellites_used",   "eph",         "jamming_state",
              "spoofing_state", "jamming_indicator", "noise_per_ms"};
  }
}

// The time on the log's clock of a time of the simulated flight (a tlog's clock is UTC).
int64_t log_time(const synth::Options& o, int64_t sim_us) {
  return sim_us + (o.format == model::Format::kTlog ? o.utc_start_us : 0);
}

// When the simulated flight's mission begins (the faults are timed from it).
int64_t mission_start(const synth::Options& o) {
  synth::Flight f(o.seed, 0, o.lat, o.lon, o.alt_amsl, 0, o);
  for (const auto& [t, m] : f.mode_changes())
    if (m == synth::Mode::kMission) return t;
  return 0;
}

TEST_P(SynthFlight, GpsJammingRaisesGpsEventsWithEvidence) {
  synth::Options o;
  o.format = GetParam();
  o.warnings = false;
  o.faults.gps_jamming = true;
  auto f = flights_of_bytes(o);
  ASSERT_EQ(f.size(), 1u);
  ASSERT_EQ(count(f[0], "gps_interference"), 1u) << "one episode";
  const Event* jam = find(f[0], "gps_interference");
  EXPECT_EQ(jam->severity, Severity::kCritical);
  EXPECT_NEAR(static_cast<double>(jam->t - log_time(o, mission_start(o) + 20000000)) / 1e6, 0, 0.3);
  EXPECT_NE(jam->message.find("accuracy"), std::string::npos) << jam->message;
  GnssFields g = gnss_fields(GetParam());
  if (g.jamming) {  // the receiver's own report
    EXPECT_EQ(evidence(*jam, "worst ", g.jamming), 3);
    EXPECT_NE(jam->message.find("jamming reported by the receiver (state 3"), std::string::npos)
        << jam->message;
  }
  if (g.indicator) {  // the interference monitor against the flight's baseline
    EXPECT_NEAR(evidence(*jam, "baseline ", g.indicator), 13, 3);
    EXPECT_GE(evidence(*jam, "peak ", g.indicator), 190);
    EXPECT_NEAR(evidence(*jam, "baseline ", g.noise), 95, 6);
    EXPECT_GE(evidence(*jam, "peak ", g.noise), 155);
    EXPECT_NE(jam->message.find("jamming indicator up to"), std::string::npos) << jam->message;
    EXPECT_NE(jam->message.find("noise level up to"), std::string::npos) << jam->message;
  }
  EXPECT_GT(evidence(*jam, "worst ", g.eph), 12);
  EXPECT_EQ(evidence(*jam, "fewest ", g.sats), 4) << "while it still had a solution";
  EXPECT_NEAR(evidence(*jam, "baseline ", g.sats), 14, 1);
  const Event* lost = find(f[0], "gps_lost");
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->severity, Severity::kCritical) << "lost in the air";
  const Event* back = find(f[0], "gps_regained");
  ASSERT_TRUE(back);
  EXPECT_NEAR(static_cast<double>(back->t - lost->t) / 1e6, 8, 0.5);
  EXPECT_LT(jam->t, lost->t);
  EXPECT_FALSE(find(f[0], "gps_spoofing"));
  EXPECT_FALSE(find(f[0], "gps_no_fix"));
}

TEST_P(SynthFlight, GpsSpoofingRaisesGpsSpoofingWhereTheFormatCarriesIt) {
  synth::Options o;
  o.format = GetParam();
  o.warnings = false;
  o.faults.gps_spoofing = true;
  auto f = flights_of_bytes(o);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_FALSE(find(f[0], "gps_interference"));
  EXPECT_FALSE(find(f[0], "gps_lost"));
  const char* field = gnss_fields(GetParam()).spoofing;
  if (!field) {
    EXPECT_FALSE(find(f[0], "gps_spoofing")) << "ArduPilot's DataFlash logs no spoofing state";
    return;
  }
  ASSERT_EQ(count(f[0], "gps_spoofing"), 1u) << "one episode";
  const Event* e = find(f[0], "gps_spoofing");
  EXPECT_EQ(e->severity, Severity::kCritical);
  EXPECT_NEAR(static_cast<double>(e->t - log_time(o, mission_start(o) + 50000000)) / 1e6, 0, 1.1);
  EXPECT_EQ(evidence(*e, "", field), 2) << "indicated first";
  EXPECT_EQ(evidence(*e, "worst ", field), 3) << "then detected";
  EXPECT_EQ(evidence(*e, "", gnss_fields(GetParam()).fix), 3) << "the fix held";
  EXPECT_NE(e->message.find("detected) for 1"), std::string::npos) << e->message;
}

TEST_P(SynthFlight, FlightWithoutAFixRaisesGpsNoFixWithItsEvidence) {
  synth::Options o;
  o.format = GetParam();
  o.warnings = false;
  o.faults.gps_no_fix = true;
  auto f = flights_of_bytes(o);
  ASSERT_EQ(f.size(), 1u);
  ASSERT_TRUE(f[0].summary.took_off);
  ASSERT_EQ(count(f[0], "gps_no_fix"), 1u);
  const Event* e = find(f[0], "gps_no_fix");
  EXPECT_EQ(e->severity, Severity::kCritical) << "it flew";
  EXPECT_EQ(e->t, *f[0].summary.takeoff_us);
  GnssFields g = gnss_fields(GetParam());
  EXPECT_EQ(evidence(*e, "best ", g.fix), 1);
  EXPECT_GE(evidence(*e, "max ", g.sats), 2);
  EXPECT_LE(evidence(*e, "max ", g.sats), 6);
  EXPECT_GE(evidence(*e, "median ", g.sats), 2);
  EXPECT_GE(evidence(*e, "best ", g.eph), 99);
  EXPECT_GE(evidence(*e, "median ", g.eph), 99);
  EXPECT_NE(e->message.find("flew without a GPS 3D fix"), std::string::npos) << e->message;
  for (const auto& x : f[0].events) {
    if (x.kind != "gps_no_fix") {
      EXPECT_EQ(x.severity, Severity::kInfo) << x.kind << " " << x.message;
    }
  }
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

TEST(RealLogs, GnssEventsOnlyWhereTheLogShowsThem) {
  SKIP_WITHOUT_SHARED();
  // Each log's flights, with the receiver's states and monitor where it logs them: no jamming or
  // spoofing report above ok, no monitor above its limits, no fix lost (docs/vault.md). One
  // flight was flown without a fix: a quadrotor in Stabilized mode whose receiver never had one.
  for (const char* folder : {"ulog", "dataflash", "tlog"}) {
    for (const auto& p : testing::samples(folder)) {
      SCOPED_TRACE(p.string());
      bool no_fix_flight = p.filename() == "px4ulogrs_quadrotor_local.ulg";
      for (const Flight& f : flights_of_file(folder, p.filename().string())) {
        for (const char* k : {"gps_lost", "gps_interference", "gps_spoofing"})
          EXPECT_FALSE(find(f, k)) << k << ": " << find(f, k)->message;
        EXPECT_EQ(count(f, "gps_no_fix"), no_fix_flight ? 1u : 0u);
      }
    }
  }
  auto f = flights_of_file("ulog", "px4ulogrs_quadrotor_local.ulg");
  ASSERT_EQ(f.size(), 1u);
  const Event* e = find(f[0], "gps_no_fix");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->severity, Severity::kCritical);
  EXPECT_EQ(e->t, *f[0].summary.takeoff_us);
  EXPECT_EQ(e->topic, "vehicle_gps_position");
  EXPECT_EQ(evidence(*e, "best ", "fix_type"), 0);
  EXPECT_EQ(evidence(*e, "max ", "satellites_used"), 0);
  EXPECT_GT(evidence(*e, "median ", "eph"), 4e6) << "u-blox's 'no estimate'";
}

TEST(DerivedData, DataWrittenBeforeTheLaterChannelsStillReads) {
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
