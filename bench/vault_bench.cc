// skykeep-vault-bench [LOG...] [--benchmark_* flags]: the vault's speed.
//   import/one-64M        one 64 MiB synthesized ULog into a fresh vault, end to end (read, hash,
//                         analyse, compress, encrypt, fsync, commit)
//   import/batch-8x16M/N  eight 16 MiB ULogs with N workers
//   import/samples        the LOG arguments (e.g. ../shared/testdata/ulog/*.ulg), one worker
//   stage/...             the stages of an import alone, on the 64 MiB log in memory
//   catalog/...           queries over a catalog of 100,000 synthesized flights: latency
//                         percentiles of flights with each filter, and of show (the catalog's
//                         queries alone); read/... the same reads as the commands make them,
//                         each with its audit entry
//   audit/append-at-100k  one audit entry on a log of 100,000
// Files go under $TMPDIR (default /tmp); the 100,000-flight catalog is built once and kept there.
#include <benchmark/benchmark.h>
#include <sodium.h>
#include <sqlcipher/sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "analysis/recorder.h"
#include "analysis/signals_io.h"
#include "base/file.h"
#include "base/sha256.h"
#include "formats/detect.h"
#include "formats/log_sink.h"
#include "formats/tee_sink.h"
#include "formats/writer.h"
#include "synth/synth.h"
#include "vault/audit_internal.h"
#include "vault/blob.h"
#include "vault/catalog.h"
#include "vault/import.h"
#include "vault/reads.h"
#include "vault/sqlite_catalog.h"

namespace {

using namespace skykeep;
namespace fs = std::filesystem;

std::string tmp_root() {
  const char* t = std::getenv("TMPDIR");
  return std::string(t && *t ? t : "/tmp") + "/skykeep-vault-bench";
}

struct Inputs {
  std::string big;                   // 64 MiB ULog
  std::vector<std::string> batch;    // 8 x 16 MiB ULogs
  std::vector<std::string> samples;  // given on the command line
  std::vector<std::byte> big_bytes;
  uint64_t batch_bytes = 0, sample_bytes = 0;
};

Inputs& inputs() {
  static Inputs in;
  return in;
}

std::string write_synth(const std::string& path, uint64_t seed, uint64_t bytes) {
  if (fs::exists(path)) return path;
  synth::Options o;
  o.seed = seed;
  o.min_bytes = bytes;
  auto r = synth::synthesize_file(o, path);
  if (!r) std::abort();
  return path;
}

std::unique_ptr<vault::Vault> fresh_vault(const std::string& name) {
  std::string dir = tmp_root() + "/" + name;
  fs::remove_all(dir);
  auto v = vault::Vault::create({dir, std::nullopt});
  if (!v) std::abort();
  return std::move(*v);
}

uint64_t dir_bytes(const std::string& dir) {
  uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

void import_one(benchmark::State& state) {
  std::string dir;
  for (auto _ : state) {
    state.PauseTiming();
    auto v = fresh_vault("v-one");
    dir = v->dir();
    state.ResumeTiming();
    auto r = vault::import_file(*v, inputs().big, {});
    if (!r || r->outcome != vault::Imported::Outcome::kImported)
      state.SkipWithError("import failed");
  }
  uint64_t in = fs::file_size(inputs().big);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in));
  state.counters["vault_ratio"] = static_cast<double>(dir_bytes(dir)) / static_cast<double>(in);
}

void import_batch(benchmark::State& state) {
  unsigned threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto v = fresh_vault("v-batch");
    state.ResumeTiming();
    auto r = vault::import_files(*v, inputs().batch, {}, threads);
    for (auto& x : r)
      if (!x) state.SkipWithError("import failed");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * inputs().batch_bytes));
}

void import_samples(benchmark::State& state) {
  std::string dir;
  for (auto _ : state) {
    state.PauseTiming();
    auto v = fresh_vault("v-samples");
    dir = v->dir();
    state.ResumeTiming();
    for (const auto& p : inputs().samples) benchmark::DoNotOptimize(vault::import_file(*v, p, {}));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * inputs().sample_bytes));
  state.counters["vault_ratio"] =
      static_cast<double>(dir_bytes(dir)) / static_cast<double>(inputs().sample_bytes);
}

