// The web layer: downsampling keeps every bucket's extremes; the API answers from a real vault
// (flights, tracks, series of derived and original data, parameters against the previous flight,
// share previews read back from the bytes that would leave, audit entries for each read); the
// server refuses every route without the right token or with a foreign Host header, and sends
// its security headers on every answer.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "formats/reader.h"
#include "support/test_data.h"
#include "synth/synth.h"
#include "vault/audit.h"
#include "vault/catalog.h"
#include "vault/import.h"
#include "vault/share.h"
#include "web/api.h"
#include "web/downsample.h"
#include "web/server.h"

namespace skykeep::web {
namespace {

using nlohmann::json;

TEST(Downsample, KeepsEachBucketsExtremesInTimeOrder) {
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0, 1);
  std::vector<int64_t> t;
  std::vector<double> v;
  for (int i = 0; i < 100000; ++i) {
    t.push_back(i * 4000 + static_cast<int>(rng() % 1000));
    v.push_back(i == 31337 ? 1e6 : i == 77777 ? -1e6 : noise(rng));
  }
  const int64_t from = 50000000, to = 350000000;
  const size_t buckets = 300;
  auto kept = min_max_buckets(
      t.size(), [&](size_t i) { return t[i]; }, [&](size_t i) { return v[i]; }, from, to, buckets);
  ASSERT_LE(kept.size(), 2 * buckets + 2);
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
  EXPECT_LT(t[kept.front()], from);  // one sample before the range
  EXPECT_GT(t[kept.back()], to);     // and one after it
  // Every bucket's min and max are among the kept samples.
  const double span = static_cast<double>(to - from) + 1;
  for (size_t b = 0; b < buckets; ++b) {
    int64_t lo = from + static_cast<int64_t>(span * b / buckets),
            hi = from + static_cast<int64_t>(span * (b + 1) / buckets);
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < t.size(); ++i)
      if (t[i] >= lo && t[i] < hi && t[i] <= to) mn = std::min(mn, v[i]), mx = std::max(mx, v[i]);
    bool has_min = false, has_max = false;
    for (size_t k : kept) has_min |= v[k] == mn, has_max |= v[k] == mx;
    EXPECT_TRUE(has_min && has_max) << "bucket " << b;
  }
  bool spike = false, dip = false;
  for (size_t k : kept) spike |= k == 31337, dip |= k == 77777;
  EXPECT_TRUE(spike && dip);
}

TEST(Downsample, SmallRangesPassWholeAndNaNIsSkipped) {
  std::vector<int64_t> t{0, 10, 20, 30, 40};
  std::vector<double> v{1, NAN, 3, 4, 5};
  auto kept = min_max_buckets(
      t.size(), [&](size_t i) { return t[i]; }, [&](size_t i) { return v[i]; }, 5, 35, 100);
  EXPECT_EQ(kept, (std::vector<size_t>{0, 2, 3, 4}));
  EXPECT_TRUE(min_max_buckets(
                  0, [&](size_t i) { return t[i]; }, [&](size_t i) { return v[i]; }, 0, 1, 10)
                  .empty());
  EXPECT_TRUE(
      min_max_buckets(
          t.size(), [&](size_t i) { return t[i]; }, [&](size_t i) { return v[i]; }, 30, 10, 10)
          .empty());
}

const char* kPolicy = R"(
[zones.home]
circle = { lat = 47.397742, lon = 8.545594, radius_m = 10 }

[recipients.club]
location = "full"
telemetry = "full"

[recipients.authority]
location = "summary"
)";

