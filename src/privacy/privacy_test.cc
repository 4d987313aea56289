// Policies, classification, redaction: unit tests, and the properties of issue 4 checked with
// RapidCheck on synthesized flights of all three formats: nothing denied leaves in any
// encoding, redacting twice changes nothing, a rule never adds output; and the end-point
// attack on a sensitive zone.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "analysis/flight.h"
#include "analysis/recorder.h"
#include "base/utc.h"
#include "formats/detect.h"
#include "formats/log_sink.h"
#include "formats/window_sink.h"
#include "formats/writer.h"
#include "privacy/classify.h"
#include "privacy/policy.h"
#include "privacy/redact.h"
#include "support/test_data.h"
#include "synth/synth.h"

namespace skykeep::privacy {
namespace {

constexpr double kHomeLat = 47.397742, kHomeLon = 8.545594;
constexpr double kMetresPerDegree = 111320.0;
const std::string kSerial = "QX7KZ4MARKER91";
const std::string kNote = "NOTEMARK pilot QX7KZ4MARKER91 at 47.3977420 8.5455940";

double north(double metres) { return metres / kMetresPerDegree; }
double east(double metres, double lat = kHomeLat) {
  return metres / (kMetresPerDegree * std::cos(lat * M_PI / 180));
}

// ---------------------------------------------------------------------------------------------
// Policies

TEST(Policy, NoPolicyDeniesEverything) {
  auto p = parse_policy("");
  ASSERT_TRUE(p.has_value());
  auto r = p->recipient("anyone");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), Status::Code::kPermissionDenied);
  EXPECT_NE(r.error().message().find("nothing may leave"), std::string::npos);
  auto t = parse_policy(kPolicyTemplate);  // the template names no one
  ASSERT_TRUE(t.has_value()) << t.error().message();
  EXPECT_FALSE(t->recipient("insurer").has_value());
}

TEST(Policy, ReadsEveryKey) {
  auto p = parse_policy(R"(
[zones.home]
circle = { lat = 47.5, lon = 8.5, radius_m = 150 }
[zones.depot]
polygon = [[47.40, 8.50], [47.41, 8.50], [47.41, 8.52]]
[recipients.insurer]
identity = "summary"
location = "coarse"
telemetry = "full"
text = "none"
media = "none"
grid_m = 250
zones = ["home"]
time_slice = ["2026-01-01T00:00:00Z", "2026-12-31T23:59:59Z"]
time_shift_s = -3600
relative_track = true
pseudonyms = false
[recipients.mechanic]
telemetry = "full"
zones = []
)");
  ASSERT_TRUE(p.has_value()) << p.error().message();
  auto r = p->recipient("insurer");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->level(DataClass::kIdentity), Level::kSummary);
  EXPECT_EQ(r->level(DataClass::kLocation), Level::kCoarse);
  EXPECT_EQ(r->level(DataClass::kTelemetry), Level::kFull);
  EXPECT_EQ(r->grid_m, 250);
  EXPECT_EQ(*r->slice_from_us, *parse_utc("2026-01-01T00:00:00Z"));
  EXPECT_EQ(r->time_shift_s, -3600);
  EXPECT_TRUE(r->relative_track);
  EXPECT_FALSE(r->pseudonyms);
  ASSERT_EQ(p->zones_for(*r).size(), 1u);
  EXPECT_TRUE(p->zones_for(*r)[0].contains(47.5 + north(140), 8.5));
  EXPECT_FALSE(p->zones_for(*r)[0].contains(47.5 + north(160), 8.5));
  const Zone& depot = p->zones.at("depot");
  EXPECT_TRUE(depot.contains(47.408, 8.505));
  EXPECT_FALSE(depot.contains(47.402, 8.515));
  auto m = p->recipient("mechanic");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->level(DataClass::kLocation), Level::kNone);  // unnamed classes: none
  EXPECT_TRUE(p->zones_for(*m).empty());                    // zones = []: none apply
  auto all = parse_policy(
      "[zones.a]\ncircle = { lat = 1, lon = 2, radius_m = 3 }\n[recipients.x]\ntext = \"full\"\n");
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->zones_for(*all->recipient("x")).size(), 1u);  // no zones key: every zone
}