void copy(benchmark::State& state) {
  const auto& b = inputs().big_bytes;
  std::vector<std::byte> dst(b.size());
  for (auto _ : state) {
    std::memcpy(dst.data(), b.data(), b.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * b.size()));
}

void stage_sha256(benchmark::State& state) {
  const auto& b = inputs().big_bytes;
  for (auto _ : state) {
    Sha256 h;
    for (size_t at = 0; at < b.size(); at += 1 << 20)
      h.update(Bytes(b).subspan(at, std::min<size_t>(1 << 20, b.size() - at)));
    benchmark::DoNotOptimize(h.finish());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * b.size()));
}

void stage_seal(benchmark::State& state) {
  const auto& b = inputs().big_bytes;
  vault::Key master = vault::Key::random();
  uint64_t out = 0;
  for (auto _ : state) {
    vault::BlobWriter w(master, [&](Bytes x) { out += x.size(); });
    for (size_t at = 0; at < b.size(); at += 1 << 20)
      w.write(Bytes(b).subspan(at, std::min<size_t>(1 << 20, b.size() - at)));
    benchmark::DoNotOptimize(w.finish());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * b.size()));
  state.counters["ratio"] =
      static_cast<double>(out) / static_cast<double>(state.iterations() * b.size());
}

void stage_read_and_analyse(benchmark::State& state) {
  const auto& b = inputs().big_bytes;
  for (auto _ : state) {
    model::Log log;
    analysis::Recorder rec;
    formats::LogSink summary(&log, 64);
    formats::TeeSink tee{&summary, &rec};
    auto reader = formats::make_detecting_reader(tee, {});
    for (size_t at = 0; at < b.size(); at += 1 << 20)
      (void)reader->feed(Bytes(b).subspan(at, std::min<size_t>(1 << 20, b.size() - at)));
    (void)reader->finish();
    auto s = rec.take();
    benchmark::DoNotOptimize(analysis::analyze(s));
    benchmark::DoNotOptimize(analysis::encode(s));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * b.size()));
}

// --- The catalog at 100,000 flights --------------------------------------------------------

constexpr int kFlights = 100000;
constexpr int kSites = 200, kVehicles = 50;
constexpr const char* kCatalogVersion = "bench-catalog-3";

struct Site {
  double lat, lon;
};

std::vector<Site> sites() {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> dlat(-0.9, 0.9), dlon(-1.3, 1.3);  // ~200 km square
  std::vector<Site> out;
  for (int i = 0; i < kSites; ++i) out.push_back({47.0 + dlat(rng), 8.5 + dlon(rng)});
  return out;
}

struct Template {
  model::Metadata meta;
  analysis::Signals signals;
  std::vector<analysis::Flight> flights;
};

// Real flights to copy: each format, with and without faults, analysed as import does.
std::vector<Template> templates() {
  std::vector<Template> out;
  for (int i = 0; i < 36; ++i) {
    synth::Options o;
    o.format = i % 3 == 0   ? model::Format::kULog
               : i % 3 == 1 ? model::Format::kDataFlash
                            : model::Format::kTlog;
    o.seed = 1000 + i;
    o.warnings = i % 2;
    o.faults.gps_jamming = i % 9 == 4;
    o.faults.low_battery = i % 9 == 5;
    o.faults.vibration = i % 9 == 6;
    o.faults.crash = i % 9 == 7;
    o.lat = 47.0, o.lon = 8.5;
    model::Log log;
    analysis::Recorder rec;
    formats::LogSink summary(&log, 64);
    formats::TeeSink tee{&summary, &rec};
    synth::synthesize(o, tee);
    Template t;
    t.meta = log.meta;
    t.signals = rec.take();
    t.flights = analysis::analyze(t.signals);
    out.push_back(std::move(t));
  }
  return out;
}

