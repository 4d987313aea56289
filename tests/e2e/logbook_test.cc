// The logbook end to end: synthesized flights of three vehicles, in three formats, at two places,
// some flying into faults, imported into one vault; then every filter of flights, show with its
// evidence, stats, vehicles, every export parsed back, and delete.
#include <expat.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "e2e/cli_support.h"

namespace {

using nlohmann::json;
using namespace skykeep::e2e;

struct Fleet {
  std::string vault;
  std::map<std::string, std::vector<int64_t>> flights;  // log name -> flight ids
};

// The vault every test here reads (built once, in this order, by the first test that needs it).
const Fleet& fleet() {
  static Fleet f = [] {
    Fleet x;
    x.vault = dir() + "/logbook-vault";
    EXPECT_EQ(run("init --vault " + x.vault).code, 0);
    std::vector<std::string> files = {
        synth("ulog", "a-alpha.ulg",
              "--seed 1 --clean --vehicle ALPHA --start 2026-03-01T09:00:00Z"),
        synth("ulog", "b-alpha-jammed.ulg",
              "--seed 2 --clean --vehicle ALPHA --start 2026-04-15T10:00:00Z --lat 46.0 --lon 7.0 "
              "--fault gps-jamming"),
        synth("tlog", "c-bravo-battery.tlog",
              "--seed 3 --clean --vehicle BRAVO --start 2026-04-20T08:00:00Z --fault low-battery"),
        synth("dataflash", "d-charlie-vibration.bin",
              "--seed 4 --clean --vehicle CHARLIE --start 2026-05-02T12:00:00Z --flights 2 --fault "
              "vibration"),
        synth("ulog", "e-alpha-crash.ulg",
              "--seed 5 --clean --vehicle ALPHA --start 2026-05-10T16:00:00Z --fault crash"),
    };
    std::string all;
    for (const auto& p : files) all += " " + p;
    Outcome r = run("import --vault " + x.vault + " --json" + all);
    EXPECT_EQ(r.code, 0) << r.err;
    Outcome l = run("flights --vault " + x.vault + " --json --limit 0");
    EXPECT_EQ(l.code, 0) << l.err;
    json parsed1 = json::parse(l.out);
    for (const auto& fl : parsed1["flights"])
      x.flights[fl["log"]["name"]].push_back(fl["id"].get<int64_t>());
    for (auto& [k, v] : x.flights) std::sort(v.begin(), v.end());
    return x;
  }();
  return f;
}

// The log names of the flights a `flights` command lists, sorted.
std::multiset<std::string> listed(const std::string& filter) {
  Outcome r = run("flights --vault " + fleet().vault + " --json " + filter);
  EXPECT_EQ(r.code, 0) << filter << ": " << r.err;
  std::multiset<std::string> out;
  json parsed2 = json::parse(r.out);
  for (const auto& f : parsed2["flights"]) out.insert(f["log"]["name"].get<std::string>());
  return out;
}

using Names = std::multiset<std::string>;
const std::string A = "a-alpha.ulg", B = "b-alpha-jammed.ulg", C = "c-bravo-battery.tlog",
                  D = "d-charlie-vibration.bin", E = "e-alpha-crash.ulg";

TEST(Logbook, ImportFindsEveryFlightAndListsThemNewestFirst) {
  const Fleet& f = fleet();
  EXPECT_EQ(f.flights.size(), 5u);
  EXPECT_EQ(f.flights.at(D).size(), 2u);
  Outcome r = run("flights --vault " + f.vault + " --json");
  auto list = json::parse(r.out)["flights"];
  ASSERT_EQ(list.size(), 6u);
  for (size_t i = 1; i < list.size(); ++i)
    EXPECT_GE(list[i - 1]["start_utc"].get<std::string>(), list[i]["start_utc"].get<std::string>());
  EXPECT_EQ(list[0]["log"]["name"], E);
  Outcome text = run("flights --vault " + f.vault);
  EXPECT_NE(text.out.find("START (UTC)"), std::string::npos);
  EXPECT_NE(text.out.find("2026-03-01T09:00"), std::string::npos);
}

TEST(Logbook, EveryFilterSelectsExactlyItsFlights) {
  EXPECT_EQ(listed("--since 2026-04-16"), (Names{C, D, D, E}));
  EXPECT_EQ(listed("--until 2026-04-15"), (Names{A, B})) << "a date alone means the whole day";
  EXPECT_EQ(listed("--since 2026-04-15T10:00:00Z --until 2026-04-20T08:00:00Z"), (Names{B}));
  EXPECT_EQ(listed("--vehicle ALPHA"), (Names{A, B, E}));
  EXPECT_EQ(listed("--vehicle ALP"), (Names{A, B, E})) << "a prefix of the identifier";
  EXPECT_EQ(listed("--max-duration 1m"), (Names{E}));
  EXPECT_EQ(listed("--min-duration 100"), (Names{A, B, C, D, D}));
  EXPECT_EQ(listed("--near 46.0,7.0,300"), (Names{B}));
  EXPECT_EQ(listed("--near 46.01,7.01,300"), (Names{})) << "1.3 km away";
  EXPECT_EQ(listed("--bbox 47.39,8.54,47.41,8.56"), (Names{A, C, D, D, E}));
  EXPECT_EQ(listed("--event gps_interference"), (Names{B}));
  EXPECT_EQ(listed("--event crash"), (Names{E}));
  EXPECT_EQ(listed("--event battery_low"), (Names{C}));
  EXPECT_EQ(listed("--event vibration_high"), (Names{D, D}));
  EXPECT_EQ(listed("--event mode_change"), (Names{A, B, C, D, D, E}));
  EXPECT_EQ(listed("--text jamming"), (Names{B}));
  EXPECT_EQ(listed("--text c-bravo-battery.tlog"), (Names{C})) << "the file name";
  EXPECT_EQ(listed("'--text' 'gps jamming'"), (Names{B})) << "every word";
  EXPECT_EQ(listed("--text 'jamming wind'"), (Names{})) << "every word, and these have no wind";
  EXPECT_EQ(listed("--vehicle ALPHA --since 2026-04-01 --event crash"), (Names{E}));
  Outcome two = run("flights --vault " + fleet().vault + " --json --limit 2");
  EXPECT_EQ(json::parse(two.out)["flights"].size(), 2u);
  EXPECT_TRUE(json::parse(two.out)["more"].get<bool>());
}

TEST(Logbook, BadFiltersAreOneLineErrors) {
  for (const char* bad : {"--event nonsense", "--near 46,7", "--bbox 1,2,0,3", "--since yesterday",
                          "--min-duration soon", "--limit -1", "--colour red"}) {
    Outcome r = run("flights --vault " + fleet().vault + " " + bad);
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_TRUE(one_line(r.err)) << bad << ": " << r.err;
  }
  Outcome none = run("show --vault " + fleet().vault + " 99999");
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("no flight 99999"), std::string::npos);
}

