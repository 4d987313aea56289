#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "base/endian.h"
#include "formats/detect.h"
#include "formats/log_sink.h"
#include "formats/ulog/reader.h"
#include "formats/ulog/ulog_internal.h"
#include "support/test_data.h"
#include "synth/synth.h"

namespace skykeep::ulog {
namespace {

// Builds ULog bytes message by message, as a logger would write them.
class Builder {
 public:
  explicit Builder(uint8_t version = 1, bool flag_bits = true, uint64_t incompat = 0,
                   std::vector<uint64_t> appended = {}) {
    for (uint8_t b : kMagic) out.push_back(std::byte{b});
    out.push_back(std::byte{version});
    u64(1000);
    if (flag_bits) {
      std::vector<std::byte> body(40);
      store_le<uint64_t>(body.data() + 8, incompat);
      for (size_t i = 0; i < appended.size(); ++i)
        store_le<uint64_t>(body.data() + 16 + 8 * i, appended[i]);
      msg('B', body);
    }
  }
  void u64(uint64_t v) {
    std::byte b[8];
    store_le(b, v);
    out.insert(out.end(), b, b + 8);
  }
  void msg(char type, const std::vector<std::byte>& body) {
    std::byte h[3];
    store_le<uint16_t>(h, static_cast<uint16_t>(body.size()));
    h[2] = static_cast<std::byte>(type);
    out.insert(out.end(), h, h + 3);
    out.insert(out.end(), body.begin(), body.end());
  }
  static std::vector<std::byte> bytes(std::string_view s) {
    std::vector<std::byte> b(s.size());
    std::memcpy(b.data(), s.data(), s.size());
    return b;
  }
  void format(std::string_view f) { msg('F', bytes(f)); }
  void info(std::string_view key, std::string_view value) {
    std::vector<std::byte> b{static_cast<std::byte>(key.size())};
    auto k = bytes(key), v = bytes(value);
    b.insert(b.end(), k.begin(), k.end());
    b.insert(b.end(), v.begin(), v.end());
    msg('I', b);
  }
  void param(char type, std::string_view key, float value, int flag = -1) {
    std::vector<std::byte> b;
    if (flag >= 0) b.push_back(static_cast<std::byte>(flag));
    b.push_back(static_cast<std::byte>(key.size()));
    auto k = bytes(key);
    b.insert(b.end(), k.begin(), k.end());
    std::byte v[4];
    if (key.rfind("int32_t", 0) == 0)
      store_le<int32_t>(v, static_cast<int32_t>(value));
    else
      store_le<float>(v, value);
    b.insert(b.end(), v, v + 4);
    msg(type, b);
  }
  void add(uint8_t multi, uint16_t id, std::string_view name) {
    std::vector<std::byte> b(3);
    b[0] = static_cast<std::byte>(multi);
    store_le<uint16_t>(b.data() + 1, id);
    auto n = bytes(name);
    b.insert(b.end(), n.begin(), n.end());
    msg('A', b);
  }
  // A data message: id, then the payload given.
  void data(uint16_t id, const std::vector<std::byte>& payload) {
    std::vector<std::byte> b(2);
    store_le<uint16_t>(b.data(), id);
    b.insert(b.end(), payload.begin(), payload.end());
    msg('D', b);
  }
  void log(char level, uint64_t t, std::string_view text, int tag = -1) {
    std::vector<std::byte> b{static_cast<std::byte>(level)};
    if (tag >= 0) {
      b.resize(3);
      store_le<uint16_t>(b.data() + 1, static_cast<uint16_t>(tag));
    }
    std::byte ts[8];
    store_le(ts, t);
    b.insert(b.end(), ts, ts + 8);
    auto s = bytes(text);
    b.insert(b.end(), s.begin(), s.end());
    msg(tag >= 0 ? 'C' : 'L', b);
  }
  std::vector<std::byte> out;
};

// Payload of "t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;" (16 bytes).
std::vector<std::byte> txy(uint64_t ts, float x, int16_t y, bool with_padding = true) {
  std::vector<std::byte> p(with_padding ? 16 : 14);
  store_le(p.data(), ts);
  store_le(p.data() + 8, x);
  store_le(p.data() + 12, y);
  return p;
}

Status read(const std::vector<std::byte>& bytes, model::Log* log) {
  return formats::read_log_bytes(Bytes(bytes), {}, log);
}

TEST(UlogReader, HeaderVersion0WithoutFlagBitsReads) {
  Builder b(0, false);
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 7, "t");
  b.data(7, txy(2000, 1.5f, -3));
  b.data(7, txy(3000, 2.5f, 4));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  const model::Topic* t = log.find("t");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->rows, 2u);
  EXPECT_EQ(t->time_at(1), 3000);
  EXPECT_EQ(t->value(0, 0), 1.5);
  EXPECT_EQ(t->value(1, 0), -3);
  EXPECT_EQ(t->schema.fields.size(), 2u) << "padding and the timestamp are not fields";
  EXPECT_EQ(log.meta.start_time_us, 1000);
  EXPECT_FALSE(log.report.corrupt());
}

