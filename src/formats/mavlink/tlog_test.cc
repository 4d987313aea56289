#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "base/crc.h"
#include "base/endian.h"
#include "formats/detect.h"
#include "formats/mavlink/dialect.h"
#include "formats/mavlink/mavlink_internal.h"
#include "support/test_data.h"

namespace skykeep::mavlink {
namespace {

struct Packet {
  int version = 2;
  uint32_t msgid = 0;
  std::vector<std::byte> payload;
  uint8_t sys = 1, comp = 1;
  bool sign = false;
  bool bad_crc = false;
  int crc_extra = -1;  // -1: from the built-in dialect
};

void append(std::vector<std::byte>& out, uint64_t t_us, const Packet& p) {
  std::byte ts[8];
  store_be64(ts, t_us);
  out.insert(out.end(), ts, ts + 8);
  std::vector<std::byte> f;
  if (p.version == 1) {
    f = {std::byte{kStxV1},
         static_cast<std::byte>(p.payload.size()),
         std::byte{0},
         static_cast<std::byte>(p.sys),
         static_cast<std::byte>(p.comp),
         static_cast<std::byte>(p.msgid)};
  } else {
    f = {std::byte{kStxV2},
         static_cast<std::byte>(p.payload.size()),
         static_cast<std::byte>(p.sign ? kIncompatSigned : 0),
         std::byte{0},
         std::byte{0},
         static_cast<std::byte>(p.sys),
         static_cast<std::byte>(p.comp),
         static_cast<std::byte>(p.msgid & 0xff),
         static_cast<std::byte>((p.msgid >> 8) & 0xff),
         static_cast<std::byte>(p.msgid >> 16)};
  }
  f.insert(f.end(), p.payload.begin(), p.payload.end());
  uint8_t extra = p.crc_extra >= 0 ? static_cast<uint8_t>(p.crc_extra)
                                   : Dialect::builtin().find(p.msgid)->crc_extra;
  uint16_t crc = crc_x25_step(crc_x25(Bytes(f).subspan(1)), extra);
  if (p.bad_crc) crc ^= 0x5555;
  std::byte c[2];
  store_le(c, crc);
  f.insert(f.end(), c, c + 2);
  if (p.sign) f.insert(f.end(), kSignatureLen, std::byte{0xAB});
  out.insert(out.end(), f.begin(), f.end());
}

std::vector<std::byte> heartbeat(uint8_t type, uint8_t autopilot) {
  std::vector<std::byte> p(9);
  store_le<uint32_t>(p.data(), 5);  // custom_mode first on the wire
  p[4] = static_cast<std::byte>(type);
  p[5] = static_cast<std::byte>(autopilot);
  p[8] = std::byte{3};
  return p;
}

Status read(const std::vector<std::byte>& b, model::Log* log,
            const formats::ReaderOptions& o = {}) {
  return formats::read_log_bytes(Bytes(b), o, log);
}

TEST(Dialect, BuiltinCrcExtrasAreTheMavlinkOnes) {
  constexpr std::pair<const char*, int> kKnown[] = {
      {"HEARTBEAT", 50},         {"SYS_STATUS", 124},        {"PARAM_VALUE", 220},
      {"GPS_RAW_INT", 24},       {"ATTITUDE", 39},           {"GLOBAL_POSITION_INT", 104},
      {"SERVO_OUTPUT_RAW", 222}, {"MISSION_CURRENT", 28},    {"RC_CHANNELS", 118},
      {"VFR_HUD", 20},           {"COMMAND_LONG", 152},      {"COMMAND_ACK", 143},
      {"BATTERY_STATUS", 154},   {"AUTOPILOT_VERSION", 178}, {"EKF_STATUS_REPORT", 71},
      {"VIBRATION", 90},         {"HOME_POSITION", 104},     {"EXTENDED_SYS_STATE", 130},
      {"STATUSTEXT", 83},        {"GNSS_INTEGRITY", 169}};
  for (auto [name, crc] : kKnown) {
    const MessageDef* d = Dialect::builtin().find(name);
    ASSERT_NE(d, nullptr) << name;
    EXPECT_EQ(d->crc_extra, crc) << name;
  }
  EXPECT_EQ(Dialect::builtin().size(), 20u);
  EXPECT_EQ(Dialect::builtin().find("HEARTBEAT")->min_length, 9u);
  EXPECT_EQ(Dialect::builtin().find("SYS_STATUS")->min_length, 31u);
  EXPECT_EQ(Dialect::builtin().find("SYS_STATUS")->max_length, 43u);
}

TEST(Dialect, BuiltinsAgreeWithThePublishedXml) {
  std::string dir = testing::shared_dir();
  if (dir.empty()) GTEST_SKIP() << "../shared/mavlink-xml is absent";
  Dialect xml;
  ASSERT_TRUE(xml.load_xml(dir + "/mavlink-xml/ardupilotmega.xml").ok());
  EXPECT_GT(xml.size(), 300u) << "includes are followed";
  for (const char* name :
       {"HEARTBEAT", "SYS_STATUS", "GPS_RAW_INT", "GLOBAL_POSITION_INT", "ATTITUDE", "VFR_HUD",
        "BATTERY_STATUS", "STATUSTEXT", "EXTENDED_SYS_STATE", "HOME_POSITION", "PARAM_VALUE",
        "COMMAND_LONG", "COMMAND_ACK", "MISSION_CURRENT", "RC_CHANNELS", "SERVO_OUTPUT_RAW",
        "EKF_STATUS_REPORT", "VIBRATION", "AUTOPILOT_VERSION"}) {
    const MessageDef* a = Dialect::builtin().find(name);
    const MessageDef* b = xml.find(name);
    ASSERT_NE(b, nullptr) << name;
    EXPECT_EQ(a->id, b->id) << name;
    EXPECT_EQ(a->crc_extra, b->crc_extra) << name;
    EXPECT_EQ(a->min_length, b->min_length) << name;
    EXPECT_EQ(a->max_length, b->max_length) << name;
    ASSERT_EQ(a->fields.size(), b->fields.size()) << name;
    for (size_t i = 0; i < a->fields.size(); ++i) {
      EXPECT_EQ(a->fields[i].name, b->fields[i].name) << name;
      EXPECT_EQ(a->fields[i].offset, b->fields[i].offset) << name;
    }
  }
}

TEST(Dialect, BuiltinGnssIntegrityIsTheDevelopmentDialectsOne) {
  std::string dir = testing::shared_dir();
  if (dir.empty()) GTEST_SKIP() << "../shared/mavlink-xml is absent";
  Dialect xml;
  ASSERT_TRUE(xml.load_xml(dir + "/mavlink-xml/development.xml").ok());
  const MessageDef* a = Dialect::builtin().find("GNSS_INTEGRITY");
  const MessageDef* b = xml.find("GNSS_INTEGRITY");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(a->crc_extra, b->crc_extra);
  EXPECT_EQ(a->max_length, b->max_length);
  ASSERT_EQ(a->fields.size(), b->fields.size());
  for (size_t i = 0; i < a->fields.size(); ++i) {
    EXPECT_EQ(a->fields[i].name, b->fields[i].name);
    EXPECT_EQ(a->fields[i].offset, b->fields[i].offset);
  }
}

// A vault keeps the dialect a log was read with as text; read back, it decodes the same way.
TEST(Dialect, DefinitionsTextReadsBackAsTheSameDialect) {
  EXPECT_EQ(Dialect::builtin().definitions_text(), "");
  std::string path = ::testing::TempDir() + "/small.xml";
  std::ofstream(path) << "<mavlink><messages><message id=\"9001\" name=\"MY_MSG\">"
                         "<field type=\"int32_t\" name=\"lat\" units=\"degE7\">x</field>"
                         "<field type=\"float[3]\" name=\"v\">x</field>"
                         "<field type=\"char[8]\" name=\"tag\">x</field><extensions/>"
                         "<field type=\"uint16_t\" name=\"more\">x</field>"
                         "</message></messages></mavlink>\n";
  Dialect small = Dialect::builtin();
  ASSERT_TRUE(small.load_xml(path).ok());
  std::vector<Dialect> dialects = {small};
  if (std::string dir = testing::shared_dir(); !dir.empty()) {
    Dialect apm = Dialect::builtin();
    ASSERT_TRUE(apm.load_xml(dir + "/mavlink-xml/ardupilotmega.xml").ok());
    dialects.push_back(std::move(apm));
  }
  for (const Dialect& d : dialects) {
    std::string text = d.definitions_text();
    EXPECT_FALSE(text.empty());
    auto back = Dialect::from_text(text);
    ASSERT_TRUE(back.has_value()) << back.error().message();
    EXPECT_EQ(back->size(), d.size());
    EXPECT_EQ(back->definitions_text(), text);
    for (uint32_t id = 0; id < 70000; ++id) {
      const MessageDef* a = d.find(id);
      if (!a) continue;
      const MessageDef* b = back->find(id);
      ASSERT_NE(b, nullptr) << a->name;
      EXPECT_EQ(a->name, b->name);
      EXPECT_EQ(a->crc_extra, b->crc_extra) << a->name;
      EXPECT_EQ(a->min_length, b->min_length) << a->name;
      EXPECT_EQ(a->max_length, b->max_length) << a->name;
      ASSERT_EQ(a->fields.size(), b->fields.size()) << a->name;
      for (size_t i = 0; i < a->fields.size(); ++i) {
        EXPECT_EQ(a->fields[i].name, b->fields[i].name) << a->name;
        EXPECT_EQ(a->fields[i].offset, b->fields[i].offset) << a->name;
        EXPECT_EQ(a->fields[i].scale, b->fields[i].scale) << a->name;
        EXPECT_EQ(a->fields[i].unit, b->fields[i].unit) << a->name;
      }
    }
  }
  auto bad = Dialect::from_text("9001 MY_MSG int32_t lat\nnot a line\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), Status::Code::kCorruption);
  EXPECT_NE(bad.error().message().find("line 2"), std::string::npos) << bad.error().message();
}

TEST(Dialect, BrokenXmlNamesFileAndLine) {
  std::string path = ::testing::TempDir() + "/broken.xml";
  std::ofstream(path) << "<mavlink>\n<messages>\n<message id=\"1\" name=\"X\">\n</mavlink>\n";
  Dialect d;
  Status s = d.load_xml(path);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("broken.xml:"), std::string::npos) << s.message();
  EXPECT_EQ(d.load_xml(::testing::TempDir() + "/absent.xml").code(), Status::Code::kNotFound);
}

TEST(TlogReader, V1V2SignedAndTruncatedPacketsDecode) {
  std::vector<std::byte> b;
  append(b, 1000, {2, 0, heartbeat(2, 3)});
  append(b, 2000, {2, 0, heartbeat(2, 3), 1, 1, /*sign=*/true});
  append(b, 3000, {1, 0, heartbeat(2, 3)});
  // SYS_STATUS as MAVLink 1 (31 bytes, no extensions), then MAVLink 2 with zeros cut off.
  std::vector<std::byte> sys(31);
  store_le<uint16_t>(sys.data() + 14, 15800);  // voltage_battery, mV
  append(b, 4000, {1, 1, sys});
  std::vector<std::byte> trimmed(sys.begin(), sys.begin() + 16);
  append(b, 5000, {2, 1, trimmed});
  model::Log log;
  ASSERT_TRUE(read(b, &log).ok());
  EXPECT_EQ(log.meta.format, model::Format::kTlog);
  EXPECT_EQ(log.find("HEARTBEAT")->count, 3u);
  const model::Topic* s = log.find("SYS_STATUS");
  ASSERT_EQ(s->rows, 2u);
  int v = s->schema.find("voltage_battery");
  EXPECT_DOUBLE_EQ(s->value(static_cast<size_t>(v), 0), 15.8);
  EXPECT_DOUBLE_EQ(s->value(static_cast<size_t>(v), 1), 15.8);
  EXPECT_EQ(s->time_at(1), 5000);
  EXPECT_EQ(log.report.bad_packets, 0u);
  EXPECT_FALSE(log.report.corrupt());
}

TEST(TlogReader, BadChecksumIsCountedAndTheNextPacketRead) {
  std::vector<std::byte> b;
  append(b, 1000, {2, 0, heartbeat(2, 3)});
  Packet bad{2, 0, heartbeat(2, 3)};
  bad.bad_crc = true;
  append(b, 2000, bad);
  append(b, 3000, {2, 0, heartbeat(2, 3)});
  model::Log log;
  ASSERT_TRUE(read(b, &log).ok());
  EXPECT_EQ(log.find("HEARTBEAT")->count, 2u);
  EXPECT_EQ(log.report.bad_packets, 1u);
}

TEST(TlogReader, GarbageBetweenPacketsIsSkippedAsOneBadRun) {
  std::vector<std::byte> b;
  append(b, 1000, {2, 0, heartbeat(2, 3)});
  for (int i = 0; i < 23; ++i) b.push_back(static_cast<std::byte>(0x30 + i));
  append(b, 2000, {2, 0, heartbeat(2, 3)});
  model::Log log;
  ASSERT_TRUE(read(b, &log).ok());
  EXPECT_EQ(log.find("HEARTBEAT")->count, 2u);
  EXPECT_EQ(log.report.bad_packets, 1u);
  EXPECT_EQ(log.report.bytes_skipped, 23u);
}

TEST(TlogReader, UnknownMessagesAreKeptById) {
  std::vector<std::byte> b;
  append(b, 1000, {2, 0, heartbeat(2, 3)});
  Packet p{2, 4242, {std::byte{1}, std::byte{2}, std::byte{3}}};
  p.crc_extra = 99;
  append(b, 2000, p);
  model::Log log;
  ASSERT_TRUE(read(b, &log).ok());
  const model::Topic* t = log.find("MAVLINK_4242");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->count, 1u);
  EXPECT_EQ(t->value(0, 0), 3) << "payload length";
  EXPECT_EQ(log.report.unknown_messages, 1u);
  EXPECT_FALSE(log.report.corrupt());
}

TEST(TlogReader, XmlDialectNamesMoreMessages) {
  std::string dir = testing::shared_dir();
  if (dir.empty()) GTEST_SKIP() << "../shared/mavlink-xml is absent";
  std::vector<std::byte> b;
  append(b, 1000, {2, 0, heartbeat(2, 3)});
  Dialect xml;
  ASSERT_TRUE(xml.load_xml(dir + "/mavlink-xml/ardupilotmega.xml").ok());
  const MessageDef* ahrs2 = xml.find("AHRS2");
  ASSERT_NE(ahrs2, nullptr);
  Packet p{2, ahrs2->id, std::vector<std::byte>(ahrs2->max_length)};
  store_le<float>(p.payload.data(), 0.25f);  // roll
  p.crc_extra = ahrs2->crc_extra;
  append(b, 2000, p);
  model::Log plain, rich;
  ASSERT_TRUE(read(b, &plain).ok());
  EXPECT_EQ(plain.find("AHRS2"), nullptr);
  formats::ReaderOptions o;
  o.mavlink_xml.push_back(dir + "/mavlink-xml/ardupilotmega.xml");
  ASSERT_TRUE(read(b, &rich, o).ok());
  ASSERT_NE(rich.find("AHRS2"), nullptr);
  EXPECT_EQ(rich.find("AHRS2")->value(0, 0), 0.25);
}

}  // namespace
}  // namespace skykeep::mavlink