// One vault for the API tests: two ULog flights of one vehicle (the second with a parameter
// changed before it), one DataFlash flight of another.
struct Fixture {
  std::string dir;
  std::unique_ptr<vault::Vault> v;
  std::unique_ptr<Api> api;
  ~Fixture() {
    api.reset();
    v.reset();
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
};

Fixture& fixture() {
  static Fixture x;
  if (x.api) return x;
  {
    x.dir =
        std::filesystem::temp_directory_path() / ("skykeep-web-test-" + std::to_string(getpid()));
    std::filesystem::remove_all(x.dir);
    std::filesystem::create_directories(x.dir);
    auto v = vault::Vault::create({x.dir + "/vault", std::nullopt});
    EXPECT_TRUE(bool(v)) << v.error().ToString();
    x.v = std::move(*v);
    std::vector<std::string> paths;
    for (int i = 0; i < 3; ++i) {
      synth::Options o;
      o.format = i == 2 ? model::Format::kDataFlash : model::Format::kULog;
      o.seed = 40 + i;
      o.utc_start_us += i * int64_t{86400} * 1000000;
      o.vehicle_serial = i == 2 ? "WEBTESTHEXA02" : "WEBTESTQUAD01";
      paths.push_back(x.dir + "/log" + std::to_string(i) + (i == 2 ? ".bin" : ".ulg"));
      EXPECT_TRUE(bool(synth::synthesize_file(o, paths.back())));
    }
    for (const auto& p : paths) {
      auto r = vault::import_file(*x.v, p, {});
      EXPECT_TRUE(bool(r)) << r.error().ToString();
    }
    EXPECT_TRUE(vault::store_policy(*x.v, kPolicy).ok());
    x.api = std::make_unique<Api>(*x.v, ApiOptions{});
  }
  return x;
}

json get(const std::string& path, std::map<std::string, std::string> query = {}, int want = 200) {
  Response r = fixture().api->handle({"GET", path, std::move(query)});
  EXPECT_EQ(r.status, want) << path << ": " << r.body.substr(0, 300);
  return r.type == "application/json" ? json::parse(r.body) : json();
}

TEST(Api, LogbookListsEveryFlightAndEachReadIsAudited) {
  size_t before = vault::audit_entries(*fixture().v)->size();
  json j = get("flights");
  EXPECT_EQ(j["flights"].size(), 3u);
  json q = get("flights", {{"vehicle", "WEBTESTQUAD01"}});
  ASSERT_EQ(q["flights"].size(), 2u);
  EXPECT_EQ(q["flights"][0]["log"]["format"], "ulog");
  json n = get("flights", {{"text", "log2.bin"}});
  ASSERT_EQ(n["flights"].size(), 1u);
  EXPECT_EQ(n["flights"][0]["log"]["format"], "dataflash");
  get("flights", {{"event", "nonsense"}}, 400);
  get("flights", {{"since", "yesterday"}}, 400);
  auto entries = *vault::audit_entries(*fixture().v);
  EXPECT_EQ(entries.size(), before + 3) << "one read per answered listing";
  EXPECT_NE(entries.back().data.find("\"ui logbook\""), std::string::npos);
  EXPECT_TRUE(vault::verify_audit(*fixture().v, std::nullopt)->problems.empty());
}

TEST(Api, AFlightCarriesItsTrackEventsChannelsAndMessages) {
  json j = get("flights/1");
  const json& tr = j["track"];
  ASSERT_GT(tr["lat"].size(), 100u);
  EXPECT_LE(tr["lat"].size(), 2001u);
  EXPECT_EQ(tr["lat"].size(), tr["lon"].size());
  EXPECT_EQ(tr["lat"].size(), tr["alt"].size());
  EXPECT_EQ(tr["lat"].size(), tr["speed"].size());
  for (size_t i = 0; i < tr["lat"].size(); ++i) {
    EXPECT_NEAR(tr["lat"][i].get<double>(), 47.3977, 0.02);
    if (i) {
      EXPECT_GE(tr["t"][i].get<double>(), tr["t"][i - 1].get<double>());
    }
  }
  EXPECT_GT(j["events"].size(), 3u);
  std::set<std::string> channels;
  for (const auto& c : j["channels"]) channels.insert(c["name"]);
  for (const char* c : {"alt_rel", "hspeed", "voltage", "roll"})
    EXPECT_TRUE(channels.count(c)) << c;
  EXPECT_FALSE(j["messages"].empty());
  get("flights/99", {}, 404);
  get("flights/x", {}, 404);
  get("nothing", {}, 404);
}

TEST(Api, SeriesAreDownsampledToTheWidthAndStayInTheRange) {
  json whole = get("flights/1/series", {{"names", "alt_rel,hspeed"}, {"width", "50"}});
  ASSERT_EQ(whole["series"].size(), 2u);
  for (const auto& s : whole["series"]) {
    EXPECT_LE(s["t"].size(), 2 * 50 + 2u);
    EXPECT_EQ(s["t"].size(), s["v"].size());
  }
  EXPECT_EQ(whole["series"][0]["unit"], "m");
  // The original log, at full rate: a 10 s window at 100 pixels.
  json z = get("flights/1/series", {{"names", "sensor_combined/0/accelerometer_m_s2[2]"},
                                    {"from", "30"},
                                    {"to", "40"},
                                    {"width", "100"}});
  const json& s = z["series"][0];
  ASSERT_GT(s["t"].size(), 100u);
  EXPECT_LE(s["t"].size(), 202u);
  for (size_t i = 1; i + 1 < s["t"].size(); ++i) {
    EXPECT_GE(s["t"][i].get<double>(), 30 - 1e-3);
    EXPECT_LE(s["t"][i].get<double>(), 40 + 1e-3);
  }
  EXPECT_NEAR(s["v"][1].get<double>(), -9.81, 3);
  get("flights/1/series", {{"names", "no_such_topic/0/x"}}, 404);
  get("flights/1/series", {{"names", "bogus"}}, 400);
  get("flights/1/series", {}, 400);
  get("flights/1/series", {{"names", "alt_rel"}, {"from", "50"}, {"to", "10"}}, 400);
}

TEST(Api, TopicsOfTheOriginalAreListed) {
  json j = get("flights/1/topics");
  bool found = false;
  for (const auto& t : j["topics"])
    if (t["topic"] == "vehicle_attitude") {
      found = true;
      EXPECT_GT(t["rows"].get<int>(), 100);
    }
  EXPECT_TRUE(found);
}

TEST(Api, ParametersAreComparedWithTheVehiclesPreviousFlight) {
  json first = get("flights/1/params");
  json second = get("flights/2/params");
  json hexa = get("flights/3/params");
  // Flights 1 and 2 are the quad's (one day apart), 3 the hexa's: only 2 has a previous flight.
  EXPECT_TRUE(first["previous"].is_null());
  EXPECT_TRUE(hexa["previous"].is_null());
  ASSERT_FALSE(second["previous"].is_null());
  EXPECT_EQ(second["previous"]["id"], 1);
  ASSERT_FALSE(second["params"].empty());
  size_t changed = 0;
  for (const auto& p : second["params"]) {
    ASSERT_FALSE(p["previous"].is_null()) << p["name"];
    changed += p["changed"].get<bool>();
    EXPECT_EQ(p["changed"].get<bool>(), p["previous"] != p["value"]);
  }
  EXPECT_EQ(second["changed"].get<size_t>(), changed);
}

TEST(Api, ASharePreviewShowsTheTrackAsTheRecipientWouldReadItAndIsAudited) {
  json p = get("flights/1/share-preview", {{"recipient", "club"}});
  EXPECT_EQ(p["manifest"]["recipient"], "club");
  EXPECT_FALSE(p["summary_only"].get<bool>());
  ASSERT_GT(p["track"]["lat"].size(), 10u);
  for (size_t i = 0; i < p["track"]["lat"].size(); ++i) {
    double dn = (p["track"]["lat"][i].get<double>() - 47.397742) * 111320;
    double de =
        (p["track"]["lon"][i].get<double>() - 8.545594) * 111320 * std::cos(47.4 * M_PI / 180);
    EXPECT_GT(std::hypot(dn, de), 10) << "a shared point inside the zone";
  }
  EXPECT_NE(vault::audit_entries(*fixture().v)->back().data.find("\"preview\""), std::string::npos);
  json s = get("flights/1/share-preview", {{"recipient", "authority"}});
  EXPECT_TRUE(s["summary_only"].get<bool>());
  EXPECT_TRUE(s["track"].is_null());
  get("flights/1/share-preview", {{"recipient", "stranger"}}, 403);
  get("flights/1/share-preview", {}, 400);
}

TEST(Api, WritingAShareHandsOverTheBytesAndRecordsIt) {
  Response r = fixture().api->handle({"GET", "flights/1/share", {{"recipient", "club"}}});
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
  EXPECT_EQ(r.type, "application/octet-stream");
  EXPECT_EQ(r.filename, "flight-1-club.ulg");
  EXPECT_EQ(r.body.substr(0, 7), "ULog\x01\x12\x35");
  EXPECT_EQ(r.body.find("WEBTESTQUAD01"), std::string::npos) << "identity is none for club";
  auto last = vault::audit_entries(*fixture().v)->back().data;
  EXPECT_NE(last.find("\"action\":\"share\""), std::string::npos) << last;
  Response geo =
      fixture().api->handle({"GET", "flights/1/share", {{"recipient", "club"}, {"as", "geojson"}}});
  EXPECT_EQ(geo.filename, "flight-1-club.geojson");
  EXPECT_EQ(fixture().api->handle({"GET", "flights/1/share", {{"recipient", "nobody"}}}).status,
            403);
  EXPECT_EQ(fixture()
                .api->handle({"GET", "flights/1/share", {{"recipient", "club"}, {"as", "pdf"}}})
                .status,
            400);
}

TEST(Api, AuditPageVerifiesAndListsNewestFirst) {
  get("flights/1");
  get("flights/2");
  json a = get("audit");
  EXPECT_TRUE(a["verified"]["ok"].get<bool>());
  ASSERT_GT(a["entries"].size(), 2u);
  EXPECT_GT(a["entries"][0]["index"].get<int>(), a["entries"][1]["index"].get<int>());
  EXPECT_TRUE(a["entries"][0]["entry"].contains("action"));
  EXPECT_NE(a["verifier"].get<std::string>().find("+"), std::string::npos);
}

// Every flight of the shared real logs through every flight route: each answers, tracks are
// real coordinates, plots stay within their width.
TEST(Api, EveryRealFlightAnswersOnEveryRoute) {
  std::vector<std::string> paths;
  for (const char* folder : {"ulog", "dataflash", "tlog"})
    for (const auto& p : testing::samples(folder)) paths.push_back(p.string());
  if (paths.empty()) GTEST_SKIP() << "../shared/testdata is absent";
  std::string dir = fixture().dir + "/real";
  auto v = vault::Vault::create({dir, std::nullopt});
  ASSERT_TRUE(bool(v));
  formats::ReaderOptions reader;
  reader.mavlink_xml.push_back(testing::shared_dir() + "/mavlink-xml/ardupilotmega.xml");
  ASSERT_TRUE(formats::prepare(&reader).ok());
  for (const auto& p : paths) ASSERT_TRUE(bool(vault::import_file(**v, p, reader))) << p;
  ASSERT_TRUE(
      vault::store_policy(**v, "[recipients.club]\nlocation = \"full\"\ntelemetry = \"full\"\n")
          .ok());
  Api api(**v, {reader, 2, ""});
  bool more = false;
  vault::Filter all;
  all.limit = 1000;
  auto flights = vault::find_flights(**v, all, &more);
  ASSERT_TRUE(bool(flights));
  ASSERT_GE(flights->size(), 10u);
  for (const auto& f : *flights) {
    const std::string base = "flights/" + std::to_string(f.id);
    auto ask = [&](const std::string& path, std::map<std::string, std::string> q = {}) {
      Response r = api.handle({"GET", path, std::move(q)});
      EXPECT_EQ(r.status, 200) << f.log_name << " " << path << ": " << r.body.substr(0, 200);
      return r.status == 200 ? json::parse(r.body) : json::object();
    };
    json d = ask(base);
    for (const auto& lat : d["track"]["lat"])
      EXPECT_LE(std::abs(lat.get<double>()), 90) << f.log_name;
    std::string names;
    for (const auto& c : d["channels"])
      names += (names.empty() ? "" : ",") + c["name"].get<std::string>();
    if (!names.empty()) {
      for (const auto& s : ask(base + "/series", {{"names", names}, {"width", "200"}})["series"]) {
        EXPECT_LE(s["t"].size(), 402u) << f.log_name << " " << s["name"];
      }
    }
    json topics = ask(base + "/topics");
    if (!topics["topics"].empty()) {
      const json& t = topics["topics"][0];
      std::string name = t["topic"].get<std::string>() + "/" +
                         std::to_string(t["instance"].get<int>()) + "/" +
                         t["fields"][0]["name"].get<std::string>();
      EXPECT_FALSE(ask(base + "/series", {{"names", name}, {"width", "200"}})["series"].empty());
    }
    ask(base + "/params");
    ask(base + "/share-preview", {{"recipient", "club"}});
  }
}

TEST(Server, EveryRouteWantsTheTokenAndThisHost) {
  const std::string token = "0123456789abcdef0123456789abcdef";
  auto s = Server::bind(*fixture().v, {0, {}, token});
  ASSERT_TRUE(bool(s)) << s.error().ToString();
  std::thread t([&] { (*s)->run(); });
  const int port = (*s)->port();
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(5);
  for (int i = 0; i < 100 && !c.Get("/"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::vector<std::string> routes = {"",
                                           "index.html",
                                           "assets/index.js",
                                           "api/flights",
                                           "api/flights/1",
                                           "api/flights/1/series?names=alt_rel",
                                           "api/audit",
                                           "api/stats",
                                           "api/flights/1/share-preview?recipient=club",
                                           "api/config",
                                           "nope"};
  const std::vector<std::string> wrong = {"",
                                          "/",
                                          "/" + token.substr(0, 31),
                                          "/" + token.substr(0, 31) + "0",
                                          "/ffffffffffffffffffffffffffffffff",
                                          "/" + token + "x"};
  for (const auto& r : routes)
    for (const auto& w : wrong) {
      auto res = c.Get((w + "/" + r).c_str());
      ASSERT_TRUE(res) << w << "/" << r;
      EXPECT_EQ(res->status, 403) << w << "/" << r;
      EXPECT_EQ(res->get_header_value("Content-Security-Policy"), (*s)->csp());
    }
  auto ok = c.Get(("/" + token + "/api/flights").c_str());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_NE((*s)->csp().find("default-src 'none'"), std::string::npos);
  EXPECT_EQ((*s)->csp().find("http"), std::string::npos) << "no other origin without --tiles";
  auto rebound = c.Get(("/" + token + "/api/flights").c_str(),
                       {{"Host", "evil.example:" + std::to_string(port)}});
  ASSERT_TRUE(rebound);
  EXPECT_EQ(rebound->status, 403);
  auto post = c.Post(("/" + token + "/api/flights").c_str(), "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  (*s)->stop();
  t.join();
}

TEST(Server, ListensOnLoopbackOnlyAndChecksTileServers) {
  auto s = Server::bind(*fixture().v, {0, {}, ""});
  ASSERT_TRUE(bool(s));
  auto twice = Server::bind(*fixture().v, {(*s)->port(), {}, ""});
  ASSERT_FALSE(bool(twice)) << "a second server on a port in use";
  EXPECT_NE(twice.error().message().find("is the port taken"), std::string::npos);
  EXPECT_EQ((*s)->url().rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_EQ((*s)->url().size(), std::string("http://127.0.0.1:").size() +
                                    std::to_string((*s)->port()).size() + 1 + 32 + 1);
  EXPECT_FALSE(bool(tile_origin("ftp://x/{z}/{x}/{y}")));
  EXPECT_FALSE(bool(tile_origin("https://tiles.example.org/static.png")));
  EXPECT_EQ(*tile_origin("https://tiles.example.org:8443/{z}/{x}/{y}.png"),
            "https://tiles.example.org:8443");
  ApiOptions a;
  a.tiles = "https://tiles.example.org/{z}/{x}/{y}.png";
  auto t = Server::bind(*fixture().v, {0, a, ""});
  ASSERT_TRUE(bool(t));
  EXPECT_NE((*t)->csp().find("img-src 'self' data: https://tiles.example.org;"), std::string::npos);
}

}  // namespace
}  // namespace skykeep::web
