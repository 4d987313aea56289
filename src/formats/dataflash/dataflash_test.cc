#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "base/endian.h"
#include "formats/dataflash/dataflash_internal.h"
#include "formats/dataflash/reader.h"
#include "formats/detect.h"
#include "formats/log_sink.h"
#include "formats/writer.h"

namespace skykeep::dataflash {
namespace {

class Builder {
 public:
  Builder() { fmt(kFmtType, kFmtLength, "FMT", "BBnNZ", "Type,Length,Name,Format,Columns"); }
  void fmt(uint8_t type, uint8_t length, std::string_view name, std::string_view format,
           std::string_view columns) {
    std::vector<std::byte> p(kFmtLength - 3);
    p[0] = static_cast<std::byte>(type);
    p[1] = static_cast<std::byte>(length);
    std::memcpy(p.data() + 2, name.data(), name.size());
    std::memcpy(p.data() + 6, format.data(), format.size());
    std::memcpy(p.data() + 22, columns.data(), columns.size());
    rec(kFmtType, p);
  }
  void rec(uint8_t type, const std::vector<std::byte>& payload) {
    out.push_back(std::byte{kHead1});
    out.push_back(std::byte{kHead2});
    out.push_back(static_cast<std::byte>(type));
    out.insert(out.end(), payload.begin(), payload.end());
  }
  template <typename... T>
  static std::vector<std::byte> pack(T... v) {
    std::vector<std::byte> p;
    (append(p, v), ...);
    return p;
  }
  template <typename T>
  static void append(std::vector<std::byte>& p, T v) {
    std::byte b[sizeof(T)];
    store_le(b, v);
    p.insert(p.end(), b, b + sizeof(T));
  }
  static void append(std::vector<std::byte>& p, std::string s) {  // a 16-character name
    s.resize(16, '\0');
    for (char c : s) p.push_back(static_cast<std::byte>(c));
  }
  std::vector<std::byte> out;
};

Status read(const std::vector<std::byte>& b, model::Log* log) {
  return formats::read_log_bytes(Bytes(b), {}, log);
}

TEST(DataflashReader, TimeMsEraLogHasMillisecondTimesAndUntimedParams) {
  // ArduCopter before 3.4: TimeMS columns, PARM without a time column.
  Builder b;
  b.fmt(129, 3 + 16 + 4, "PARM", "Nf", "Name,Value");
  b.fmt(130, 3 + 1 + 4 + 2 + 4 + 4, "GPS", "BIHLL", "Status,TimeMS,Week,Lat,Lng");
  b.fmt(131, 3 + 4 + 2, "ATT", "Ic", "TimeMS,Roll");
  b.rec(129, Builder::pack(std::string("RTL_ALT"), 1500.0f));
  b.rec(130, Builder::pack(uint8_t{3}, uint32_t{120500}, uint16_t{1800}, int32_t{473977420},
                           int32_t{85455940}));
  b.rec(131, Builder::pack(uint32_t{120510}, int16_t{-250}));
  b.rec(129, Builder::pack(std::string("RTL_ALT"), 2000.0f));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  const model::Topic* gps = log.find("GPS");
  ASSERT_NE(gps, nullptr);
  EXPECT_EQ(gps->time_at(0), 120500000);
  EXPECT_NEAR(gps->value(static_cast<size_t>(gps->schema.find("Lat")), 0), 47.397742, 1e-9);
  EXPECT_EQ(log.find("ATT")->value(0, 0), -2.5);
  const model::Topic* parm = log.find("PARM");
  EXPECT_EQ(parm->count, 2u);
  EXPECT_FALSE(parm->min_time.has_value());
  ASSERT_EQ(log.params.initial.size(), 1u);
  EXPECT_EQ(log.params.initial[0].value, 1500);
  ASSERT_EQ(log.params.changes.size(), 1u);
  EXPECT_EQ(log.params.changes[0].time_us, 120510000) << "a change takes the last time seen";
  EXPECT_FALSE(log.report.corrupt());
}

TEST(DataflashReader, FramesByFmtLengthWhereItDisagreesWithTheFormat) {
  Builder b;
  b.fmt(140, 3 + 8 + 4 + 4, "LONG", "Qf", "TimeUS,A");  // 4 more bytes than "Qf" needs
  b.fmt(141, 3 + 8 + 4, "SHRT", "Qff", "TimeUS,A,B");   // the last float does not fit
  for (int i = 0; i < 3; ++i) {
    b.rec(140, Builder::pack(100 + uint64_t(i), float(i), uint32_t{0xDEADBEEF}));
    b.rec(141, Builder::pack(200 + uint64_t(i), float(10 + i)));
  }
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  const model::Topic* l = log.find("LONG");
  const model::Topic* s = log.find("SHRT");
  ASSERT_EQ(l->rows, 3u);
  ASSERT_EQ(s->rows, 3u);
  EXPECT_EQ(l->value(0, 2), 2);
  EXPECT_EQ(s->value(0, 2), 12);
  EXPECT_EQ(s->schema.find("B"), -1) << "a field past the record's Length does not exist";
  EXPECT_EQ(s->time_at(2), 202);
  EXPECT_FALSE(log.report.corrupt());
}

TEST(DataflashReader, GarbageIsSkippedAndCountedThenReadingResumes) {
  Builder b;
  b.fmt(150, 3 + 8 + 4, "VAL", "Qf", "TimeUS,V");
  b.rec(150, Builder::pack(uint64_t{1}, 1.0f));
  for (int i = 0; i < 11; ++i) b.out.push_back(std::byte{0x55});
  b.rec(150, Builder::pack(uint64_t{2}, 2.0f));
  b.out.resize(b.out.size() + 0);
  b.rec(150, Builder::pack(uint64_t{3}, 3.0f));
  b.out.resize(b.out.size() - 2);  // cut the last record
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("VAL")->rows, 2u);
  EXPECT_EQ(log.report.bytes_skipped, 11u + 13u);
  ASSERT_EQ(log.report.issues.size(), 2u);
  EXPECT_NE(log.report.issues[1].message.find("truncated"), std::string::npos);
}

TEST(DataflashReader, FmtuUnitsMultipliersAndInstances) {
  Builder b;
  b.fmt(160, 3 + 8 + 1 + 64, "UNIT", "QbZ", "TimeUS,Id,Label");
  b.fmt(161, 3 + 8 + 1 + 8, "MULT", "Qbd", "TimeUS,Id,Mult");
  b.fmt(162, 3 + 8 + 1 + 16 + 16, "FMTU", "QBNN", "TimeUS,FmtType,UnitIds,MultIds");
  b.fmt(163, 3 + 8 + 1 + 4, "BAT", "QBi", "TimeUS,Inst,Volt");
  std::vector<std::byte> unit = Builder::pack(uint64_t{0}, int8_t{'v'});
  unit.resize(8 + 1 + 64);
  std::memcpy(unit.data() + 9, "V", 1);
  b.rec(160, unit);
  b.rec(161, Builder::pack(uint64_t{0}, int8_t{'C'}, 0.001));
  b.rec(162, Builder::pack(uint64_t{0}, uint8_t{163}, std::string("s#v"), std::string("--C")));
  b.rec(163, Builder::pack(uint64_t{10}, uint8_t{0}, int32_t{16800}));
  b.rec(163, Builder::pack(uint64_t{11}, uint8_t{1}, int32_t{12600}));
  b.rec(163, Builder::pack(uint64_t{20}, uint8_t{0}, int32_t{16700}));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  const model::Topic* b0 = log.find("BAT", 0);
  const model::Topic* b1 = log.find("BAT", 1);
  ASSERT_NE(b0, nullptr);
  ASSERT_NE(b1, nullptr);
  EXPECT_EQ(b0->rows, 2u);
  EXPECT_EQ(b1->rows, 1u);
  int volt = b0->schema.find("Volt");
  EXPECT_EQ(b0->schema.fields[static_cast<size_t>(volt)].unit, "V");
  EXPECT_DOUBLE_EQ(b0->value(static_cast<size_t>(volt), 1), 16.7);
  EXPECT_DOUBLE_EQ(b1->value(static_cast<size_t>(volt), 0), 12.6);
}

TEST(DataflashReader, RecordTypeWithoutFmtIsSkippedAsGarbage) {
  Builder b;
  b.rec(200, Builder::pack(uint64_t{1}));
  b.fmt(150, 3 + 8 + 4, "VAL", "Qf", "TimeUS,V");
  b.rec(150, Builder::pack(uint64_t{2}, 2.0f));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  EXPECT_EQ(log.find("VAL")->rows, 1u);
  EXPECT_EQ(log.report.bytes_skipped, 11u);
}

}  // namespace
}  // namespace skykeep::dataflash

