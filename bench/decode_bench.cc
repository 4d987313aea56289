// skykeep-bench [LOG...] [--mavlink-xml=FILE] [--benchmark_* flags]: decode speed of each log
// into columns, beside a memcpy of the same size in the same run. Without logs it synthesizes
// 64 MiB in each format.
//   decode/NAME        read into a Log whose column memory is reused between iterations (a
//                      streaming importer's steady state)
//   decode_fresh/NAME  read into a new Log every iteration (pays the page faults of new memory)
//   memcpy/NAME        copy the same number of bytes between two reused buffers
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "base/file.h"
#include "formats/detect.h"
#include "synth/synth.h"

namespace {

using skykeep::Bytes;

struct Input {
  std::string name;
  std::vector<std::byte> bytes;
};

std::vector<Input>& inputs() {
  static std::vector<Input> v;
  return v;
}

skykeep::formats::ReaderOptions& options() {
  static skykeep::formats::ReaderOptions o;
  return o;
}

void decode(benchmark::State& state, const Input* in, bool reuse) {
  skykeep::model::Log log;
  for (auto _ : state) {
    if (!reuse) log = skykeep::model::Log{};
    skykeep::Status s = skykeep::formats::read_log_bytes(Bytes(in->bytes), options(), &log);
    if (!s.ok()) {
      state.SkipWithError(s.message().c_str());
      return;
    }
    benchmark::DoNotOptimize(log.topics.size());
  }
  size_t rows = 0;
  for (const auto& t : log.topics) rows += t.rows;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in->bytes.size()));
  state.counters["records"] = static_cast<double>(rows);
}

void copy(benchmark::State& state, const Input* in) {
  std::vector<std::byte> dst(in->bytes.size());
  for (auto _ : state) {
    std::memcpy(dst.data(), in->bytes.data(), in->bytes.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in->bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.rfind("--mavlink-xml=", 0) == 0) {
      options().mavlink_xml.emplace_back(arg.substr(14));
      continue;
    }
    auto bytes = skykeep::read_file(argv[i]);
    if (!bytes) {
      std::fprintf(stderr, "skykeep-bench: %s\n", bytes.error().message().c_str());
      return 2;
    }
    std::string name = argv[i];
    if (size_t slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
    inputs().push_back({name, std::move(*bytes)});
  }
  if (skykeep::Status s = skykeep::formats::prepare(&options()); !s.ok()) {
    std::fprintf(stderr, "skykeep-bench: %s\n", s.message().c_str());
    return 2;
  }
  if (inputs().empty()) {
    for (auto [f, name] : {std::pair{skykeep::model::Format::kULog, "synth-64M.ulg"},
                           std::pair{skykeep::model::Format::kDataFlash, "synth-64M.bin"},
                           std::pair{skykeep::model::Format::kTlog, "synth-64M.tlog"}}) {
      skykeep::synth::Options o;
      o.format = f;
      o.min_bytes = 64u << 20;
      inputs().push_back({name, skykeep::synth::synthesize_bytes(o)});
    }
  }
  for (const Input& in : inputs()) {
    benchmark::RegisterBenchmark(("decode/" + in.name).c_str(), decode, &in, true)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("decode_fresh/" + in.name).c_str(), decode, &in, false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("memcpy/" + in.name).c_str(), copy, &in)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
