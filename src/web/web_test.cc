// The web layer: downsampling keeps every bucket's extremes; the API answers from a real vault
// (flights, tracks, series of derived and original data, parameters against the previous flight,
// share previews read back from the bytes that would leave, audit entries for each read); the
// server refuses every route without the right token or with a foreign Host header, and sends
// its security headers on every answer.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "formats/reader.h"
#include "support/test_data.h"
#include "synth/synth.h"
#include "vault/audit.h"
#include "vault/catalog.h"
#include "vault/delete.h"
#include "vault/import.h"
#include "vault/share.h"
#include "web/api.h"
#include "web/browser.h"
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
    int64_t lo = from + static_cast<int64_t>(span * static_cast<double>(b) / buckets),
            hi = from + static_cast<int64_t>(span * static_cast<double>(b + 1) / buckets);
    constexpr double kInf = std::numeric_limits<double>::infinity();
    double mn = kInf, mx = -kInf;
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

const char* const kPolicy = R"(
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
  Response r = fixture().api->handle({"GET", "api/" + path, std::move(query)});
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

Response post(const std::string& path, std::map<std::string, std::string> query) {
  return fixture().api->handle({"POST", "api/" + path, std::move(query)});
}

TEST(Api, WritingAShareHandsOverTheBytesAndRecordsIt) {
  Response r = post("flights/1/share", {{"recipient", "club"}});
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
  EXPECT_EQ(r.type, "application/octet-stream");
  EXPECT_EQ(r.filename, "flight-1-club.ulg");
  EXPECT_EQ(r.body.substr(0, 7), "ULog\x01\x12\x35");
  EXPECT_EQ(r.body.find("WEBTESTQUAD01"), std::string::npos) << "identity is none for club";
  auto last = vault::audit_entries(*fixture().v)->back().data;
  EXPECT_NE(last.find("\"action\":\"share\""), std::string::npos) << last;
  Response geo = post("flights/1/share", {{"recipient", "club"}, {"as", "geojson"}});
  EXPECT_EQ(geo.filename, "flight-1-club.geojson");
  EXPECT_EQ(post("flights/1/share", {{"recipient", "nobody"}}).status, 403);
  EXPECT_EQ(post("flights/1/share", {{"recipient", "club"}, {"as", "pdf"}}).status, 400);
  EXPECT_EQ(post("flights/1/share", {}).status, 400);
}

// One route table: a path outside it is 404, a method it does not list for the path 405 (with
// the methods it does list); reads are GET (and HEAD), writing a share is POST only.
TEST(Api, PathsOutsideTheTableAre404AndOtherMethods405) {
  Api& api = *fixture().api;
  const size_t entries = vault::audit_entries(*fixture().v)->size();
  for (const char* path : {"api/nothing", "api/flights/1/nothing", "api/flights/x", "api",
                           "api/flights/1/series/x", "assets/", "assets/nope.js", "x/index.html"})
    EXPECT_EQ(api.handle({"GET", path, {}}).status, 404) << path;
  for (const char* method : {"GET", "HEAD", "PUT", "DELETE"}) {
    Response r = api.handle({method, "api/flights/1/share", {{"recipient", "club"}}});
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.allow, "POST");
  }
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    Response r = api.handle({method, "api/flights/1", {}});
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.allow, "GET, HEAD");
    EXPECT_EQ(json::parse(r.body)["error"].get<std::string>().substr(0, strlen(method)), method);
  }
  EXPECT_EQ(vault::audit_entries(*fixture().v)->size(), entries) << "a refused request recorded";
  EXPECT_EQ(api.handle({"HEAD", "api/config", {}}).status, 200);
  Response page = api.handle({"GET", "", {}});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.type.substr(0, 9), "text/html");
  EXPECT_EQ(api.handle({"GET", "index.html", {}}).body, page.body);
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
      Response r = api.handle({"GET", "api/" + path, std::move(q)});
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
  auto s = Server::bind(*fixture().v, {0, {}, token, {}});
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
  for (const auto& r : routes) {
    const std::string tail = "/" + r;
    for (const auto& w : wrong) {
      auto res = c.Get((w + tail).c_str());
      ASSERT_TRUE(res) << w << "/" << r;
      EXPECT_EQ(res->status, 403) << w << "/" << r;
      EXPECT_EQ(res->get_header_value("Content-Security-Policy"), (*s)->csp());
    }
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
  EXPECT_EQ(post->status, 403) << "a POST from nowhere";
  auto own =
      c.Post(("/" + token + "/api/flights").c_str(),
             {{"Origin", "http://127.0.0.1:" + std::to_string(port)}}, "{}", "application/json");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 405) << "a POST from the page, to a route that only reads";
  EXPECT_EQ(own->get_header_value("Allow"), "GET, HEAD");
  (*s)->stop();
  t.join();
}