TEST(Logbook, ShowGivesTheSummaryAndEachEventsEvidence) {
  int64_t id = fleet().flights.at(B)[0];
  Outcome r = run("show --vault " + fleet().vault + " --json " + std::to_string(id));
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  const json& f = j["flight"];
  EXPECT_EQ(f["vehicle"]["uid"], "ALPHA");
  EXPECT_EQ(f["vehicle"]["autopilot"], "PX4");
  EXPECT_NEAR(f["takeoff"]["lat"].get<double>(), 46.0, 1e-4);
  EXPECT_NEAR(f["takeoff"]["lon"].get<double>(), 7.0, 1e-4);
  EXPECT_GT(f["max_altitude_m"].get<double>(), 25);
  EXPECT_GT(f["distance_m"].get<double>(), 500);
  EXPECT_NEAR(f["battery"]["start_pct"].get<double>(), 100, 0.5);
  EXPECT_EQ(f["start_utc"].get<std::string>().substr(0, 13), "2026-04-15T10");
  EXPECT_EQ(f["modes"][0], "Position");
  std::set<std::string> kinds;
  for (const auto& e : j["events"]) {
    kinds.insert(e["kind"]);
    EXPECT_FALSE(e["evidence"]["topic"].get<std::string>().empty());
    EXPECT_FALSE(e["time_utc"].is_null());
    if (e["kind"] == "gps_lost") {
      EXPECT_EQ(e["evidence"]["topic"], "vehicle_gps_position");
      EXPECT_EQ(e["evidence"]["values"]["fix_type"], 1);
      EXPECT_EQ(e["severity"], "critical");
    }
  }
  for (const char* k :
       {"armed", "takeoff", "gps_interference", "gps_lost", "gps_regained", "landing", "disarmed"})
    EXPECT_TRUE(kinds.count(k)) << k;
  Outcome text = run("show --vault " + fleet().vault + " " + std::to_string(id));
  EXPECT_NE(text.out.find("gps_lost"), std::string::npos);
  EXPECT_NE(text.out.find("vehicle_gps_position: fix_type=1"), std::string::npos);
}

