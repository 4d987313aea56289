#include <gtest/gtest.h>

#include <numeric>

#include "base/buffer.h"
#include "base/byte_reader.h"
#include "base/crc.h"
#include "base/json_writer.h"

namespace skykeep {
namespace {

TEST(Crc, X25MatchesTheCatalogueCheckValue) {
  EXPECT_EQ(crc_x25(std::string_view("123456789")), 0x6F91);  // CRC-16/MCRF4XX
}

TEST(Crc, SlicedX25AgreesWithTheBytewiseDefinitionAtEveryLength) {
  std::string s;
  for (int i = 0; i < 300; ++i) s.push_back(static_cast<char>(i * 37 + 11));
  for (size_t n = 0; n <= s.size(); ++n) {
    uint16_t bytewise = 0xFFFF;
    for (size_t i = 0; i < n; ++i) bytewise = crc_x25_step(bytewise, static_cast<uint8_t>(s[i]));
    ASSERT_EQ(crc_x25(std::string_view(s).substr(0, n)), bytewise) << n;
  }
}

TEST(ByteReader, FailedReadsConsumeNothing) {
  std::byte data[5] = {std::byte{1}, std::byte{0}, std::byte{2}, std::byte{0}, std::byte{9}};
  ByteReader r{Bytes(data)};
  uint32_t v32 = 0;
  uint16_t v16 = 0;
  EXPECT_TRUE(r.read(&v32));
  EXPECT_EQ(v32, 0x00020001u);
  EXPECT_FALSE(r.read(&v16));
  EXPECT_EQ(r.remaining(), 1u);
  Bytes b;
  EXPECT_FALSE(r.take(2, &b));
  EXPECT_TRUE(r.take(1, &b));
  EXPECT_TRUE(r.empty());
}

TEST(ByteBuffer, KeepsContentsAcrossTheHugePageThreshold) {
  ByteBuffer b;
  std::vector<uint32_t> v(3 << 20);  // 12 MiB: heap, then mappings grown with mremap
  std::iota(v.begin(), v.end(), 0u);
  for (size_t i = 0; i < v.size(); i += 4096) b.append(&v[i], 4096 * sizeof(uint32_t));
  ASSERT_EQ(b.size(), v.size() * 4);
  EXPECT_EQ(std::memcmp(b.data(), v.data(), b.size()), 0);
  size_t cap = b.capacity();
  b.clear();
  EXPECT_EQ(b.capacity(), cap) << "clear keeps memory for reuse";
  ByteBuffer moved = std::move(b);
  EXPECT_EQ(moved.capacity(), cap);
}

TEST(JsonWriter, EscapesAndReplacesInvalidUtf8) {
  JsonWriter j;
  j.begin_object().key("a\"b").value("x\n\x01\xff\xc3\xa9").key("n").value(int64_t{-3});
  j.key("d")
      .value(1.5)
      .key("inf")
      .value(1.0 / 0.0)
      .key("arr")
      .begin_array()
      .value(true)
      .null()
      .end_array();
  j.end_object();
  EXPECT_EQ(j.str(), R"({"a\"b":"x\n\u0001\ufffdé","n":-3,"d":1.5,"inf":null,"arr":[true,null]})");
}

}  // namespace
}  // namespace skykeep

#include "base/utc.h"

namespace skykeep {
namespace {

TEST(Utc, FormatsAndParsesIso8601) {
  EXPECT_EQ(format_utc(1777629620350123), "2026-05-01T10:00:20Z");
  EXPECT_EQ(format_utc(1777629620350123, 3), "2026-05-01T10:00:20.350Z");
  EXPECT_EQ(format_utc(1777629620350123, 6), "2026-05-01T10:00:20.350123Z");
  EXPECT_EQ(parse_utc("2026-05-01T10:00:20Z"), 1777629620000000);
  EXPECT_EQ(parse_utc("2026-05-01T10:00:20"), 1777629620000000);
  EXPECT_EQ(parse_utc("2026-05-01"), 1777593600000000);
  EXPECT_EQ(parse_utc_until("2026-05-01"), 1777593600000000 + 86400000000);  // the whole day
  EXPECT_EQ(parse_utc_until("2026-05-01T10:00:20Z"), 1777629620000000);
  EXPECT_FALSE(parse_utc_until("May 1").has_value());
  EXPECT_FALSE(parse_utc("yesterday").has_value());
  EXPECT_FALSE(parse_utc("2026-05-01T10:00:20+02").has_value());
}

}  // namespace
}  // namespace skykeep