void shift(Template& t, double dlat, double dlon, int64_t dt) {
  auto& lat = t.signals[analysis::Ch::kLat].v;
  auto& lon = t.signals[analysis::Ch::kLon].v;
  for (double& x : lat) x += dlat;
  for (double& x : lon) x += dlon;
  if (t.signals.utc_offset_us) *t.signals.utc_offset_us += dt;
  for (auto& f : t.flights) {
    auto& s = f.summary;
    for (auto* p : {&s.takeoff, &s.landing, &s.bbox_min, &s.bbox_max})
      if (*p) (*p)->lat += dlat, (*p)->lon += dlon;
    if (s.utc_start_us) *s.utc_start_us += dt, *s.utc_end_us += dt;
  }
}

std::string catalog_dir() { return tmp_root() + "/catalog-100k"; }

std::string slurp(const std::string& path) {
  auto b = read_file(path);
  return b ? std::string(reinterpret_cast<const char*>(b->data()), b->size()) : std::string();
}

std::unique_ptr<vault::Vault> catalog() {
  static std::unique_ptr<vault::Vault> v;
  if (v) return std::move(v);
  std::string dir = catalog_dir();
  if (fs::exists(dir + "/key") && slurp(dir + "/bench-version") == kCatalogVersion) {
    auto o = vault::Vault::open({dir, std::nullopt});
    if (o) return std::move(*o);
  }
  std::fprintf(stderr, "building a catalog of %d flights in %s (once)...\n", kFlights, dir.c_str());
  auto fresh = fresh_vault("catalog-100k");
  auto tpl = templates();
  auto where = sites();
  std::mt19937_64 rng(3);
  int64_t t0 = 1672531200000000;  // 2023-01-01
  vault::Catalog& c = fresh->catalog();
  int made = 0;
  while (made < kFlights) {
    Status batch = c.write([&]() -> Status {
      for (int k = 0; k < 1000 && made < kFlights; ++k) {
        Template& t = tpl[static_cast<size_t>(made) % tpl.size()];
        const Site& site = where[rng() % where.size()];
        // A flight every ~15 minutes over three years, at one of the sites.
        int64_t start =
            t0 + static_cast<int64_t>(made) * 900000000 + static_cast<int64_t>(rng() % 600000000);
        int64_t dt = start - t.flights.at(0).summary.utc_start_us.value_or(0);
        shift(t, site.lat - 47.0, site.lon - 8.5, dt);
        vault::LogEntry e;
        e.sha256.resize(32);
        randombytes_buf(e.sha256.data(), 32);
        e.name = "flight-" + std::to_string(made) +
                 (t.meta.format == model::Format::kULog ? ".ulg" : ".bin");
        e.format = std::string(model::format_name(t.meta.format));
        e.bytes = 1400000;
        e.blob = e.derived_blob = "none";
        e.wrapped_key = e.derived_key = std::vector<std::byte>(72);
        e.report_json = "{}";
        e.meta = t.meta;
        e.meta.vehicle_id = "BENCH-VEHICLE-" + std::to_string(rng() % kVehicles);
        e.flights = t.flights;
        e.signals = &t.signals;
        auto id = c.insert_log(e);
        shift(t, 47.0 - site.lat, 8.5 - site.lon, -dt);
        if (!id) return id.error();
        made += static_cast<int>(t.flights.size());
      }
      return Status::Ok();
    });
    if (!batch.ok()) {
      std::fprintf(stderr, "insert failed: %s\n", batch.message().c_str());
      std::abort();
    }
  }
  // The planner's statistics, as the figures in docs/vault.md were measured with.
  sqlite3_exec(vault::sqlite_handle(c), "ANALYZE", nullptr, nullptr, nullptr);
  std::FILE* mark = std::fopen((dir + "/bench-version").c_str(), "w");
  if (mark) {
    std::fputs(kCatalogVersion, mark);
    std::fclose(mark);
  }
  return fresh;
}

vault::Vault& the_catalog() {
  static std::unique_ptr<vault::Vault> v = catalog();
  return *v;
}