TEST(Logbook, StatsCountFlightsHoursDistanceAndBatteryCycles) {
  Outcome m = run("stats --vault " + fleet().vault + " --json --by month");
  ASSERT_EQ(m.code, 0) << m.err;
  json j = json::parse(m.out);
  std::map<std::string, int> by;
  double hours = 0;
  for (const auto& r : j["rows"]) {
    by[r["month"]] = r["flights"];
    hours += r["hours"].get<double>();
  }
  EXPECT_EQ(by, (std::map<std::string, int>{{"2026-03", 1}, {"2026-04", 2}, {"2026-05", 3}}));
  EXPECT_EQ(j["total"]["flights"], 6);
  EXPECT_NEAR(j["total"]["hours"].get<double>(), hours, 1e-9);
  EXPECT_GT(j["total"]["distance_km"].get<double>(), 5);
  bool alpha_pack = false;
  for (const auto& b : j["batteries"])
    if (b["serial"] == "ALPHA") alpha_pack = b["cycles"] == 3;
  EXPECT_TRUE(alpha_pack) << "PX4 logs carry the pack's serial: three flights on it";
  Outcome v = run("stats --vault " + fleet().vault + " --json");
  json parsed3 = json::parse(v.out);
  for (const auto& r : parsed3["rows"]) {
    if (r["vehicle"] == "ALPHA") {
      EXPECT_EQ(r["flights"], 3);
    }
  }
  Outcome vs = run("vehicles --vault " + fleet().vault + " --json");
  ASSERT_EQ(vs.code, 0);
  std::map<std::string, int> flights;
  json parsed4 = json::parse(vs.out);
  for (const auto& r : parsed4["vehicles"]) flights[r["uid"]] = r["flights"];
  EXPECT_EQ(flights["ALPHA"], 3);
  EXPECT_EQ(flights.size(), 3u);
}

// --- Exports, parsed back -----------------------------------------------------------------

struct Xml {
  std::map<std::string, int> count;
  std::vector<std::pair<double, double>> points;  // lat, lon of trkpt
  std::vector<std::string> times, texts;
  std::string coords;  // KML LineString coordinates
  std::string path, text;
  std::vector<std::string> stack;
};

Xml parse_xml(const std::string& doc) {
  Xml x;
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &x);
  XML_SetElementHandler(
      p,
      [](void* d, const XML_Char* name, const XML_Char** attrs) {
        auto* xd = static_cast<Xml*>(d);
        xd->count[name]++;
        xd->stack.push_back(name);
        xd->text.clear();
        if (std::string(name) == "trkpt") {
          double lat = NAN, lon = NAN;
          for (int i = 0; attrs[i]; i += 2) {
            if (std::string(attrs[i]) == "lat") lat = std::stod(attrs[i + 1]);
            if (std::string(attrs[i]) == "lon") lon = std::stod(attrs[i + 1]);
          }
          xd->points.push_back({lat, lon});
        }
      },
      [](void* d, const XML_Char* name) {
        auto* xd = static_cast<Xml*>(d);
        xd->stack.pop_back();
        std::string n = name;
        if (n == "time" && !xd->stack.empty() && xd->stack.back() == "trkpt")
          xd->times.push_back(xd->text);
        if (n == "coordinates" && !xd->stack.empty() && xd->stack.back() == "LineString")
          xd->coords = xd->text;
        if (n == "name") xd->texts.push_back(xd->text);
      });
  XML_SetCharacterDataHandler(p, [](void* d, const XML_Char* s, int len) {
    static_cast<Xml*>(d)->text.append(s, static_cast<size_t>(len));
  });
  bool ok = XML_Parse(p, doc.data(), static_cast<int>(doc.size()), 1) == XML_STATUS_OK;
  EXPECT_TRUE(ok) << XML_ErrorString(XML_GetErrorCode(p)) << " at line "
                  << XML_GetCurrentLineNumber(p);
  XML_ParserFree(p);
  return x;
}