TEST(UlogReader, UnknownIncompatibleFlagIsRefusedWithAClearError) {
  Builder b(1, true, /*incompat=*/0x2);
  b.format("t:uint64_t timestamp;");
  model::Log log;
  Status s = read(b.out, &log);
  EXPECT_EQ(s.code(), Status::Code::kNotSupported);
  EXPECT_NE(s.message().find("incompatible"), std::string::npos) << s.message();
}

TEST(UlogReader, AppendedDataIsReadAndTheCutMessageBeforeItDropped) {
  // Main log, then a message cut short by the crash, then appended data from the offset.
  Builder b(1, true, kIncompatDataAppended, {0});
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 1, "t");
  b.data(1, txy(10, 1, 1));
  // A data message whose header promises more than was written before the appended data.
  std::vector<std::byte> cut{std::byte{18}, std::byte{0},    std::byte{'D'}, std::byte{1},
                             std::byte{0},  std::byte{0x99}, std::byte{0x99}};
  b.out.insert(b.out.end(), cut.begin(), cut.end());
  uint64_t offset = b.out.size();
  b.data(1, txy(20, 2, 2));
  b.data(1, txy(30, 3, 3));
  store_le<uint64_t>(b.out.data() + 16 + 3 + 16, offset);  // first appended offset
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  const model::Topic* t = log.find("t");
  ASSERT_EQ(t->rows, 3u);
  EXPECT_EQ(t->time_at(1), 20);
  EXPECT_EQ(t->value(0, 2), 3);
  EXPECT_FALSE(log.report.corrupt()) << "a crash cut is what appended data is for";
}

TEST(UlogReader, NestedFormatsAndArraysAreFlattened) {
  Builder b;
  b.format("vec:float x;float y;");
  b.format("n:uint64_t timestamp;vec[2] pts;uint8_t[3] a;char[5] label;");
  b.add(0, 3, "n");
  std::vector<std::byte> p(8 + 16 + 3 + 5);
  store_le<uint64_t>(p.data(), 77);
  for (size_t i = 0; i < 4; ++i) store_le<float>(p.data() + 8 + 4 * i, static_cast<float>(i + 1));
  p[24] = std::byte{9};
  p[26] = std::byte{7};
  std::memcpy(p.data() + 27, "hello", 5);
  b.data(3, p);
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  const model::Topic* t = log.find("n");
  ASSERT_NE(t, nullptr);
  std::vector<std::string> names;
  for (const auto& f : t->schema.fields) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"pts[0].x", "pts[0].y", "pts[1].x", "pts[1].y", "a[0]",
                                             "a[1]", "a[2]", "label"}));
  EXPECT_EQ(t->value(static_cast<size_t>(t->schema.find("pts[1].y")), 0), 4);
  EXPECT_EQ(t->value(static_cast<size_t>(t->schema.find("a[2]")), 0), 7);
  EXPECT_EQ(t->text(static_cast<size_t>(t->schema.find("label")), 0), "hello");
}