namespace skykeep::dataflash {
namespace {

TEST(DataflashReader, InputNotStartingWithFmtIsRefusedHoweverItIsChunked) {
  Builder b;
  b.fmt(150, 3 + 8 + 4, "VAL", "Qf", "TimeUS,V");
  std::vector<std::byte> in(b.out.size() + 5, std::byte{0x2a});
  std::copy(b.out.begin(), b.out.end(), in.begin() + 5);
  for (size_t chunk : {in.size(), size_t{1}, size_t{5}}) {
    model::Log log;
    formats::LogSink sink(&log);
    auto r = make_reader(sink);
    Status s;
    for (size_t i = 0; i < in.size() && s.ok(); i += chunk)
      s = r->feed(Bytes(in).subspan(i, std::min(chunk, in.size() - i)));
    if (s.ok()) s = r->finish();
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << chunk;
  }
}

}  // namespace
}  // namespace skykeep::dataflash

namespace skykeep::dataflash {
namespace {

TEST(DataflashReader, AFormatWithAnUnknownCharacterHasNoFieldsAndNoTime) {
  Builder b;
  b.fmt(150, 3 + 8 + 4, "ODD", "Qx", "TimeUS,X");  // 'x' is no format character
  b.rec(150, Builder::pack(uint64_t{77}, 1.0f));
  model::Log log;
  ASSERT_TRUE(read(b.out, &log).ok());
  const model::Topic* t = log.find("ODD");
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->schema.fields.empty());
  EXPECT_FALSE(t->schema.time.has_value());
  EXPECT_EQ(t->count, 1u);
  // What was read can be written and read back.
  model::Log again;
  auto bytes = formats::write_log(log).value();
  EXPECT_TRUE(formats::read_log_bytes(Bytes(bytes), {}, &again).ok());
}

}  // namespace
}  // namespace skykeep::dataflash