json flight_json(int64_t id) {
  return json::parse(run("show --vault " + fleet().vault + " --json " + std::to_string(id)).out);
}

std::string exported(int64_t id, const std::string& how) {
  std::string out = dir() + "/export.out";
  std::remove(out.c_str());
  Outcome r =
      run("export --vault " + fleet().vault + " " + std::to_string(id) + " " + how + " -o " + out);
  EXPECT_EQ(r.code, 0) << how << ": " << r.err;
  return slurp(out);
}

TEST(Export, GpxIsGpx11WithTheFlightsTrackInTime) {
  int64_t id = fleet().flights.at(B)[0];
  json f = flight_json(id)["flight"];
  Xml x = parse_xml(exported(id, "--to gpx"));
  EXPECT_EQ(x.count["gpx"], 1);
  EXPECT_EQ(x.count["trk"], 1);
  ASSERT_GT(x.points.size(), 500u) << "five points a second";
  EXPECT_NEAR(x.points.front().first, f["takeoff"]["lat"].get<double>(), 2e-4);
  EXPECT_NEAR(x.points.front().second, f["takeoff"]["lon"].get<double>(), 2e-4);
  for (auto [lat, lon] : x.points) {
    EXPECT_NEAR(lat, 46.0, 0.01);
    EXPECT_NEAR(lon, 7.0, 0.01);
  }
  ASSERT_EQ(x.times.size(), x.points.size());
  EXPECT_TRUE(std::is_sorted(x.times.begin(), x.times.end()));
  EXPECT_GE(x.times.front().substr(0, 19), f["start_utc"].get<std::string>().substr(0, 19));
  EXPECT_LE(x.times.back().substr(0, 19), f["end_utc"].get<std::string>().substr(0, 19));
  std::set<std::string> names(x.texts.begin(), x.texts.end());
  for (const char* n : {"takeoff", "landing", "gps_lost"}) EXPECT_TRUE(names.count(n)) << n;
}

TEST(Export, KmlAndGeoJsonCarryTheSameTrackAsGpx) {
  int64_t id = fleet().flights.at(A)[0];
  Xml gpx = parse_xml(exported(id, "--to gpx"));
  Xml kml = parse_xml(exported(id, "--to kml"));
  EXPECT_EQ(kml.count["kml"], 1);
  EXPECT_EQ(kml.count["LineString"], 1);
  std::vector<std::vector<double>> k;
  std::stringstream ss(kml.coords);
  for (std::string tuple; ss >> tuple;) {
    std::vector<double> v;
    std::stringstream ts(tuple);
    for (std::string n; std::getline(ts, n, ',');) v.push_back(std::stod(n));
    k.push_back(v);
  }
  ASSERT_EQ(k.size(), gpx.points.size());
  EXPECT_NEAR(k[10][0], gpx.points[10].second, 1e-6) << "KML is lon,lat,alt";
  EXPECT_NEAR(k[10][1], gpx.points[10].first, 1e-6);
  json g = json::parse(exported(id, "--to geojson"));
  EXPECT_EQ(g["type"], "FeatureCollection");
  const json& line = g["features"][0];
  EXPECT_EQ(line["geometry"]["type"], "LineString");
  ASSERT_EQ(line["geometry"]["coordinates"].size(), gpx.points.size());
  EXPECT_NEAR(line["geometry"]["coordinates"][10][0].get<double>(), gpx.points[10].second, 1e-6)
      << "RFC 7946: lon, lat";
  EXPECT_NEAR(line["geometry"]["coordinates"][10][1].get<double>(), gpx.points[10].first, 1e-6);
  EXPECT_EQ(line["properties"]["coordinate_times"].size(), gpx.points.size());
  std::set<std::string> points;
  for (const auto& feat : g["features"])
    if (feat["geometry"]["type"] == "Point") points.insert(feat["properties"]["kind"]);
  EXPECT_TRUE(points.count("takeoff") && points.count("landing"));
}

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, ',');) cells.push_back(c);
    if (!line.empty() && line.back() == ',') cells.push_back("");
    rows.push_back(cells);
  }
  return rows;
}