TEST(UlogReader, TrailingPaddingMayBeAbsentFromData) {
  Builder b;
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 1, "t");
  b.data(1, txy(5, 4.0f, 2, /*with_padding=*/false));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("t")->rows, 1u);
  EXPECT_EQ(log.find("t")->value(0, 0), 4.0);
  EXPECT_FALSE(log.report.corrupt());
}

TEST(UlogReader, MultiInstanceSubscriptionsAreSeparateTopics) {
  Builder b;
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 1, "t");
  b.add(1, 2, "t");
  b.data(1, txy(5, 1, 1));
  b.data(2, txy(6, 2, 2));
  b.data(2, txy(7, 3, 3));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("t", 0)->rows, 1u);
  EXPECT_EQ(log.find("t", 1)->rows, 2u);
}

TEST(UlogReader, ParametersDefaultsChangesAndLoggedStrings) {
  Builder b;
  b.info("char[4] ver_hw", "FMUX");
  b.param('P', "float MPC_XY", 5.0f);
  b.param('P', "int32_t MAV_TYPE", 2);
  b.param('Q', "float MPC_XY", 3.0f, 1);
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 1, "t");
  b.data(1, txy(500, 1, 1));
  b.param('P', "float MPC_XY", 6.0f);
  b.log('4', 600, "warn me");
  b.log('6', 700, "tagged", 42);
  b.msg('O', {std::byte{25}, std::byte{0}});
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  ASSERT_EQ(log.params.initial.size(), 2u);
  EXPECT_TRUE(log.params.initial[1].is_int);
  EXPECT_EQ(log.params.initial[1].value, 2);
  ASSERT_EQ(log.params.defaults.size(), 1u);
  EXPECT_EQ(log.params.defaults[0].default_types, 1);
  ASSERT_EQ(log.params.changes.size(), 1u);
  EXPECT_EQ(log.params.changes[0].param.value, 6.0);
  EXPECT_EQ(log.params.changes[0].time_us, 500);
  ASSERT_EQ(log.texts.size(), 2u);
  EXPECT_EQ(log.texts[0].severity, 4);
  EXPECT_EQ(log.texts[0].text, "warn me");
  EXPECT_TRUE(log.texts[1].tagged);
  EXPECT_EQ(log.texts[1].tag, 42);
  ASSERT_EQ(log.dropouts.size(), 1u);
  EXPECT_EQ(log.dropouts[0].duration_ms, 25u);
  EXPECT_EQ(model::info_to_string(log.find_info("ver_hw")->value), "FMUX");
}

TEST(UlogReader, RemovedSubscriptionStopsItsData) {
  Builder b;
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 1, "t");
  b.data(1, txy(1, 1, 1));
  b.msg('R', {std::byte{1}, std::byte{0}});
  b.data(1, txy(2, 2, 2));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("t")->rows, 1u);
}

TEST(UlogReader, GarbageIsSkippedReportedAndReadingGoesOn) {
  Builder b;
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 1, "t");
  b.data(1, txy(1, 1, 1));
  size_t at = b.out.size();
  for (int i = 0; i < 37; ++i) b.out.push_back(std::byte{0});
  b.data(1, txy(2, 2, 2));
  b.data(1, txy(3, 3, 3));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("t")->rows, 3u);
  EXPECT_EQ(log.report.bytes_skipped, 37u);
  ASSERT_EQ(log.report.issues.size(), 1u);
  EXPECT_EQ(log.report.issues[0].offset, at);
}

TEST(UlogReader, ResyncsAfterADamagedSyncMessage) {
  Builder b;
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 1, "t");
  b.data(1, txy(1, 1, 1));
  // Garbage, then a sync message whose header is damaged, then a data message whose header is
  // damaged too: only the sync marker says where the next message starts.
  for (int i = 0; i < 5; ++i) b.out.push_back(std::byte{0});
  b.out.insert(b.out.end(), {std::byte{0xFF}, std::byte{0xFF}, std::byte{0}});
  for (uint8_t m : kSyncMagic) b.out.push_back(std::byte{m});
  b.data(1, txy(2, 2, 2));
  b.data(1, txy(3, 3, 3));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("t")->rows, 3u);
  EXPECT_EQ(log.report.bytes_skipped, 5u + 3u + 8u);
}

