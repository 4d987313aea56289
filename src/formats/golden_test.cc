// Every sample log in ../shared/testdata read as the reference parsers read it (their facts are
// in golden/). Skips, saying so, when ../shared is absent.
#include <gtest/gtest.h>

#include <bit>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "formats/detect.h"
#include "support/test_data.h"

namespace skykeep::formats {
namespace {

using nlohmann::json;

struct Golden {
  std::string name;
  json facts;
};

std::vector<Golden> goldens(const std::string& format) {
  std::vector<Golden> out;
  std::string dir = testing::shared_dir();
  if (dir.empty()) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/testdata/golden")) {
    std::ifstream f(e.path());
    json j = json::parse(f);
    if (j["format"] == format) out.push_back({j["file"], j});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

std::string sample(const std::string& folder, const std::string& name) {
  return testing::shared_dir() + "/testdata/" + folder + "/" + name;
}

#define SKIP_WITHOUT_SHARED()        \
  if (testing::shared_dir().empty()) \
  GTEST_SKIP() << "../shared/testdata is absent: the real-log comparisons cannot run"

TEST(Golden, UlogTopicsParamsMessagesAndDropoutsMatchPyulog) {
  SKIP_WITHOUT_SHARED();
  auto files = goldens("ulog");
  ASSERT_EQ(files.size(), 17u);
  for (const auto& g : files) {
    SCOPED_TRACE(g.name);
    model::Log log;
    ASSERT_TRUE(read_log_file(sample("ulog", g.name), {}, &log).ok());
    const json& u = g.facts["ulog"];
    bool corrupt = u["corrupt"];
    EXPECT_EQ(log.meta.format, model::Format::kULog);
    EXPECT_EQ(log.report.bytes_total, g.facts["bytes"].get<uint64_t>());
    for (const auto& [k, v] : u["topics"].items()) {
      size_t slash = k.rfind('/');
      std::string name = k.substr(0, slash);
      uint32_t inst = static_cast<uint32_t>(std::stoul(k.substr(slash + 1)));
      const model::Topic* t = log.find(name, inst);
      ASSERT_NE(t, nullptr) << k;
      uint64_t want = v["count"];
      if (corrupt) {
        EXPECT_LE(std::abs(static_cast<double>(t->count) - static_cast<double>(want)), 0.02 * want)
            << k;
      } else {
        EXPECT_EQ(t->count, want) << k;
        ASSERT_TRUE(t->min_time.has_value()) << k;
        EXPECT_EQ(*t->min_time, v["first_us"].get<int64_t>()) << k;
        EXPECT_EQ(*t->max_time, v["last_us"].get<int64_t>()) << k;
      }
    }
    // Topics the reference does not list were subscribed but never written.
    for (const auto& t : log.topics) {
      std::string k = t.name() + "/" + std::to_string(t.instance());
      if (!u["topics"].contains(k)) {
        EXPECT_EQ(t.count, 0u) << k;
      }
    }
    EXPECT_EQ(log.params.initial.size(), u["params"].get<size_t>());
    EXPECT_EQ(log.params.changes.size(), u["param_changes"].get<size_t>());
    // The reference keeps default values per default type (system, airframe): count those.
    size_t defaults = 0;
    for (const auto& d : log.params.defaults) defaults += std::popcount(d.default_types & 3u);
    EXPECT_EQ(defaults, u["default_params"].get<size_t>());
    EXPECT_EQ(log.texts.size(),
              u["logged_messages"].get<size_t>() + u["tagged_logged_messages"].get<size_t>());
    size_t tagged = 0;
    for (const auto& m : log.texts) tagged += m.tagged;
    EXPECT_EQ(tagged, u["tagged_logged_messages"].get<size_t>());
    uint64_t drop_ms = 0;
    for (const auto& d : log.dropouts) drop_ms += d.duration_ms;
    EXPECT_EQ(log.dropouts.size(), u["dropouts"]["count"].get<size_t>());
    EXPECT_EQ(drop_ms, u["dropouts"]["total_ms"].get<uint64_t>());
    EXPECT_EQ(log.meta.start_time_us, u["start_us"].get<int64_t>());
    EXPECT_EQ(log.report.corrupt(), corrupt);
    // Info values the reference reports, as strings.
    for (const auto& [k, v] : u["info"].items()) {
      const model::InfoItem* i = log.find_info(k);
      ASSERT_NE(i, nullptr) << k;
      std::string want = v.is_string() ? v.get<std::string>() : v.dump();
      EXPECT_EQ(model::info_to_string(i->value), want) << k;
    }
    std::vector<uint64_t> appended;
    for (const auto& i : log.info)
      if (i.key == "ulog_appended_offset") appended.push_back(std::get<uint64_t>(i.value));
    EXPECT_EQ(appended, u["appended_offsets"].get<std::vector<uint64_t>>());
  }
}

TEST(Golden, DataflashRecordCountsParamsAndMessagesMatchPymavlink) {
  SKIP_WITHOUT_SHARED();
  auto files = goldens("dataflash");
  ASSERT_EQ(files.size(), 3u);
  for (const auto& g : files) {
    SCOPED_TRACE(g.name);
    model::Log log;
    ASSERT_TRUE(read_log_file(sample("dataflash", g.name), {}, &log).ok());
    const json& d = g.facts["dataflash"];
    std::map<std::string, uint64_t> counts;
    for (const auto& t : log.topics) counts[t.name()] += t.count;
    for (const auto& [name, n] : d["types"].items()) {
      if (name == "FMT" || name == "FMTU" || name == "UNIT" || name == "MULT") continue;
      EXPECT_EQ(counts[name], n.get<uint64_t>()) << name;
    }
    EXPECT_EQ(log.params.initial.size(), d["params"].get<size_t>());
    EXPECT_EQ(log.texts.size(), d["messages"].get<size_t>());
    int64_t first = INT64_MAX, last = INT64_MIN;
    for (const auto& t : log.topics) {
      if (t.min_time) first = std::min(first, *t.min_time);
      if (t.max_time) last = std::max(last, *t.max_time);
    }
    EXPECT_EQ(first, d["first_time_us"].get<int64_t>());
    // The reference's last time is that of the last record in file order; ours is the largest.
    EXPECT_GE(last, d["last_time_us"].get<int64_t>());
  }
}

TEST(Golden, TlogMessageCountsAndBadPacketsMatchPymavlink) {
  SKIP_WITHOUT_SHARED();
  auto files = goldens("tlog");
  ASSERT_EQ(files.size(), 4u);
  ReaderOptions opts;
  opts.mavlink_xml.push_back(testing::shared_dir() + "/mavlink-xml/ardupilotmega.xml");
  for (const auto& g : files) {
    SCOPED_TRACE(g.name);
    model::Log log;
    ASSERT_TRUE(read_log_file(sample("tlog", g.name), opts, &log).ok());
    const json& d = g.facts["tlog"];
    std::map<std::string, uint64_t> counts;
    for (const auto& t : log.topics) counts[t.name()] += t.count;
    for (const auto& [name, n] : d["messages"].items())
      EXPECT_EQ(counts[name], n.get<uint64_t>()) << name;
    EXPECT_EQ(log.report.bad_packets > 0, d["bad_data"].get<int>() > 0);
    int64_t first = INT64_MAX, last = INT64_MIN;
    for (const auto& t : log.topics) {
      if (t.min_time) first = std::min(first, *t.min_time);
      if (t.max_time) last = std::max(last, *t.max_time);
    }
    EXPECT_EQ(first, d["first_time_us"].get<int64_t>());
    EXPECT_EQ(last, d["last_time_us"].get<int64_t>());
  }
}

}  // namespace
}  // namespace skykeep::formats