// Latency of each call of `query`, as percentiles over the iterations.
template <typename Query>
void latencies(benchmark::State& state, Query query) {
  std::vector<double> ms;
  size_t rows = 0;
  for (auto _ : state) {
    auto t = std::chrono::steady_clock::now();
    rows += query(ms.size());
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
  }
  std::sort(ms.begin(), ms.end());
  state.counters["p50_ms"] = ms[ms.size() / 2];
  state.counters["p95_ms"] = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
  state.counters["max_ms"] = ms.back();
  state.counters["rows"] = static_cast<double>(rows) / static_cast<double>(ms.size());
}

void flights_query(benchmark::State& state, std::function<vault::Filter(size_t)> make) {
  vault::Vault& v = the_catalog();
  latencies(state, [&](size_t i) {
    bool more = false;
    auto r = vault::find_flights(v, make(i), &more);
    if (!r) state.SkipWithError(r.error().message().c_str());
    return r ? r->size() : 0;
  });
}

// The same as the command line's flights: the query and its audit entry, committed.
void flights_read(benchmark::State& state, std::function<vault::Filter(size_t)> make) {
  vault::Vault& v = the_catalog();
  latencies(state, [&](size_t i) {
    auto r = vault::list_flights(v, make(i), {"bench", {}});
    if (!r) state.SkipWithError(r.error().message().c_str());
    return r ? r->flights.size() : 0;
  });
}