TEST(Server, ListensOnLoopbackOnlyAndChecksTileServers) {
  auto s = Server::bind(*fixture().v, {0, {}, "", {}});
  ASSERT_TRUE(bool(s));
  auto twice = Server::bind(*fixture().v, {(*s)->port(), {}, "", {}});
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
  auto t = Server::bind(*fixture().v, {0, a, "", {}});
  ASSERT_TRUE(bool(t));
  EXPECT_NE((*t)->csp().find("img-src 'self' data: https://tiles.example.org;"), std::string::npos);
}

// A server on 127.0.0.1 serving in its own thread for the life of the object.
struct Running {
  static constexpr const char* kToken = "0123456789abcdef0123456789abcdef";
  std::unique_ptr<Server> server;
  std::thread thread;
  explicit Running(vault::Vault& v, ServerOptions o = {}) {
    o.token = kToken;
    auto s = Server::bind(v, std::move(o));
    EXPECT_TRUE(bool(s)) << s.error().ToString();
    server = std::move(*s);
    thread = std::thread([this] { server->run(); });
    httplib::Client c("127.0.0.1", port());
    for (int i = 0; i < 200 && !c.Get("/"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~Running() {
    server->stop();
    thread.join();
  }
  int port() const { return server->port(); }
  std::string path(const std::string& rest) const { return "/" + std::string(kToken) + "/" + rest; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port()); }
};

// A raw connection to 127.0.0.1:port, for requests no HTTP client would send.
struct RawSocket {
  int fd = -1;
  explicit RawSocket(int port, int recv_timeout_s = 20) {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    timeval tv{recv_timeout_s, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawSocket() {
    if (fd >= 0) close(fd);
  }
  bool send_all(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // Whatever the server has sent, without waiting; empty when nothing yet.
  std::string poll_reply() {
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }
  // Reads until the server closes the connection or the receive timeout passes.
  std::string read_until_closed() {
    std::string out;
    char buf[4096];
    for (;;) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
};

// VmHWM (peak resident set) of this process in MB.
double peak_resident_mb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  return 0;
}

size_t shares_recorded(vault::Vault& v) {
  size_t n = 0;
  auto entries = vault::audit_entries(v);
  for (const auto& e : *entries) n += e.data.find("\"action\":\"share\"") != std::string::npos;
  return n;
}

TEST(Server, AShareIsWrittenOnlyByAPostFromThePageItself) {
  vault::Vault& v = *fixture().v;
  Running r(v);
  httplib::Client c("127.0.0.1", r.port());
  const std::string share = r.path("api/flights/1/share?recipient=club");
  const size_t entries = vault::audit_entries(v)->size();
  auto get = c.Get(share.c_str());
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 405);
  EXPECT_EQ(get->get_header_value("Allow"), "POST");
  EXPECT_EQ(get->body.find("ULog"), std::string::npos);
  auto head = c.Head(share.c_str());
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 405);
  EXPECT_EQ(vault::audit_entries(v)->size(), entries) << "a GET or HEAD recorded something";
  const std::string port = std::to_string(r.port());
  const std::vector<httplib::Headers> refused = {
      {},                                                                // no Origin
      {{"Origin", "http://evil.example"}},                               // another site
      {{"Origin", "http://127.0.0.1:" + std::to_string(r.port() + 1)}},  // another port
      {{"Origin", "null"}},                                              // an opaque origin
      {{"Origin", r.origin()}, {"Sec-Fetch-Site", "cross-site"}},        // a lie about the origin
      {{"Origin", r.origin()}, {"Sec-Fetch-Site", "same-site"}},
  };
  for (const auto& h : refused) {
    auto res = c.Post(share.c_str(), h, "", "application/x-www-form-urlencoded");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << (h.empty() ? "no Origin" : h.begin()->second);
    EXPECT_EQ(res->body.find("ULog"), std::string::npos);
  }
  EXPECT_EQ(vault::audit_entries(v)->size(), entries) << "a refused POST recorded something";
  const size_t shares = shares_recorded(v);
  auto ok = c.Post(share.c_str(), {{"Origin", r.origin()}, {"Sec-Fetch-Site", "same-origin"}}, "",
                   "application/x-www-form-urlencoded");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body.substr(0, 200);
  EXPECT_EQ(ok->body.substr(0, 4), "ULog");
  EXPECT_EQ(ok->get_header_value("Content-Disposition"),
            "attachment; filename=\"flight-1-club.ulg\"");
  EXPECT_EQ(shares_recorded(v), shares + 1);
  httplib::Client local("localhost", r.port());
  auto by_name = local.Post(share.c_str(), {{"Origin", "http://localhost:" + port}}, "",
                            "application/x-www-form-urlencoded");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->status, 200) << "the page opened as localhost:PORT";
  EXPECT_EQ(shares_recorded(v), shares + 2);
}

TEST(Server, AHugeRequestLineIsRefusedEarlyAndMemoryDoesNotGrow) {
  Running r(*fixture().v);
  const double before = peak_resident_mb();
  RawSocket s(r.port());
  ASSERT_TRUE(s.send_all("GET " + r.path("api/config?q=")));
  const std::string chunk(size_t{64} * 1024, 'a');
  size_t sent = 0;
  std::string reply;
  while (sent < (size_t{400} << 20) && reply.empty()) {
    if (!s.send_all(chunk)) break;
    sent += chunk.size();
    reply = s.poll_reply();
  }
  if (sent >= (size_t{400} << 20)) s.send_all(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  reply += s.read_until_closed();
  EXPECT_LT(sent, size_t{64} << 20) << "the server read " << (sent >> 20) << " MB of one line";
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 414") << reply.substr(0, 100);
  EXPECT_LT(peak_resident_mb(), before + 50) << "peak resident grew from " << before << " MB";
}

// Headers without end: the server answers 431 and closes after its bound, so the sender is
// stopped by the closed connection long before it has written them all (3,000,000 headers are
// 66 MB, far more than the sockets' buffers can hold), and the server's memory does not grow.
// How many the sender wrote before it saw the answer depends on the machine's load; that the
// server stopped reading does not.
TEST(Server, ThreeHundredThousandHeadersAreRefusedEarly) {
  constexpr int kHeaders = 3000000;
  Running r(*fixture().v);
  const double before = peak_resident_mb();
  RawSocket s(r.port());
  ASSERT_TRUE(s.send_all("GET " + r.path("api/config") +
                         " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(r.port()) + "\r\n"));
  std::string reply;
  int sent = 0;
  std::string batch;
  for (int i = 0; i < kHeaders && reply.empty(); i += 1000) {
    batch.clear();
    for (int k = i; k < i + 1000; ++k) batch += "X-Header-" + std::to_string(k) + ": v\r\n";
    if (!s.send_all(batch)) break;
    sent += 1000;
    reply = s.poll_reply();
  }
  if (reply.empty()) s.send_all("\r\n");
  reply += s.read_until_closed();
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 431") << reply.substr(0, 100);
  EXPECT_LT(sent, kHeaders) << "the server read every header";
  EXPECT_LT(peak_resident_mb(), before + 50);
}

TEST(Server, SlowConnectionsDoNotBlockANormalRequestAndAreClosedAtTheHeadDeadline) {
  Running r(*fixture().v);
  constexpr int kSlow = 24;
  std::vector<std::unique_ptr<RawSocket>> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(std::make_unique<RawSocket>(r.port(), 1));
    ASSERT_TRUE(slow.back()->send_all("GET " + r.path("api/config") + " HTTP/1.1\r\nX-Slow: "));
  }
  // One header byte a second on each, until the server closes them (or 40 s pass).
  std::atomic<bool> done{false};
  std::atomic<int> closed{0};
  std::thread trickle([&] {
    std::vector<bool> open(kSlow, true);
    for (int second = 0; second < 40 && !done && closed < kSlow; ++second) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      for (int i = 0; i < kSlow; ++i)
        if (open[i] && !slow[i]->send_all("x")) open[i] = false, ++closed;
    }
  });
  std::this_thread::sleep_for(std::chrono::seconds(2));
  httplib::Client c("127.0.0.1", r.port());
  c.set_connection_timeout(20);
  c.set_read_timeout(20);
  auto res = c.Get(r.path("api/config").c_str());
  const bool answered = res && res->status == 200;
  EXPECT_TRUE(answered) << "a normal request behind " << kSlow << " slow connections";
  trickle.join();
  done = true;
  EXPECT_EQ(closed.load(), kSlow) << "slow connections still open after 40 s";
}

// Deleting a flight from another process: the web interface answers 404 for it at once, even
// for what it had in memory, and a flight later imported under the same number is that one.
TEST(Server, ADeletedFlightIsNotServedFromMemory) {
  const std::string dir = fixture().dir + "/deleted";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto v = vault::Vault::create({dir + "/vault", std::nullopt});
  ASSERT_TRUE(bool(v));
  synth::Options o;
  o.seed = 77;
  ASSERT_TRUE(bool(synth::synthesize_file(o, dir + "/a.ulg")));
  ASSERT_TRUE(bool(vault::import_file(**v, dir + "/a.ulg", {})));
  Running r(**v);
  httplib::Client c("127.0.0.1", r.port());
  const std::string field =
      "api/flights/1/series?names=sensor_combined/0/accelerometer_m_s2%5B2%5D";
  for (const std::string p : {"api/flights/1", "api/flights/1/topics", field.c_str()}) {
    auto res = c.Get(r.path(p).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << p;
  }
  {  // another process deletes it
    auto other = vault::Vault::open({dir + "/vault", std::nullopt});
    ASSERT_TRUE(bool(other));
    ASSERT_TRUE(bool(vault::delete_flight(**other, 1, true)));
  }
  for (const std::string p :
       {"api/flights/1", "api/flights/1/topics", field.c_str(), "api/flights/1/params"}) {
    auto res = c.Get(r.path(p).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << p << ": " << res->body.substr(0, 100);
  }
  {  // another flight, elsewhere, imported by another process: it takes the number 1 again
    synth::Options b;
    b.seed = 78;
    b.lat = -33.85;
    b.lon = 151.2;
    ASSERT_TRUE(bool(synth::synthesize_file(b, dir + "/b.ulg")));
    auto other = vault::Vault::open({dir + "/vault", std::nullopt});
    ASSERT_TRUE(bool(other));
    ASSERT_TRUE(bool(vault::import_file(**other, dir + "/b.ulg", {})));
  }
  auto res = c.Get(r.path("api/flights/1").c_str());
  ASSERT_TRUE(res);
  if (res->status == 200) {
    json j = json::parse(res->body);
    ASSERT_FALSE(j["track"]["lat"].empty());
    EXPECT_NEAR(j["track"]["lat"][0].get<double>(), -33.85, 0.1) << "the deleted flight's track";
  }
}

// Nagle's algorithm would hold an answer's body until the headers are acknowledged (40 ms of
// delayed ACK on every request after a keep-alive connection's first): every accepted socket
// has TCP_NODELAY.
TEST(Server, AcceptedConnectionsHaveNagleOff) {
  std::mutex mutex;
  std::vector<int> nodelay;
  ServerOptions o;
  o.on_accept = [&](int fd) {
    int v = 0;
    socklen_t len = sizeof v;
    getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len);
    std::lock_guard<std::mutex> lock(mutex);
    nodelay.push_back(v);
  };
  Running r(*fixture().v, std::move(o));
  httplib::Client c("127.0.0.1", r.port());
  c.set_keep_alive(true);
  for (int i = 0; i < 20; ++i) {
    auto res = c.Get(r.path("api/config").c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  std::lock_guard<std::mutex> lock(mutex);
  ASSERT_FALSE(nodelay.empty());
  for (int v : nodelay) EXPECT_NE(v, 0);
}

// The browser is started on a private page that leads to the URL: the token is in no command
// line (/proc/PID/cmdline is every local user's to read) and no environment.
TEST(Browser, TheLauncherIsGivenAPrivatePageNeverTheToken) {
  namespace fs = std::filesystem;
  const std::string dir = fixture().dir + "/launch";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string launcher = dir + "/fake-xdg-open";
  {  // records what it was started with, as a browser would see it
    std::ofstream script(launcher);
    script << "#!/bin/sh\n"
           << "out=" << dir << "\n"
           << "tr '\\0' '\\n' < /proc/$$/cmdline > \"$out/cmdline\"\n"
           << "env > \"$out/env\"\n"
           << "stat -c %a \"$1\" > \"$out/page-mode\"\n"
           << "stat -c %a \"$(dirname \"$1\")\" > \"$out/dir-mode\"\n"
           << "cat \"$1\" > \"$out/page\"\n"
           << "touch \"$out/done\"\n";
  }
  fs::permissions(launcher, fs::perms::owner_all);
  const std::string token = "0123456789abcdef0123456789abcdef";
  const std::string url = "http://127.0.0.1:4242/" + token + "/";
  std::string page;
  {
    auto launch = BrowserLaunch::open(url, launcher, 60);
    ASSERT_TRUE(bool(launch)) << launch.error().ToString();
    page = (*launch)->page();
    for (const auto& arg : (*launch)->argv()) EXPECT_EQ(arg.find(token), std::string::npos) << arg;
    for (int i = 0; i < 500 && !fs::exists(dir + "/done"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(fs::exists(dir + "/done")) << "the launcher did not run";
    auto slurp = [](const std::string& path) {
      std::ifstream in(path);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string cmdline = slurp(dir + "/cmdline");
    EXPECT_NE(cmdline.find(page), std::string::npos) << cmdline;
    EXPECT_EQ(cmdline.find(token), std::string::npos) << cmdline;
    EXPECT_EQ(slurp(dir + "/env").find(token), std::string::npos);
    EXPECT_EQ(slurp(dir + "/page-mode"), "600\n");
    EXPECT_EQ(slurp(dir + "/dir-mode"), "700\n");
    const std::string html = slurp(dir + "/page");
    EXPECT_NE(html.find("http-equiv=\"refresh\" content=\"0;url=" + url + "\""), std::string::npos)
        << html;
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_TRUE(fs::exists(page)) << "removed before the browser had time to read it";
  }
  EXPECT_FALSE(fs::exists(page)) << "the page outlived skykeep ui";
  EXPECT_FALSE(fs::exists(fs::path(page).parent_path()));
  auto missing = BrowserLaunch::open(url, dir + "/no-such-launcher", 60);
  EXPECT_FALSE(bool(missing));
}

}  // namespace
}  // namespace skykeep::web