TEST(Export, CsvOfTheChannelsAndOfAnyTopic) {
  int64_t id = fleet().flights.at(B)[0];
  json f = flight_json(id)["flight"];
  auto rows = csv_rows(exported(id, "--to csv"));
  ASSERT_GT(rows.size(), 100u);
  const auto& head = rows[0];
  auto col = [&](const std::string& n) {
    return std::find(head.begin(), head.end(), n) - head.begin();
  };
  for (const char* c : {"time_utc", "lat", "lon", "alt_rel", "voltage", "gps_fix", "armed"})
    EXPECT_LT(static_cast<size_t>(col(c)), head.size()) << c;
  EXPECT_NEAR(static_cast<double>(rows.size() - 1), f["duration_s"].get<double>() * 5, 3)
      << "every 0.2 s";
  for (size_t i = 1; i < rows.size(); ++i) ASSERT_EQ(rows[i].size(), head.size()) << i;
  EXPECT_EQ(rows[1][static_cast<size_t>(col("armed"))], "1");
  auto topic = csv_rows(exported(id, "--to csv --topic vehicle_gps_position"));
  ASSERT_GT(topic.size(), 100u);
  const auto& th = topic[0];
  auto tcol = [&](const std::string& n) {
    return static_cast<size_t>(std::find(th.begin(), th.end(), n) - th.begin());
  };
  ASSERT_LT(tcol("jamming_state"), th.size());
  ASSERT_LT(tcol("t_us"), th.size());
  int jammed = 0;
  for (size_t i = 1; i < topic.size(); ++i) {
    jammed += topic[i][tcol("jamming_state")] == "3";
    int64_t t = std::stoll(topic[i][tcol("t_us")]);
    EXPECT_GE(t, f["log_start_us"].get<int64_t>());
    EXPECT_LE(t, f["log_end_us"].get<int64_t>());
  }
  EXPECT_GT(jammed, 100) << "18 s of jamming at 10 Hz";
  Outcome none =
      run("export --vault " + fleet().vault + " " + std::to_string(id) + " --to csv --topic BAT");
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("vehicle_gps_position/0"), std::string::npos)
      << "names the topics there are";
}

TEST(Delete, DestroysTheWholeLogAndSaysSo) {
  std::string v = dir() + "/delete-vault";
  ASSERT_EQ(run("init --vault " + v).code, 0);
  std::string two = synth("dataflash", "del-two.bin", "--seed 8 --clean --flights 2");
  std::string one = synth("ulog", "del-one.ulg", "--seed 9 --clean");
  ASSERT_EQ(run("import --vault " + v + " " + two + " " + one).code, 0);
  auto ids = json::parse(run("flights --vault " + v + " --json").out)["flights"];
  ASSERT_EQ(ids.size(), 3u);
  int64_t of_two = 0, the_one = 0;
  for (const auto& f : ids) (f["log"]["name"] == "del-two.bin" ? of_two : the_one) = f["id"];
  Outcome ask = run("delete --vault " + v + " " + std::to_string(the_one));
  EXPECT_EQ(ask.code, 2) << "not at a terminal: needs --yes";
  EXPECT_NE(ask.err.find("--yes"), std::string::npos);
  Outcome shared = run("delete --vault " + v + " --yes " + std::to_string(of_two));
  EXPECT_EQ(shared.code, 2);
  EXPECT_NE(shared.err.find("--log"), std::string::npos) << shared.err;
  Outcome gone = run("delete --vault " + v + " --yes " + std::to_string(the_one));
  ASSERT_EQ(gone.code, 0) << gone.err;
  EXPECT_NE(gone.out.find("can no longer be decrypted"), std::string::npos);
  EXPECT_EQ(run("show --vault " + v + " " + std::to_string(the_one)).code, 2);
  EXPECT_EQ(run("delete --vault " + v + " --yes --log " + std::to_string(of_two)).code, 0);
  EXPECT_EQ(json::parse(run("flights --vault " + v + " --json").out)["flights"].size(), 0u);
  EXPECT_TRUE(std::filesystem::is_empty(v + "/blobs"));
  Outcome check = run("verify --vault " + v + " --json");
  EXPECT_EQ(check.code, 0);
  EXPECT_EQ(json::parse(check.out)["checked"], 0);
  // The same bytes import again as new.
  EXPECT_EQ(json::parse(run("import --vault " + v + " --json " + one).out)["imported"], 1);
}

}  // namespace

