// skykeep-privacy-bench [LOG...] [--mavlink-xml=FILE] [--benchmark_* flags]: what redaction
// costs. Without logs it synthesizes one 5 MB flight of each format.
//   redact/RECIPIENT/NAME   privacy::redact of the whole log for a recipient (telemetry only;
//                           coarse location; full location under a zone), as a share does
//   judge/NAME              the part of it that judges values: the flight's facts, every field's
//                           classes by name, the track at each topic's rows and every numeric
//                           field's values against them
//   classify/NAME           the classes by name alone, of every field of every topic
#include <benchmark/benchmark.h>

#include <deque>
#include <string>
#include <vector>

#include "analysis/recorder.h"
#include "formats/detect.h"
#include "privacy/classify.h"
#include "privacy/detect.h"
#include "privacy/redact.h"
#include "synth/synth.h"

namespace {

using namespace skykeep;

struct Input {
  std::string name;
  model::Log log;
  std::optional<int64_t> utc_offset_us;
};

std::deque<Input>& inputs() {
  static std::deque<Input> v;
  return v;
}

privacy::Rules rules(const char* who, const Input& in) {
  using privacy::Level;
  privacy::Rules r;
  r.utc_offset_us = in.utc_offset_us;
  r.pseudonym_key.fill(1);
  r.recipient.time_shift_s = 86400 * 37;
  if (std::string(who) == "telemetry") {
    r.recipient.levels = {Level::kNone, Level::kNone, Level::kFull, Level::kNone, Level::kNone};
  } else if (std::string(who) == "coarse") {
    r.recipient.levels = {Level::kCoarse, Level::kCoarse, Level::kFull, Level::kCoarse,
                          Level::kNone};
    r.recipient.grid_m = 1000;
  } else {
    r.recipient.levels = {Level::kCoarse, Level::kFull, Level::kFull, Level::kFull, Level::kFull};
    auto facts = privacy::facts_of(in.log, in.utc_offset_us, {}, {});
    if (!facts.t.empty()) {
      privacy::Zone z;
      z.name = "home";
      z.center = {facts.lat[0], facts.lon[0]};
      z.radius_m = 30;
      r.exclusions.push_back(privacy::exclusion(z, std::array<uint8_t, 32>{}));
    }
  }
  return r;
}

void redact(benchmark::State& state, const Input* in, const char* who) {
  privacy::Rules r = rules(who, *in);
  for (auto _ : state) benchmark::DoNotOptimize(privacy::redact(in->log, r).manifest.positions);
  state.counters["topics"] = static_cast<double>(in->log.topics.size());
}

void judge(benchmark::State& state, const Input* in) {
  size_t judged = 0;
  for (auto _ : state) {
    auto facts = privacy::facts_of(in->log, in->utc_offset_us, {}, {});
    judged = 0;
    for (const auto& t : in->log.topics) {
      auto cls = privacy::classify_topic(t.schema);
      auto track = privacy::row_track(t, facts);
      for (size_t f = 0; f < cls.size(); ++f) {
        benchmark::DoNotOptimize(privacy::judge_values(t, f, facts, track));
        ++judged;
      }
    }
  }
  state.counters["fields"] = static_cast<double>(judged);
}

void classify(benchmark::State& state, const Input* in) {
  for (auto _ : state)
    for (const auto& t : in->log.topics)
      benchmark::DoNotOptimize(privacy::classify_topic(t.schema));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  formats::ReaderOptions options;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--mavlink-xml=", 0) == 0)
      options.mavlink_xml.push_back(a.substr(14));
    else
      paths.push_back(a);
  }
  if (!formats::prepare(&options).ok()) return 2;
  if (paths.empty()) {
    for (auto f : {model::Format::kULog, model::Format::kDataFlash, model::Format::kTlog}) {
      synth::Options o;
      o.format = f;
      o.passes = 40;  // about 5 MB of ULog
      Input in;
      in.name = std::string("synthesized-") + std::string(model::format_name(f));
      auto bytes = synth::synthesize_bytes(o);
      if (!formats::read_log_bytes(Bytes(bytes), options, &in.log).ok()) return 2;
      in.utc_offset_us = analysis::signals_of(in.log).utc_offset_us;
      inputs().push_back(std::move(in));
    }
  }
  for (const auto& p : paths) {
    Input in;
    in.name = p.substr(p.rfind('/') + 1);
    if (!formats::read_log_file(p, options, &in.log).ok()) return 2;
    in.utc_offset_us = analysis::signals_of(in.log).utc_offset_us;
    inputs().push_back(std::move(in));
  }
  for (const auto& in : inputs()) {
    for (const char* who : {"telemetry", "coarse", "zoned"})
      benchmark::RegisterBenchmark(("redact/" + std::string(who) + "/" + in.name).c_str(), redact,
                                   &in, who)
          ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("judge/" + in.name).c_str(), judge, &in)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("classify/" + in.name).c_str(), classify, &in)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