TEST(Policy, ATypoOrABadValueIsRefusedWithItsLine) {
  struct Case {
    const char* toml;
    const char* line;
    const char* says;
  } cases[] = {
      {"[recipients.x]\nlocaton = \"full\"\n", "line 2", "unknown key 'locaton'"},
      {"[recipients.x]\nlocation = \"ful\"\n", "line 2", "none, summary, coarse or full"},
      {"[recipients.x]\ngrid_m = -5\n", "line 2", "grid_m"},
      {"[recipients.x]\nzones = [\"nowhere\"]\n", "line 2", "no zone called nowhere"},
      {"[zones.h]\ncircle = { lat = 95, lon = 8, radius_m = 10 }\n", "line 2", "circle"},
      {"[zones.h]\npolygon = [[1, 2], [3, 4]]\n", "line 2", "three corners"},
      {"[recipients.x]\ntime_slice = [\"2026-02-01T00:00:00Z\", \"2026-01-01T00:00:00Z\"]\n",
       "line 2", "time_slice"},
      {"[recipient.x]\ntext = \"full\"\n", "line 1", "recipient"},
      {"[recipients.x\n", "line 1", ""},
  };
  for (const auto& c : cases) {
    auto p = parse_policy(c.toml);
    ASSERT_FALSE(p.has_value()) << c.toml;
    EXPECT_EQ(p.error().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(p.error().message().find(c.line), std::string::npos) << p.error().message();
    EXPECT_NE(p.error().message().find(c.says), std::string::npos) << p.error().message();
    EXPECT_EQ(p.error().message().find('\n'), std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------
// Classification

model::Schema schema(const std::string& name,
                     const std::vector<std::pair<std::string, model::FieldType>>& fields) {
  model::Schema s;
  s.name = name;
  uint32_t off = 0;
  for (auto& [n, t] : fields) {
    model::Field f;
    f.name = n;
    f.type = t;
    f.offset = off;
    off += f.width();
    s.fields.push_back(f);
  }
  s.payload_size = off;
  return s;
}

TEST(Classify, PositionsOfEveryKindAreLocation) {
  using T = model::FieldType;
  auto gps =
      schema("vehicle_gps_position",
             {{"lat", T::kInt32}, {"lon", T::kInt32}, {"alt", T::kInt32}, {"eph", T::kFloat32}});
  auto pf = position_fields(gps);
  ASSERT_EQ(pf.pairs.size(), 1u);
  EXPECT_EQ(pf.pairs[0].k, 1e-7);  // integers without a scale: 1e-7 degrees
  EXPECT_TRUE(pf.pairs[0].vehicle);
  EXPECT_EQ(classify_field(gps, 2).cls, DataClass::kLocation);
  EXPECT_EQ(classify_field(gps, 3).cls, DataClass::kTelemetry);

  auto local = schema("vehicle_local_position", {{"x", T::kFloat32},
                                                 {"ref_lat", T::kFloat64},
                                                 {"ref_lon", T::kFloat64},
                                                 {"vx", T::kFloat32}});
  pf = position_fields(local);
  ASSERT_EQ(pf.pairs.size(), 1u);
  EXPECT_FALSE(pf.pairs[0].vehicle);  // the origin, not the vehicle
  EXPECT_EQ(pf.pairs[0].k, 1.0);
  EXPECT_EQ(classify_field(local, 0).role, Role::kLocal);
  EXPECT_EQ(classify_field(local, 3).role, Role::kVelocity);  // a derivative of position
  EXPECT_EQ(classify_field(local, 0).cls, DataClass::kLocation);
  EXPECT_EQ(classify_field(local, 3).cls, DataClass::kLocation);

  auto triplet = schema("position_setpoint_triplet", {{"current.lat", T::kFloat64},
                                                      {"previous.lon", T::kFloat64},
                                                      {"previous.lat", T::kFloat64},
                                                      {"current.lon", T::kFloat64}});
  pf = position_fields(triplet);
  ASSERT_EQ(pf.pairs.size(), 2u);  // each latitude with its own longitude
  EXPECT_EQ(pf.pairs[0].lat, 0);
  EXPECT_EQ(pf.pairs[0].lon, 3);
  EXPECT_EQ(pf.pairs[1].lat, 2);
  EXPECT_EQ(pf.pairs[1].lon, 1);
  EXPECT_FALSE(pf.pairs[0].vehicle);

  auto mission =
      schema("MISSION_ITEM_INT", {{"x", T::kInt32}, {"y", T::kInt32}, {"z", T::kFloat32}});
  pf = position_fields(mission);
  ASSERT_EQ(pf.pairs.size(), 1u);
  EXPECT_EQ(pf.pairs[0].k, 1e-7);
  EXPECT_EQ(classify_field(mission, 0).cls, DataClass::kLocation);

  auto df = schema("GPS", {{"Lat", T::kInt32}, {"Lng", T::kInt32}});
  df.fields[0].scale = df.fields[1].scale = 1e-7;
  pf = position_fields(df);
  ASSERT_EQ(pf.pairs.size(), 1u);
  EXPECT_EQ(pf.pairs[0].k, 1.0);  // the format's scale gives degrees already
  EXPECT_TRUE(pf.pairs[0].vehicle);
  EXPECT_FALSE(
      position_fields(schema("CMD", {{"Lat", T::kInt32}, {"Lng", T::kInt32}})).pairs[0].vehicle);

  EXPECT_EQ(classify_param("SIM_OPOS_LAT").cls, DataClass::kLocation);
  EXPECT_EQ(classify_param("FENCE_RADIUS").cls, DataClass::kTelemetry);
  EXPECT_EQ(classify_param("BRD_SERIAL_NUM").cls, DataClass::kIdentity);
  EXPECT_NE(classify_param("PLATFORM").cls,
            DataClass::kLocation);  // "lat" inside a word is not latitude
}

TEST(Classify, IdentifiersTextAndMedia) {
  using T = model::FieldType;
  auto bat = schema("battery_status", {{"serial_number", T::kChar}, {"voltage_v", T::kFloat32}});
  EXPECT_EQ(classify_field(bat, 0).cls, DataClass::kIdentity);
  auto ver = schema("AUTOPILOT_VERSION", {{"uid", T::kUInt64}, {"uid2[0]", T::kUInt8}});
  EXPECT_EQ(classify_field(ver, 0).cls, DataClass::kIdentity);
  EXPECT_EQ(classify_field(ver, 1).cls, DataClass::kIdentity);
  auto st = schema("STATUSTEXT", {{"severity", T::kUInt8}, {"text", T::kChar}});
  EXPECT_EQ(classify_field(st, 1).cls, DataClass::kText);
  auto cam = schema("camera_capture", {{"seq", T::kUInt32}});
  EXPECT_EQ(classify_field(cam, 0).cls, DataClass::kMedia);
  EXPECT_EQ(classify_info({"sys_uuid", "", std::string("x")}).cls, DataClass::kIdentity);
  EXPECT_EQ(classify_info({"ver_sw", "", std::string("x")}).cls, DataClass::kTelemetry);
  EXPECT_EQ(classify_info({"boot_console_output", "", std::string("x")}).cls, DataClass::kText);
}

// A topic of double columns with the given rows (time, then one value per field).
model::Topic topic_of(const model::Schema& sc, const std::vector<std::vector<double>>& rows) {
  model::Topic t;
  t.schema = sc;
  for (const auto& f : sc.fields) t.columns.emplace_back(f.width());
  for (const auto& r : rows) {
    int64_t tm = static_cast<int64_t>(r[0]);
    t.time.bytes().append(reinterpret_cast<const std::byte*>(&tm), 8);
    for (size_t f = 0; f < sc.fields.size(); ++f)
      t.columns[f].bytes().append(reinterpret_cast<const std::byte*>(&r[f + 1]), 8);
    t.min_time = t.min_time ? std::min(*t.min_time, tm) : tm;
    t.max_time = t.max_time ? std::max(*t.max_time, tm) : tm;
  }
  t.rows = t.count = rows.size();
  return t;
}

TEST(Redaction, UnsetPositionsStayUnsetAndCoarsePositionsAreOnTheGrid) {
  using T = model::FieldType;
  model::Log log;
  log.meta.format = model::Format::kULog;
  auto sc = schema("vehicle_local_position",
                   {{"ref_lat", T::kFloat64}, {"ref_lon", T::kFloat64}, {"vx", T::kFloat64}});
  double nan = std::nan("");
  log.topics.push_back(
      topic_of(sc, {{1e6, nan, nan, 1.5}, {2e6, 47.3977421234, 8.5455941234, 2.5}}));
  Rules r;
  r.recipient.levels = {Level::kNone, Level::kCoarse, Level::kFull, Level::kNone, Level::kNone};
  r.recipient.grid_m = 100;
  Redacted red = redact(log, r);
  const model::Topic& t = red.log.topics[0];
  ASSERT_EQ(t.rows, 2u);
  EXPECT_TRUE(std::isnan(t.value(0, 0)));
  EXPECT_TRUE(std::isnan(t.value(1, 0)));
  double step = 100 / kMetresPerDegree;
  EXPECT_EQ(t.value(0, 1), static_cast<double>(std::llround(47.3977421234 / step)) * step);
  EXPECT_EQ(red.manifest.positions, 1u);
  for (const auto& f : red.manifest.topics[0].fields)
    if (f.name == "ref_lat") {
      EXPECT_EQ(f.treatment, "coarsened to 100 m");
    }
  // Two positions in the same cell leave as the same bytes.
  log.topics[0] = topic_of(sc, {{1e6, 47.3977, 8.5455, 0}, {2e6, 47.39772, 8.54552, 0}});
  red = redact(log, r);
  EXPECT_EQ(red.log.topics[0].value(0, 0), red.log.topics[0].value(0, 1));
  EXPECT_EQ(red.log.topics[0].value(1, 0), red.log.topics[0].value(1, 1));
}

// ---------------------------------------------------------------------------------------------
// Pseudonyms and exclusion disks

std::array<uint8_t, 32> key_of(uint64_t seed) {
  std::array<uint8_t, 32> k{};
  crypto_generichash(k.data(), k.size(), reinterpret_cast<const uint8_t*>(&seed), sizeof seed,
                     nullptr, 0);
  return k;
}

TEST(Pseudonym, StablePerRecipientUnlinkableAcross) {
  auto a = key_of(1), b = key_of(2);
  std::string p = pseudonym(a, kSerial);
  EXPECT_EQ(p, pseudonym(a, kSerial));
  EXPECT_EQ(p.size(), 17u);
  EXPECT_EQ(p.rfind("anon-", 0), 0u);
  EXPECT_NE(p, pseudonym(b, kSerial));
  EXPECT_NE(p, pseudonym(a, kSerial + "X"));
  EXPECT_TRUE(is_pseudonym(a, p));
  EXPECT_FALSE(is_pseudonym(b, p));
  EXPECT_FALSE(is_pseudonym(a, "anon-000000000000"));
  // No pair of the same identifier across 200 recipients agrees.
  std::set<std::string> seen;
  for (uint64_t i = 0; i < 200; ++i) seen.insert(pseudonym(key_of(100 + i), kSerial));
  EXPECT_EQ(seen.size(), 200u);
}

TEST(Exclusion, HoldsItsZoneAndIsTheSameForTheSameSecret) {
  Zone z;
  z.name = "home";
  z.center = {kHomeLat, kHomeLon};
  z.radius_m = 100;
  for (uint64_t s = 0; s < 50; ++s) {
    Exclusion e = exclusion(z, key_of(s));
    Exclusion again = exclusion(z, key_of(s));
    EXPECT_EQ(e.lat, again.lat);
    EXPECT_EQ(e.radius_m, again.radius_m);
    double shift =
        std::hypot((e.lat - kHomeLat) * kMetresPerDegree,
                   (e.lon - kHomeLon) * kMetresPerDegree * std::cos(kHomeLat * M_PI / 180));
    EXPECT_GE(shift, 4 * 100 - 1);
    EXPECT_LE(shift, 5 * 100 + 1);
    for (int a = 0; a < 36; ++a) {  // everything within three radii of the zone's center is inside
      double b = a * M_PI / 18;
      EXPECT_TRUE(
          e.contains(kHomeLat + north(299 * std::cos(b)), kHomeLon + east(299 * std::sin(b))));
    }
  }
  Zone poly;
  poly.name = "depot";
  poly.circle = false;
  poly.polygon = {{47.40, 8.50}, {47.41, 8.50}, {47.41, 8.52}};
  Exclusion e = exclusion(poly, key_of(7));
  for (const auto& p : poly.polygon) EXPECT_TRUE(e.contains(p.lat, p.lon));
  EXPECT_NE(exclusion(z, key_of(1)).lat, exclusion(z, key_of(2)).lat);
}

// ---------------------------------------------------------------------------------------------
// Synthesized flights, and random policies over them

struct Sample {
  model::Log log;
  int64_t arm_us = 0, disarm_us = 0;
  std::optional<int64_t> utc_offset_us;
};

const Sample& sample(model::Format f, uint64_t seed) {
  static std::map<std::pair<int, uint64_t>, std::unique_ptr<Sample>> cache;
  auto& s = cache[{static_cast<int>(f), seed}];
  if (s) return *s;
  s = std::make_unique<Sample>();
  synth::Options o;
  o.format = f;
  o.seed = seed;
  o.vehicle_serial = kSerial;
  o.pilot_note = kNote;
  formats::LogSink sink(&s->log);
  synth::synthesize(o, sink);
  auto sig = analysis::signals_of(s->log);
  auto flights = analysis::analyze(sig);
  if (!flights.empty())
    s->arm_us = flights[0].summary.start_us, s->disarm_us = flights[0].summary.end_us;
  s->utc_offset_us = sig.utc_offset_us;
  // A text inside the flight naming the vehicle and a place (ULog keeps texts as they are; the
  // other formats carry theirs in MSG and STATUSTEXT records, which the pilot note exercises).
  s->log.texts.push_back({(s->arm_us + s->disarm_us) / 2, 4, false, 0,
                          "pilot " + kSerial + " over 47.3981234, 8.5461234"});
  std::stable_sort(s->log.texts.begin(), s->log.texts.end(),
                   [](auto& a, auto& b) { return a.time_us < b.time_us; });
  return *s;
}

struct GenPolicy {
  std::array<int, kClasses> levels{};
  double grid_m = 100;
  int zones = 0;         // 0, 1 or 2
  bool polygon = false;  // the second zone a polygon
  double zone_dn = 0, zone_de = 0, zone_r = 50;
  bool slice = false;
  int64_t slice_from_s = 0, slice_len_s = 0;  // from the flight's start
  int64_t shift_s = 0;
  bool relative = false;
  bool pseudonyms = true;
  bool whole_log = false;  // the rules' window: the whole log, or the flight

  std::string toml(const Sample& s) const {
    std::string t;
    char buf[256];
    if (zones >= 1) {
      std::snprintf(buf, sizeof buf,
                    "[zones.home]\ncircle = { lat = %.7f, lon = %.7f, radius_m = %.1f }\n",
                    kHomeLat + north(zone_dn), kHomeLon + east(zone_de), zone_r);
      t += buf;
    }
    if (zones >= 2) {
      double la = kHomeLat + north(zone_de), lo = kHomeLon + east(zone_dn);
      if (polygon) {
        std::snprintf(
            buf, sizeof buf,
            "[zones.field]\npolygon = [[%.7f, %.7f], [%.7f, %.7f], [%.7f, %.7f], [%.7f, %.7f]]\n",
            la, lo, la + north(zone_r), lo, la + north(zone_r), lo + east(zone_r * 1.5), la,
            lo + east(zone_r));
      } else {
        std::snprintf(buf, sizeof buf,
                      "[zones.field]\ncircle = { lat = %.7f, lon = %.7f, radius_m = %.1f }\n", la,
                      lo, zone_r / 2);
      }
      t += buf;
    }
    t += "[recipients.r]\n";
    for (size_t c = 0; c < kClasses; ++c)
      t += std::string(class_name(static_cast<DataClass>(c))) + " = \"" +
           level_name(static_cast<Level>(levels[c])) + "\"\n";
    std::snprintf(buf, sizeof buf,
                  "grid_m = %.0f\ntime_shift_s = %lld\nrelative_track = %s\npseudonyms = %s\n",
                  grid_m, static_cast<long long>(shift_s), relative ? "true" : "false",
                  pseudonyms ? "true" : "false");
    t += buf;
    if (slice && s.utc_offset_us) {
      int64_t from = s.arm_us + *s.utc_offset_us + slice_from_s * 1000000;
      t += "time_slice = [\"" + format_utc(from) + "\", \"" +
           format_utc(from + slice_len_s * 1000000) + "\"]\n";
    }
    return t;
  }
};

rc::Gen<GenPolicy> gen_policy() {
  return rc::gen::exec([] {
    GenPolicy p;
    for (auto& l : p.levels) l = *rc::gen::inRange(0, 4);
    p.grid_m = *rc::gen::element(10.0, 50.0, 100.0, 1000.0);
    p.zones = *rc::gen::inRange(0, 3);
    p.polygon = *rc::gen::arbitrary<bool>();
    p.zone_dn = *rc::gen::inRange(-200, 200);
    p.zone_de = *rc::gen::inRange(-200, 200);
    p.zone_r = *rc::gen::inRange(10, 150);
    p.slice = *rc::gen::element(false, false, true);
    p.slice_from_s = *rc::gen::inRange(-30, 120);
    p.slice_len_s = *rc::gen::inRange(5, 200);
    p.shift_s = *rc::gen::element(int64_t{0}, int64_t{0}, int64_t{-86400} * 3, int64_t{7200});
    p.relative = *rc::gen::element(false, false, true);
    p.pseudonyms = *rc::gen::element(true, true, false);
    p.whole_log = *rc::gen::arbitrary<bool>();
    return p;
  });
}

// The rules skykeep's share builds (vault/share.cc), with keys of the test's own.
Rules rules_for(const Policy& p, const Sample& s, bool whole_log, uint64_t key_seed = 1) {
  auto rec = p.recipient("r");
  if (!rec.has_value()) throw std::runtime_error(rec.error().message());
  Rules r;
  r.recipient = *rec;
  if (!whole_log) r.from_us = s.arm_us, r.to_us = s.disarm_us;
  r.utc_offset_us = s.utc_offset_us;
  r.pseudonym_key = key_of(key_seed);
  for (const auto& z : p.zones_for(*rec)) {
    std::array<uint8_t, 32> secret{};
    std::string c = z.canonical();
    crypto_generichash(secret.data(), secret.size(), reinterpret_cast<const uint8_t*>(c.data()),
                       c.size(), nullptr, 0);
    r.exclusions.push_back(exclusion(z, secret));
  }
  return r;
}

const Sample& pick_sample() {
  auto f = *rc::gen::element(model::Format::kULog, model::Format::kDataFlash, model::Format::kTlog);
  return sample(f, *rc::gen::inRange<uint64_t>(1, 3));
}

bool contains(const std::vector<std::byte>& hay, std::string_view needle) {
  if (needle.empty()) return false;
  auto b = reinterpret_cast<const char*>(hay.data());
  return std::search(b, b + hay.size(), std::boyer_moore_searcher(needle.begin(), needle.end())) !=
         b + hay.size();
}

std::string raw(const model::Topic& t, int f, size_t row) {
  const auto& fd = t.schema.fields[static_cast<size_t>(f)];
  return std::string(reinterpret_cast<const char*>(t.columns[static_cast<size_t>(f)].row(row)),
                     fd.width());
}

// Encodings of position pairs as they sit in records (latitude then longitude, adjacent), so
// that output bytes can be searched for them whatever the format.
struct PairSet {
  std::unordered_set<uint64_t> eight;                                  // two 32-bit values
  std::unordered_map<uint64_t, std::unordered_set<uint64_t>> sixteen;  // two doubles
  size_t size = 0;
  void add(const std::string& lat, const std::string& lon) {
    uint64_t a = 0, b = 0;
    if (lat.size() == 4 && lon.size() == 4) {
      std::memcpy(&a, lat.data(), 4);
      std::memcpy(reinterpret_cast<char*>(&a) + 4, lon.data(), 4);
      size += eight.insert(a).second;
    } else if (lat.size() == 8 && lon.size() == 8) {
      std::memcpy(&a, lat.data(), 8);
      std::memcpy(&b, lon.data(), 8);
      size += sixteen[a].insert(b).second;
    }
  }
  // The offset of the first pair found in bytes, or -1.
  long find(const std::vector<std::byte>& bytes) const {
    for (size_t i = 0; i + 8 <= bytes.size(); ++i) {
      uint64_t v;
      std::memcpy(&v, bytes.data() + i, 8);
      if (eight.count(v)) return static_cast<long>(i);
      auto it = sixteen.find(v);
      if (it != sixteen.end() && i + 16 <= bytes.size()) {
        uint64_t w;
        std::memcpy(&w, bytes.data() + i + 8, 8);
        if (it->second.count(w)) return static_cast<long>(i);
      }
    }
    return -1;
  }
};

// Every adjacent position pair of the log for which keep(lat, lon) holds.
PairSet pairs_of(const model::Log& log, const std::function<bool(double, double)>& keep) {
  PairSet out;
  for (const auto& t : log.topics) {
    for (const auto& p : position_fields(t.schema).pairs) {
      const auto &la = t.schema.fields[static_cast<size_t>(p.lat)],
                 &lo = t.schema.fields[static_cast<size_t>(p.lon)];
      if (lo.offset != la.offset + la.width() || la.width() != lo.width()) continue;
      for (size_t i = 0; i < t.rows; ++i) {
        double a = t.value(static_cast<size_t>(p.lat), i) * p.k,
               o = t.value(static_cast<size_t>(p.lon), i) * p.k;
        if ((a != 0 || o != 0) && keep(a, o)) out.add(raw(t, p.lat, i), raw(t, p.lon, i));
      }
    }
  }
  return out;
}

// What the input says that identifies the vehicle, as bytes the output must not hold.
std::vector<std::string> identifiers(const model::Log& log) {
  std::vector<std::string> ids = {kSerial, kSerial.substr(0, 9)};
  if (log.meta.vehicle_id.size() >= 6) ids.push_back(log.meta.vehicle_id);
  if (log.meta.board_id.size() >= 6) ids.push_back(log.meta.board_id);
  for (const auto& m : log.texts)  // ArduPilot names its board's unique id at boot
    if (m.text.rfind("CubeOrange ", 0) == 0) ids.push_back(m.text.substr(11));
  for (const auto& t : log.topics)
    for (size_t f = 0; f < t.schema.fields.size(); ++f) {
      const auto& fd = t.schema.fields[f];
      if (classify_field(t.schema, f).cls != DataClass::kIdentity || fd.width() != 8) continue;
      for (size_t i = 0; i < t.rows; ++i)
        if (t.value(f, i) != 0) ids.push_back(raw(t, static_cast<int>(f), i));
    }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<Zone> zones_of(const Policy& p) {
  std::vector<Zone> z;
  for (const auto& [n, zone] : p.zones) z.push_back(zone);
  return z;
}

RC_GTEST_PROP(Redaction, NothingDeniedLeavesInAnyEncoding, ()) {
  const Sample& s = pick_sample();
  GenPolicy g = *gen_policy();
  auto policy = parse_policy(g.toml(s));
  RC_ASSERT(policy.has_value());
  Rules rules = rules_for(*policy, s, g.whole_log);
  const Recipient& rec = rules.recipient;
  Redacted red = redact(s.log, rules);
  std::vector<std::byte> out = formats::write_log(red.log).value();
  RC_TAG(model::format_name(s.log.meta.format));

  // Our reader reads the copy back cleanly.
  RC_LOG() << model::format_name(s.log.meta.format)
           << (g.whole_log ? ", whole log" : ", the flight") << "\n"
           << g.toml(s) << "\n";
  model::Log back;
  Status read = out.empty()
                    ? Status::Ok()
                    : formats::read_log_bytes(Bytes(out), {}, &back);  // a tlog of nothing is empty
  if (!read.ok()) RC_FAIL("reading the copy back: " + read.message());
  if (!back.report.issues.empty())
    RC_FAIL("the copy reads with issues: " + back.report.issues[0].message);

  Level id = rec.level(DataClass::kIdentity), loc = rec.level(DataClass::kLocation),
        text = rec.level(DataClass::kText);
  // Identifiers: in no encoding, unless the recipient may have them as they are.
  if (!(id == Level::kFull && !rec.pseudonyms))
    for (const auto& i : identifiers(s.log)) RC_ASSERT(!contains(out, i));
  // Text: the pilot's note and the messages' words only where text may leave.
  if (text <= Level::kSummary) {
    RC_ASSERT(!contains(out, "over 47"));
    // The pilot's note is the pilot's (identity) in a ULog, a message (text) elsewhere.
    if (!(id == Level::kFull && !rec.pseudonyms)) RC_ASSERT(!contains(out, "NOTEMARK"));
  }
  // Coordinates written as text: only at full location without zones or a moved track.
  if (loc != Level::kFull || !rules.exclusions.empty() || rec.relative_track) {
    RC_ASSERT(!contains(out, "47.3977420"));
    RC_ASSERT(!contains(out, "47.3981234"));
  }
  // Positions: none below coarse; never one inside a zone, in the input's encodings or read back.
  auto zones = zones_of(*policy);
  auto in_zone = [&](double a, double o) {
    return std::any_of(zones.begin(), zones.end(), [&](const Zone& z) { return z.contains(a, o); });
  };
  PairSet denied = pairs_of(s.log, [&](double a, double o) {
    return loc <= Level::kSummary || (!rules.exclusions.empty() && in_zone(a, o));
  });
  RC_ASSERT(denied.find(out) == -1);
  for (const auto& t : back.topics)
    for (const auto& p : position_fields(t.schema).pairs)
      for (size_t i = 0; i < t.rows; ++i) {
        double a = t.value(static_cast<size_t>(p.lat), i) * p.k,
               o = t.value(static_cast<size_t>(p.lon), i) * p.k;
        if (a == 0 && o == 0) continue;
        RC_ASSERT(loc >= Level::kCoarse);
        if (!rules.exclusions.empty()) RC_ASSERT(!in_zone(a, o));
        if (loc == Level::kCoarse && !rec.relative_track &&
            t.schema.fields[static_cast<size_t>(p.lat)].type != model::FieldType::kFloat32) {
          double step = rec.grid_m / kMetresPerDegree;  // on the grid: a whole number of steps,
          double n = a / step;                          // to the storage's resolution
          double tolerance = p.k != 1.0 || t.schema.fields[static_cast<size_t>(p.lat)].scale != 1.0
                                 ? 0.51e-7 / step
                                 : 1e-6;
          RC_ASSERT(std::abs(n - std::round(n)) < tolerance);
        }
      }
  // Every field of a class the recipient may not have is empty in what leaves.
  for (const auto& t : red.log.topics) {
    if (model::is_parameter_topic(t.name())) continue;  // by each parameter's class
    for (size_t f = 0; f < t.schema.fields.size(); ++f) {
      DataClass c = classify_field(t.schema, f).cls;
      if (rec.level(c) > Level::kSummary) continue;
      for (size_t i = 0; i < t.rows; ++i)
        RC_ASSERT(raw(t, static_cast<int>(f), i) == std::string(t.schema.fields[f].width(), '\0'));
    }
  }
  for (const auto& p : red.log.params.initial)
    RC_ASSERT(rec.level(classify_param(p.name).cls) >= Level::kCoarse);
  if (text <= Level::kSummary) RC_ASSERT(red.log.texts.empty());
}

RC_GTEST_PROP(Redaction, RedactingTwiceEqualsRedactingOnce, ()) {
  const Sample& s = pick_sample();
  GenPolicy g = *gen_policy();
  auto policy = parse_policy(g.toml(s));
  RC_ASSERT(policy.has_value());
  Rules rules = rules_for(*policy, s, g.whole_log);
  Redacted once = redact(s.log, rules);
  Redacted twice = redact(once.log, rules);
  RC_LOG() << model::format_name(s.log.meta.format)
           << (g.whole_log ? ", whole log" : ", the flight") << "\n"
           << g.toml(s) << "\n";
  for (const auto& d : testing::diff(once.log, twice.log)) RC_LOG() << d << "\n";
  RC_ASSERT(formats::write_log(once.log).value() == formats::write_log(twice.log).value());
  RC_ASSERT(once.manifest.positions == twice.manifest.positions);
  RC_ASSERT(once.manifest.texts == twice.manifest.texts);
}

// The output's size in records, positions, texts, parameters and fields kept, topic by topic.
struct Volume {
  std::map<std::string, uint64_t> records;
  std::set<std::string> fields;  // "topic/instance.field" not removed
  uint64_t positions = 0, texts = 0, params = 0;
  // What this volume has beyond o; empty when it is within o.
  std::string beyond(const Volume& o) const {
    std::string w;
    for (const auto& [k, n] : records)
      if (n > (o.records.count(k) ? o.records.at(k) : 0))
        w += "records of " + k + ": " + std::to_string(n) + "; ";
    for (const auto& f : fields)
      if (!o.fields.count(f)) w += "field " + f + "; ";
    if (positions > o.positions)
      w += "positions " + std::to_string(positions) + " > " + std::to_string(o.positions) + "; ";
    if (texts > o.texts) w += "texts; ";
    if (params > o.params) w += "parameters; ";
    return w;
  }
};

Volume volume(const Manifest& m) {
  Volume v;
  for (const auto& t : m.topics) {
    std::string k = t.name + "/" + std::to_string(t.instance);
    v.records[k] = t.records;
    for (const auto& f : t.fields)
      if (f.treatment.rfind("removed", 0) != 0) v.fields.insert(k + "." + f.name);
  }
  v.positions = m.positions;
  v.texts = m.texts;
  v.params = m.params;
  return v;
}

RC_GTEST_PROP(Redaction, AddingARuleNeverAddsOutput, ()) {
  const Sample& s = pick_sample();
  GenPolicy g = *gen_policy();
  GenPolicy h = g;
  int rule = *rc::gen::inRange(0, 4);
  switch (rule) {
    case 0: {  // a level lowered
      int c = *rc::gen::inRange(0, static_cast<int>(kClasses));
      if (g.levels[static_cast<size_t>(c)] == 0) g.levels[static_cast<size_t>(c)] = 3;
      h.levels[static_cast<size_t>(c)] = *rc::gen::inRange(0, g.levels[static_cast<size_t>(c)]);
      break;
    }
    case 1:  // a zone added
      g.zones = std::min(g.zones, 1);
      h.zones = g.zones + 1;
      break;
    case 2:  // a time slice where there was none
      g.slice = false;
      h.slice = true;
      break;
    case 3:  // pseudonyms, a moved track, a time shift
      h.pseudonyms = true;
      h.relative = true;
      h.shift_s = 3600;
      break;
  }
  RC_TAG(rule);
  auto pg = parse_policy(g.toml(s)), ph = parse_policy(h.toml(s));
  RC_ASSERT(pg.has_value() && ph.has_value());
  Volume more = volume(redact(s.log, rules_for(*pg, s, g.whole_log)).manifest);
  Volume less = volume(redact(s.log, rules_for(*ph, s, g.whole_log)).manifest);
  RC_LOG() << model::format_name(s.log.meta.format) << "\nbefore:\n"
           << g.toml(s) << "after:\n"
           << h.toml(s);
  RC_ASSERT(less.beyond(more) == "");
}

// A share reads only its flight (formats::WindowSink): the copy is the same as from the whole log.
TEST(Redaction, ReadingOnlyTheFlightGivesTheSameCopy) {
  auto policy = parse_policy(
      "[zones.home]\ncircle = { lat = 47.397742, lon = 8.545594, radius_m = 30 }\n"
      "[recipients.r]\nidentity = \"coarse\"\nlocation = \"coarse\"\ntelemetry = \"full\"\ntext = "
      "\"full\"\n");
  ASSERT_TRUE(policy.has_value());
  for (auto f : {model::Format::kULog, model::Format::kDataFlash, model::Format::kTlog}) {
    synth::Options o;
    o.format = f;
    o.flights = 3;
    auto bytes = synth::synthesize_bytes(o);
    model::Log whole;
    ASSERT_TRUE(formats::read_log_bytes(Bytes(bytes), {}, &whole).ok());
    auto flights = analysis::analyze(analysis::signals_of(whole));
    ASSERT_EQ(flights.size(), 3u);
    Sample s;
    s.arm_us = flights[1].summary.start_us;
    s.disarm_us = flights[1].summary.end_us;
    Rules rules = rules_for(*policy, s, false);
    model::Log part;
    {
      formats::LogSink sink(&part);
      formats::WindowSink window(sink, rules.from_us, rules.to_us);
      auto reader = formats::make_reader(f, window, {});
      ASSERT_TRUE(reader.has_value());
      ASSERT_TRUE((*reader)->feed(Bytes(bytes)).ok());
      ASSERT_TRUE((*reader)->finish().ok());
    }
    EXPECT_LT(part.column_bytes() * 2, whole.column_bytes()) << model::format_name(f);
    EXPECT_EQ(formats::write_log(redact(part, rules).log).value(),
              formats::write_log(redact(whole, rules).log).value())
        << model::format_name(f);
  }
}

// ---------------------------------------------------------------------------------------------
// The end-point attack: 50 flights from one home inside a zone, each shared with full location.
// The attacker takes where each shared track begins and ends and estimates home from them.

TEST(Redaction, EndPointsOfFiftySharedFlightsMissTheHomeByMoreThanTheZone) {
  constexpr double kRadius = 50;
  auto policy = parse_policy(
      "[zones.home]\ncircle = { lat = 47.397742, lon = 8.545594, radius_m = 50 }\n"
      "[recipients.r]\nlocation = \"full\"\ntelemetry = \"full\"\n");
  ASSERT_TRUE(policy.has_value());
  std::vector<Sample> flights(50);
  for (uint64_t i = 0; i < flights.size(); ++i) {
    synth::Options o;
    o.format = model::Format::kULog;
    o.seed = 1001 + i;  // a different pattern, heading and size each time
    formats::LogSink sink(&flights[i].log);
    synth::synthesize(o, sink);
    auto found = analysis::analyze(analysis::signals_of(flights[i].log));
    ASSERT_FALSE(found.empty());
    flights[i].arm_us = found[0].summary.start_us;
    flights[i].disarm_us = found[0].summary.end_us;
  }
  // Three vaults: three secrets for the same zone.
  for (uint64_t vault = 1; vault <= 3; ++vault) {
    std::vector<std::pair<double, double>> ends;  // metres north and east of home
    for (const Sample& s : flights) {
      Rules rules = rules_for(*policy, s, false);
      for (auto& e : rules.exclusions)
        e = exclusion(policy->zones.at("home"), key_of(vault * 7919));
      Redacted red = redact(s.log, rules);
      const model::Topic* gps = nullptr;
      for (const auto& t : red.log.topics)
        if (t.name() == "vehicle_global_position") gps = &t;
      ASSERT_NE(gps, nullptr);
      if (gps->rows == 0) continue;  // the whole flight inside the disk: nothing to go on
      for (size_t row : {size_t{0}, gps->rows - 1}) {
        double a = gps->value(static_cast<size_t>(gps->schema.find("lat")), row);
        double b = gps->value(static_cast<size_t>(gps->schema.find("lon")), row);
        ends.push_back({(a - kHomeLat) * kMetresPerDegree,
                        (b - kHomeLon) * kMetresPerDegree * std::cos(kHomeLat * M_PI / 180)});
      }
    }
    ASSERT_GE(ends.size(), 20u) << "vault " << vault;  // enough flights leave the disk to attack
    double n = 0, e = 0, nearest = 1e9;
    for (auto [a, b] : ends) {
      n += a / static_cast<double>(ends.size());
      e += b / static_cast<double>(ends.size());
      nearest = std::min(nearest, std::hypot(a, b));
    }
    std::printf(
        "vault %llu: %zu end points, their average %.0f m from home, the nearest %.0f m (zone "
        "radius %.0f m)\n",
        static_cast<unsigned long long>(vault), ends.size(), std::hypot(n, e), nearest, kRadius);
    EXPECT_GT(std::hypot(n, e), kRadius)
        << "vault " << vault << ": the average of " << ends.size() << " end points";
    EXPECT_GT(nearest, 3 * kRadius) << "vault " << vault << ": the end point nearest home";
  }
}

}  // namespace
}  // namespace skykeep::privacy