namespace {

size_t audit_size(const std::string& v) {
  Outcome r = run("audit list --vault " + v + " --json");
  EXPECT_EQ(r.code, 0) << r.err;
  return json::parse(r.out)["entries"].size();
}

TEST(AuditLog, EachCommandAppendsExactlyOneEntryAndProofsCheckOffline) {
  std::string v = dir() + "/audit-vault";
  ASSERT_EQ(run("init --vault " + v).code, 0);
  EXPECT_EQ(audit_size(v), 0u);
  std::string a = synth("ulog", "audit-a.ulg", "--seed 21 --clean"),
              b = synth("tlog", "audit-b.tlog", "--seed 22 --clean");
  struct Step {
    std::string command, action;
  };
  std::vector<Step> steps = {
      {"import --vault " + v + " " + a, "import"},  // one at a time: flight 1 is a's, 2 is b's
      {"import --vault " + v + " " + b, "import"},
      {"flights --vault " + v, "read"},
      {"show --vault " + v + " 1", "read"},
      {"stats --vault " + v, "read"},
      {"vehicles --vault " + v, "read"},
      {"export --vault " + v + " 1 --to gpx -o " + dir() + "/audit.gpx", "export"},
      {"export --vault " + v + " 1 --to csv --topic battery_status -o " + dir() + "/audit.csv",
       "export"},
      {"verify --vault " + v, "verify"},
      {"delete --vault " + v + " 2 --yes", "delete"},
  };
  size_t n = 0;
  for (const auto& s : steps) {
    Outcome r = run(s.command);
    ASSERT_EQ(r.code, 0) << s.command << ": " << r.err;
    Outcome l = run("audit list --vault " + v + " --json");
    json entries = json::parse(l.out)["entries"];
    ASSERT_EQ(entries.size(), ++n) << s.command;
    EXPECT_EQ(entries.back()["action"], s.action) << s.command;
    EXPECT_EQ(entries.back()["seq"], n - 1);
  }
  json entries = json::parse(run("audit list --vault " + v + " --json").out)["entries"];
  EXPECT_EQ(entries[0]["logs"].size(), 1u) << "import names the logs it kept";
  EXPECT_EQ(entries[6]["flights"][0], 1);
  EXPECT_EQ(entries[6]["egress_sha256"].get<std::string>().size(), 64u) << "a hash of what left";
  EXPECT_EQ(entries[9]["flights"][0], 2) << "delete names the flights it destroyed";
  // Looking at the audit log adds nothing to it.
  for (const char* c :
       {"audit verify", "audit checkpoint", "audit key", "audit prove 3", "audit list"})
    EXPECT_EQ(run(std::string(c) + " --vault " + v).code, 0) << c;
  EXPECT_EQ(audit_size(v), n);
  // Proofs, checked with nothing but the verifier key (no vault).
  std::string key = dir() + "/audit.key", proof = dir() + "/audit.proof",
              old = dir() + "/audit.old";
  ASSERT_EQ(run("audit key --vault " + v).code, 0);
  write(key, bytes(dir() + "/stdout"));
  ASSERT_EQ(run("audit prove 5 --vault " + v + " -o " + proof).code, 0);
  Outcome ok = run("audit check " + proof + " --key " + key);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("entry 5 is in the log of 10 entries"), std::string::npos) << ok.out;
  ASSERT_EQ(run("audit checkpoint --vault " + v + " -o " + old).code, 0);
  ASSERT_EQ(run("flights --vault " + v).code, 0);
  std::string cons = dir() + "/audit.cons";
  ASSERT_EQ(run("audit consistency " + old + " --vault " + v + " -o " + cons).code, 0);
  Outcome c = run("audit check " + cons + " --key " + key);
  EXPECT_EQ(c.code, 0) << c.err;
  EXPECT_NE(c.out.find("11 entries extends the one of 10"), std::string::npos) << c.out;
  Outcome v2 = run("audit verify --vault " + v + " --checkpoint " + old + " --json");
  EXPECT_EQ(v2.code, 0);
  EXPECT_TRUE(json::parse(v2.out)["intact"].get<bool>());
  auto forged = bytes(proof);
  forged[forged.size() / 3] ^= 1;
  write(proof, forged);
  Outcome bad = run("audit check " + proof + " --key " + key);
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(one_line(bad.err)) << bad.err;
}

}  // namespace