void register_catalog() {
  auto where = sites();
  auto site = [where](size_t i) { return where[(i * 37) % where.size()]; };
  int64_t t0 = 1672531200000000;
  struct Q {
    const char* name;
    std::function<vault::Filter(size_t)> make;
  };
  std::vector<Q> qs = {
      {"none", [](size_t) { return vault::Filter{}; }},
      {"since-until-30d",
       [t0](size_t i) {
         vault::Filter f;
         f.since_us = t0 + static_cast<int64_t>(i % 1000) * 86400000000;
         f.until_us = *f.since_us + 30 * 86400000000LL;
         return f;
       }},
      {"vehicle",
       [](size_t i) {
         vault::Filter f;
         f.vehicle = "BENCH-VEHICLE-" + std::to_string(i % kVehicles);
         return f;
       }},
      {"min-duration",
       [](size_t i) {
         vault::Filter f;
         f.min_duration_s = 100 + static_cast<double>(i % 200);
         return f;
       }},
      {"max-duration-rare",
       [](size_t i) {
         vault::Filter f;
         f.max_duration_s = 5 + static_cast<double>(i % 30);
         return f;
       }},
      {"near-500m",
       [site](size_t i) {
         vault::Filter f;
         f.near = vault::Filter::Near{site(i).lat + 0.001, site(i).lon + 0.001, 500};
         return f;
       }},
      {"bbox-2km",
       [site](size_t i) {
         vault::Filter f;
         f.bbox = vault::Filter::Box{site(i).lat - 0.01, site(i).lon - 0.015, site(i).lat + 0.01,
                                     site(i).lon + 0.015};
         return f;
       }},
      {"event",
       [](size_t i) {
         vault::Filter f;
         f.event = analysis::kEventKinds[i % std::size(analysis::kEventKinds)];
         return f;
       }},
      {"text",
       [](size_t i) {
         static const char* words[] = {"jamming",         "wind",  "vibration",
                                       "flight-4242.ulg", "crash", "Loiter"};
         vault::Filter f;
         f.text = words[i % std::size(words)];
         return f;
       }},
      {"vehicle+since+event",
       [t0](size_t i) {
         vault::Filter f;
         f.vehicle = "BENCH-VEHICLE-" + std::to_string(i % kVehicles);
         f.since_us = t0 + static_cast<int64_t>(i % 700) * 86400000000;
         f.event = "gps_lost";
         return f;
       }},
  };
  for (auto& q : qs)
    benchmark::RegisterBenchmark((std::string("catalog/flights/") + q.name).c_str(), flights_query,
                                 q.make)
        ->Iterations(200)
        ->Unit(benchmark::kMillisecond);
  for (size_t k : {size_t{0}, size_t{2}, size_t{5}})
    benchmark::RegisterBenchmark((std::string("read/flights/") + qs[k].name).c_str(), flights_read,
                                 qs[k].make)
        ->Iterations(200)
        ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("catalog/show",
                               [](benchmark::State& state) {
                                 vault::Vault& v = the_catalog();
                                 std::mt19937_64 rng(5);
                                 latencies(state, [&](size_t) {
                                   auto d = vault::get_flight(
                                       v, 1 + static_cast<int64_t>(rng() % kFlights));
                                   if (!d) state.SkipWithError(d.error().message().c_str());
                                   return d ? d->events.size() : 0;
                                 });
                               })
      ->Iterations(500)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(
      "read/show",
      [](benchmark::State& state) {
        vault::Vault& v = the_catalog();
        std::mt19937_64 rng(5);
        latencies(state, [&](size_t) {
          auto d = vault::read_flight(v, 1 + static_cast<int64_t>(rng() % kFlights), {"bench", {}});
          if (!d) state.SkipWithError(d.error().message().c_str());
          return d ? d->events.size() : 0;
        });
      })
      ->Iterations(500)
      ->Unit(benchmark::kMillisecond);
  // One audit entry (a transaction, a signed checkpoint) on a log of 100,000 entries.
  benchmark::RegisterBenchmark(
      "audit/append-at-100k",
      [](benchmark::State& state) {
        static std::unique_ptr<vault::Vault> v = [] {
          std::fprintf(stderr, "building an audit log of 100,000 entries...\n");
          auto fresh = fresh_vault("audit-100k");
          Status s = fresh->catalog().write([&]() -> Status {
            for (int i = 0; i < 100000; ++i)
              if (Status a = vault::append_entry(*fresh, {"read",
                                                          {i % 5000 + 1},
                                                          {i % 3000 + 1},
                                                          "",
                                                          "",
                                                          "",
                                                          "{\"command\":\"show\"}"});
                  !a.ok())
                return a;
            return Status::Ok();
          });
          if (!s.ok()) std::abort();
          return fresh;
        }();
        latencies(state, [&](size_t i) {
          return vault::record(*v, {"read",
                                    {static_cast<int64_t>(i + 1)},
                                    {1},
                                    "",
                                    "",
                                    "",
                                    "{\"command\":\"flights\"}"})
                         .ok()
                     ? 1
                     : 0;
        });
      })
      ->Iterations(200)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("catalog/open",
                               [](benchmark::State& state) {
                                 the_catalog();
                                 latencies(state, [&](size_t) {
                                   auto v = vault::Vault::open({catalog_dir(), std::nullopt});
                                   return v ? 1 : 0;
                                 });
                               })
      ->Iterations(50)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  fs::create_directories(tmp_root());
  Inputs& in = inputs();
  for (int i = 1; i < argc; ++i) {
    in.samples.push_back(argv[i]);
    in.sample_bytes += fs::file_size(argv[i]);
  }
  in.big = write_synth(tmp_root() + "/synth-64M.ulg", 1, 64u << 20);
  for (int i = 0; i < 8; ++i) {
    in.batch.push_back(
        write_synth(tmp_root() + "/synth-16M-" + std::to_string(i) + ".ulg", 100 + i, 16u << 20));
    in.batch_bytes += fs::file_size(in.batch.back());
  }
  in.big_bytes = *read_file(in.big);
  benchmark::RegisterBenchmark("import/one-64M", import_one)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("import/batch-8x16M", import_batch)
      ->Arg(1)
      ->Arg(2)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  if (!in.samples.empty())
    benchmark::RegisterBenchmark("import/samples", import_samples)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  benchmark::RegisterBenchmark("stage/memcpy", copy)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("stage/sha256", stage_sha256)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("stage/compress+encrypt", stage_seal)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("stage/read+analyse", stage_read_and_analyse)
      ->Unit(benchmark::kMillisecond);
  register_catalog();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
