// skykeep-web-bench [--benchmark_* flags]: the web interface's API on a one-hour, high-rate
// flight (a synthesized ULog of 170 mission passes: IMU at 250 Hz, attitude at 100 Hz).
//   web/open-flight           what opening the flight page asks for: the flight (summary, events,
//                             track, messages) and the four default plots at 1200 pixels; the
//                             bytes counter is the JSON those answers carry
//   web/series/...            one plot request at 1200 pixels: derived channels of the whole
//                             flight, a 250 Hz field of the original over the whole flight and
//                             over one minute, three 100 Hz fields
//   web/http-series-original  the same 250 Hz request through HTTP on 127.0.0.1 (a real socket,
//                             the server's token check and headers)
//   web/http-keep-alive       a small answer (api/config) on one keep-alive connection: what the
//                             connection adds to every request after the first
//   web/original-first-load   the first request for a field of the original: the flight's part of
//                             the log decrypted, decompressed and decoded into memory (once per
//                             flight; later requests use it)
// Files go under $TMPDIR (default /tmp)/skykeep-web-bench, kept between runs.
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "synth/synth.h"
#include "vault/catalog.h"
#include "vault/import.h"
#include "web/api.h"
#include "web/server.h"

namespace {

using namespace skykeep;
namespace fs = std::filesystem;

constexpr const char* kWidth = "1200";
constexpr const char* kField250Hz = "sensor_combined/0/accelerometer_m_s2[2]";

struct Setup {
  std::unique_ptr<vault::Vault> vault;
  std::unique_ptr<web::Api> api;
  double duration_s = 0;
};

Setup& setup() {
  static Setup s = [] {
    const char* t = std::getenv("TMPDIR");
    std::string root = std::string(t && *t ? t : "/tmp") + "/skykeep-web-bench";
    fs::create_directories(root);
    std::string log = root + "/one-hour.ulg", dir = root + "/vault";
    Setup x;
    if (!fs::exists(dir)) {
      synth::Options o;
      o.passes = 170;
      if (!synth::synthesize_file(o, log)) std::abort();
      auto v = vault::Vault::create({dir, std::nullopt});
      if (!v || !vault::import_file(**v, log, {})) std::abort();
      fs::remove(log);
    }
    auto v = vault::Vault::open({dir, std::nullopt});
    if (!v) std::abort();
    x.vault = std::move(*v);
    x.api = std::make_unique<web::Api>(*x.vault, web::ApiOptions{});
    auto d = vault::get_flight(*x.vault, 1);
    if (!d) std::abort();
    x.duration_s = d->flight.summary.duration_s;
    return x;
  }();
  return s;
}

web::Response ask(web::Api& api, const std::string& path,
                  std::map<std::string, std::string> q = {}) {
  web::Response r = api.handle({"GET", "api/" + path, std::move(q)});
  if (r.status != 200) {
    std::fprintf(stderr, "%s: %d %s\n", path.c_str(), r.status, r.body.c_str());
    std::abort();
  }
  return r;
}

void open_flight(benchmark::State& state) {
  auto& s = setup();
  size_t bytes = 0;
  for (auto _ : state) {
    bytes = ask(*s.api, "flights/1").body.size();
    for (const char* names :
         {"alt_rel", "hspeed,climb,sink", "voltage,current,remaining", "roll,pitch,yaw"})
      bytes += ask(*s.api, "flights/1/series", {{"names", names}, {"width", kWidth}}).body.size();
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["flight_s"] = s.duration_s;
}

void series(benchmark::State& state, std::map<std::string, std::string> q) {
  auto& s = setup();
  q["width"] = kWidth;
  ask(*s.api, "flights/1/series", q);  // the original is decoded once, before timing
  size_t bytes = 0;
  for (auto _ : state) bytes = ask(*s.api, "flights/1/series", q).body.size();
  state.counters["bytes"] = static_cast<double>(bytes);
}

void http_series(benchmark::State& state) {
  auto& s = setup();
  auto server = web::Server::bind(*s.vault, {0, {}, "0123456789abcdef0123456789abcdef", {}});
  if (!server) std::abort();
  std::thread t([&] { (*server)->run(); });
  httplib::Client c("127.0.0.1", (*server)->port());
  std::string path =
      std::string("/0123456789abcdef0123456789abcdef/api/flights/1/series?width=1200&names=") +
      "sensor_combined/0/accelerometer_m_s2%5B2%5D";
  for (int i = 0; i < 200 && !c.Get(path.c_str()); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  size_t bytes = 0;
  for (auto _ : state) {
    auto r = c.Get(path.c_str());
    if (!r || r->status != 200) std::abort();
    bytes = r->body.size();
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  (*server)->stop();
  t.join();
}

void http_keep_alive(benchmark::State& state) {
  auto& s = setup();
  auto server = web::Server::bind(*s.vault, {0, {}, "0123456789abcdef0123456789abcdef", {}});
  if (!server) std::abort();
  std::thread t([&] { (*server)->run(); });
  httplib::Client c("127.0.0.1", (*server)->port());
  const char* path = "/0123456789abcdef0123456789abcdef/api/config";
  for (int i = 0; i < 200 && !c.Get(path); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  for (auto _ : state) {
    auto r = c.Get(path);
    if (!r || r->status != 200) std::abort();
  }
  (*server)->stop();
  t.join();
}

void original_first_load(benchmark::State& state) {
  auto& s = setup();
  for (auto _ : state) {
    web::Api fresh(*s.vault, {});
    benchmark::DoNotOptimize(
        ask(fresh, "flights/1/series", {{"names", kField250Hz}, {"width", kWidth}}).body.size());
  }
}

void register_all() {
  auto ms = [](benchmark::internal::Benchmark* b) {
    b->Unit(benchmark::kMillisecond)->UseRealTime();
  };
  ms(benchmark::RegisterBenchmark("web/open-flight", open_flight));
  ms(benchmark::RegisterBenchmark(
      "web/series/derived-4-whole", series,
      std::map<std::string, std::string>{{"names", "alt_rel,hspeed,climb,sink"}}));
  ms(benchmark::RegisterBenchmark("web/series/original-250Hz-whole", series,
                                  std::map<std::string, std::string>{{"names", kField250Hz}}));
  ms(benchmark::RegisterBenchmark("web/series/original-250Hz-60s", series,
                                  std::map<std::string, std::string>{
                                      {"names", kField250Hz}, {"from", "1800"}, {"to", "1860"}}));
  ms(benchmark::RegisterBenchmark(
      "web/series/original-3x100Hz-whole", series,
      std::map<std::string, std::string>{
          {"names",
           "vehicle_attitude/0/q[0],vehicle_attitude/0/q[1],vehicle_attitude/0/rollspeed"}}));
  ms(benchmark::RegisterBenchmark("web/http-series-original", http_series));
  ms(benchmark::RegisterBenchmark("web/http-keep-alive", http_keep_alive));
  ms(benchmark::RegisterBenchmark("web/original-first-load", original_first_load)->Iterations(3));
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
