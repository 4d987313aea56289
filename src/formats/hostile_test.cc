// No input may crash a reader, hang it, or make it use memory out of proportion to the input:
// every sample cut at many offsets and with bytes flipped at many positions reads to an end
// with a status and a parse report.
#include <gtest/gtest.h>

#include <random>

#include "formats/detect.h"
#include "support/test_data.h"
#include "synth/synth.h"

namespace skykeep::formats {
namespace {

void torture(const std::vector<std::byte>& input, uint64_t seed, const ReaderOptions& opts) {
  std::mt19937_64 rng(seed);
  constexpr int kCuts = 48, kFlips = 48;
  model::Log log;
  auto check = [&](Bytes in, const char* what, size_t where) {
    Status s = read_log_bytes(in, opts, &log);
    if (!s.ok()) {
      EXPECT_FALSE(s.message().empty()) << what << " at " << where;
      return;
    }
    EXPECT_EQ(log.report.bytes_total, in.size()) << what << " at " << where;
    EXPECT_LE(log.report.bytes_skipped, in.size()) << what << " at " << where;
    EXPECT_LE(log.column_bytes(), 16 * in.size() + (1u << 20)) << what << " at " << where;
  };
  for (int i = 0; i < kCuts; ++i) {
    size_t at = i < kCuts / 2 ? input.size() * i / (kCuts / 2)
                              : std::uniform_int_distribution<size_t>(0, input.size())(rng);
    check(Bytes(input.data(), at), "cut", at);
  }
  std::vector<std::byte> copy = input;
  for (int i = 0; i < kFlips; ++i) {
    size_t at = i < 8 ? static_cast<size_t>(i) * 3  // the headers
                      : std::uniform_int_distribution<size_t>(0, input.size() - 1)(rng);
    std::byte old = copy[at];
    copy[at] = static_cast<std::byte>(std::uniform_int_distribution<int>(0, 255)(rng));
    check(Bytes(copy), "flip", at);
    copy[at] = old;
  }
  // A burst of flips at once.
  for (int i = 0; i < 64; ++i)
    copy[std::uniform_int_distribution<size_t>(0, copy.size() - 1)(rng)] ^= std::byte{0x5A};
  check(Bytes(copy), "burst", 0);
}

TEST(Hostile, SynthesizedLogsSurviveCutsAndFlips) {
  for (auto f : {model::Format::kULog, model::Format::kDataFlash, model::Format::kTlog}) {
    SCOPED_TRACE(std::string(model::format_name(f)));
    synth::Options o;
    o.format = f;
    auto bytes = synth::synthesize_bytes(o);
    bytes.resize(std::min<size_t>(bytes.size(), size_t{512} * 1024));
    torture(bytes, 7, {});
  }
}

TEST(Hostile, SampleLogsSurviveCutsAndFlips) {
  if (testing::shared_dir().empty()) GTEST_SKIP() << "../shared/testdata is absent";
  ReaderOptions tlog;
  tlog.mavlink_xml.push_back(testing::shared_dir() + "/mavlink-xml/ardupilotmega.xml");
  uint64_t seed = 1;
  for (const char* folder : {"ulog", "dataflash", "tlog"}) {
    for (const auto& p : testing::samples(folder)) {
      SCOPED_TRACE(p.filename().string());
      auto bytes = testing::read_bytes(p);
      bytes.resize(std::min<size_t>(bytes.size(), size_t{512} * 1024));
      torture(bytes, seed++, std::string(folder) == "tlog" ? tlog : ReaderOptions{});
    }
  }
}

}  // namespace
}  // namespace skykeep::formats