TEST(UlogReader, TruncatedTrailingMessageIsReportedNotFatal) {
  Builder b;
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 1, "t");
  b.data(1, txy(1, 1, 1));
  b.data(1, txy(2, 2, 2));
  b.out.resize(b.out.size() - 5);
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("t")->rows, 1u);
  EXPECT_EQ(log.report.bytes_skipped, 16u);
  ASSERT_FALSE(log.report.issues.empty());
  EXPECT_NE(log.report.issues.back().message.find("truncated"), std::string::npos);
}

TEST(UlogReader, OversizedDataMessageIsDroppedAndCounted) {
  Builder b;
  b.format("t:uint64_t timestamp;float x;int16_t y;uint8_t[2] _padding0;");
  b.add(0, 1, "t");
  auto big = txy(1, 1, 1);
  big.resize(20);
  b.data(1, big);
  b.data(1, txy(2, 2, 2));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("t")->rows, 1u);
  EXPECT_EQ(log.report.bad_packets, 1u);
}

TEST(UlogReader, NotAUlogAndEmptyInputAreUnreadable) {
  model::Log log;
  EXPECT_EQ(read({}, &log).message(), "empty file");
  std::vector<std::byte> text(100, std::byte{'x'});
  Status s = read(text, &log);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not a flight log"), std::string::npos);
}

TEST(UlogReader, AnyChunkingGivesTheSameLog) {
  synth::Options o;
  auto bytes = synth::synthesize_bytes(o);
  model::Log whole;
  ASSERT_TRUE(read(bytes, &whole).ok());
  for (size_t chunk : {1ul, 3ul, 4095ul, 65539ul}) {
    SCOPED_TRACE(chunk);
    model::Log log;
    formats::LogSink sink(&log);
    auto r = make_reader(sink);
    size_t limit = chunk == 1 ? 200000 : bytes.size();  // one byte at a time: a prefix is enough
    Bytes in(bytes.data(), limit);
    while (!in.empty()) {
      size_t n = std::min(chunk, in.size());
      ASSERT_TRUE(r->feed(in.first(n)).ok());
      in = in.subspan(n);
    }
    ASSERT_TRUE(r->finish().ok());
    if (limit == bytes.size()) {
      EXPECT_EQ(testing::diff(whole, log), std::vector<std::string>{});
    } else {
      model::Log prefix;
      ASSERT_TRUE(read(std::vector<std::byte>(bytes.begin(), bytes.begin() + limit), &prefix).ok());
      EXPECT_EQ(testing::diff(prefix, log), std::vector<std::string>{});
    }
  }
}

}  // namespace
}  // namespace skykeep::ulog

namespace skykeep::ulog {
namespace {

TEST(UlogReader, HugeOrEmptyNestedArraysAreBoundedNotExpanded) {
  Builder b;
  b.format("e:");
  b.format("e2:e[65535] a;");
  b.format("e3:e2[65535] b;");  // 65535 x 65535 empty elements: must not be walked one by one
  b.format("big:uint64_t timestamp;e3[65535] none;float[60000] x;");
  b.format("ok:uint64_t timestamp;e3[65535] none;float y;");
  b.add(0, 1, "big");
  b.add(0, 2, "ok");
  std::vector<std::byte> p(12);
  store_le<float>(p.data() + 8, 2.5f);
  b.data(2, p);
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("big"), nullptr) << "larger than a message can be";
  ASSERT_NE(log.find("ok"), nullptr);
  EXPECT_EQ(log.find("ok")->value(0, 0), 2.5);
  EXPECT_TRUE(log.report.corrupt());
}

}  // namespace
}  // namespace skykeep::ulog
