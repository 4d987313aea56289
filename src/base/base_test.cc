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

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "base/numeric.h"
#include "base/text.h"

namespace skykeep {
namespace {

TEST(Text, XmlEscapeLeavesNoMarkupAndNoForbiddenControls) {
  EXPECT_EQ(xml_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  EXPECT_EQ(xml_escape(std::string("a\0b\x1b\x7f\n\tc", 8)), "ab\x7f\n\tc");
  EXPECT_EQ(xml_escape("東京 🚁"), "東京 🚁");
}

TEST(Text, PrintableEscapesEverythingThatSteersATerminal) {
  EXPECT_EQ(printable("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
  EXPECT_EQ(printable("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(printable(std::string("nul\0del\x7f", 8)), "nul\\x00del\\x7f");
  EXPECT_EQ(printable("csi \xc2\x9b"
                      "2J nel \xc2\x85"),
            "csi \\u009b2J nel \\u0085");
  // Bytes that are not UTF-8: stray continuation, cut short, overlong, a surrogate, beyond it.
  EXPECT_EQ(printable("\xff \x80 \xe2\x82 \xc0\x80 \xed\xa0\x80 \xf4\x90\x80\x80"),
            "\\xff \\x80 \\xe2\\x82 \\xc0\\x80 \\xed\\xa0\\x80 \\xf4\\x90\\x80\\x80");
  // Everything else passes unchanged, any script.
  EXPECT_EQ(printable("héllo 東京 🚁 ~\\"), "héllo 東京 🚁 ~\\");
  EXPECT_EQ(printable("\xc2\xa0nbsp"), "\xc2\xa0nbsp");
  // Multi-line text keeps its lines and tabs, and nothing else.
  EXPECT_EQ(printable("a = 1\n\tb\x1b[2J\n", true), "a = 1\n\tb\\x1b[2J\n");
}

TEST(Numeric, ParseWholeTakesOneWholeNumberOrSaysWhy) {
  EXPECT_EQ(*parse_uint("0", "n"), 0u);
  EXPECT_EQ(*parse_uint("18446744073709551615", "n"), UINT64_MAX);
  EXPECT_EQ(*parse_int("-42", "n"), -42);
  for (const char* bad : {"", "abc", "1.5", "-1", "+1", " 1", "1 ", "0x10", "1e3"}) {
    auto r = parse_uint(bad, "the index");
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(r.error().message(), std::string("the index: '") + bad + "' is not a whole number");
  }
  EXPECT_EQ(parse_uint("18446744073709551616", "n").error().message(),
            "n: '18446744073709551616' is out of range");
}

std::string scratch(const char* name) {
  std::string d = ::testing::TempDir() + "/skykeep-base-test";
  std::filesystem::create_directories(d);
  std::string p = d + "/" + name;
  std::filesystem::remove_all(p);
  return p;
}

std::string contents(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

size_t temporaries(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    n += e.path().filename().string().find(".skykeep-") != std::string::npos;
  return n;
}

TEST(File, AnOutputFileAppearsWholeOrNotAtAll) {
  std::string p = scratch("out.txt");
  std::string dir = p.substr(0, p.rfind('/'));
  {
    auto f = OutputFile::create(p, false);
    ASSERT_TRUE(f.has_value());
    ASSERT_TRUE((*f)->write(as_bytes("half")).ok());
    EXPECT_FALSE(std::filesystem::exists(p)) << "nothing under the name before publish";
  }  // dropped without publishing
  EXPECT_FALSE(std::filesystem::exists(p));
  EXPECT_EQ(temporaries(dir), 0u);
  auto f = OutputFile::create(p, false);
  ASSERT_TRUE(f.has_value());
  std::string big(200000, 'x');  // more than the buffer
  ASSERT_TRUE((*f)->write(as_bytes("start ")).ok());
  ASSERT_TRUE((*f)->write(as_bytes(big)).ok());
  ASSERT_TRUE((*f)->commit().ok());
  EXPECT_EQ(contents(p), "start " + big);
  EXPECT_EQ(temporaries(dir), 0u);
}

TEST(File, AnOutputFileNeverReplacesAFileOrFollowsALinkUnlessAsked) {
  std::string p = scratch("kept.txt"), target = scratch("target.txt"), link = scratch("link.txt");
  std::ofstream(p) << "keep";
  std::ofstream(target) << "keep";
  std::filesystem::create_symlink(target, link);
  EXPECT_EQ(OutputFile::create(p, false).error().code(), Status::Code::kAlreadyExists);
  EXPECT_EQ(OutputFile::create(link, false).error().code(), Status::Code::kAlreadyExists);
  EXPECT_EQ(OutputFile::create(p.substr(0, p.rfind('/')), true).error().code(),
            Status::Code::kInvalidArgument);
  // A file that appears while the output is written is not replaced either.
  std::string late = scratch("late.txt");
  auto f = OutputFile::create(late, false);
  ASSERT_TRUE(f.has_value());
  ASSERT_TRUE((*f)->write(as_bytes("mine")).ok());
  ASSERT_TRUE((*f)->sync().ok());
  std::ofstream(late) << "theirs";
  EXPECT_EQ((*f)->publish().code(), Status::Code::kAlreadyExists);
  EXPECT_EQ(contents(late), "theirs");
  // Asked to replace: the file, or the link itself (never the file it points to).
  auto r = OutputFile::create(link, true);
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE((*r)->write(as_bytes("new")).ok());
  ASSERT_TRUE((*r)->commit().ok());
  EXPECT_FALSE(std::filesystem::is_symlink(link));
  EXPECT_EQ(contents(link), "new");
  EXPECT_EQ(contents(target), "keep");
  EXPECT_EQ(contents(p), "keep");
}

TEST(File, ReadingRefusesWhatIsNotARegularFileWithoutWaitingForIt) {
  std::string fifo = scratch("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& p : {std::string("/dev/zero"), fifo}) {
    auto r = read_file(p);  // a FIFO nobody writes to would block an ordinary open
    ASSERT_FALSE(r.has_value()) << p;
    EXPECT_EQ(r.error().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(r.error().message(), p + ": not a regular file");
  }
  EXPECT_EQ(read_small_file("/dev/zero").error().message(), "/dev/zero: not a regular file");
  // A pipe with a writer is fine for small inputs, and bounded.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "secret\n", 7), 7);
  ::close(fds[1]);
  auto text = read_small_file("/dev/fd/" + std::to_string(fds[0]));
  ::close(fds[0]);
  ASSERT_TRUE(text.has_value()) << text.error().message();
  EXPECT_EQ(*text, "secret\n");
  std::string big = scratch("big");
  std::ofstream(big) << std::string(100, 'x');
  EXPECT_EQ(read_small_file(big, 99).error().message(), big + ": larger than 99 bytes");
}

}  // namespace
}  // namespace skykeep
