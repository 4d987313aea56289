// The skykeep command line, end to end: exit codes, one-line errors, JSON shape.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "e2e/cli_support.h"
#include "support/test_data.h"

namespace {

using nlohmann::json;
using namespace skykeep::e2e;

TEST(Cli, InspectJsonHasTheAgreedKeys) {
  for (const char* f : {"ulog", "dataflash", "tlog"}) {
    std::string p = synth(f, std::string("clean.") + f);
    Outcome r = run("inspect --json " + p);
    ASSERT_EQ(r.code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["format"], f);
    EXPECT_EQ(j["bytes"].get<size_t>(), bytes(p).size());
    ASSERT_TRUE(j["topics"].is_array());
    ASSERT_FALSE(j["topics"].empty());
    for (const char* k : {"name", "instance", "count", "first_us", "last_us"})
      EXPECT_TRUE(j["topics"][0].contains(k)) << k;
    for (const char* k : {"params", "param_changes", "logged_messages", "bad_packets"})
      EXPECT_TRUE(j[k].is_number()) << k;
    EXPECT_TRUE(j["dropouts"]["count"].is_number());
    EXPECT_TRUE(j["dropouts"]["total_ms"].is_number());
    EXPECT_EQ(j["parse_report"]["bytes_skipped"], 0);
    EXPECT_TRUE(j["parse_report"]["issues"].empty());
  }
}

TEST(Cli, RecoveredCorruptionExitsOneAndStillPrints) {
  std::string p = synth("ulog", "cut.ulg");
  auto b = bytes(p);
  b.resize(b.size() - 7);
  write(p, b);
  Outcome r = run("inspect --json " + p);
  EXPECT_EQ(r.code, 1);
  json j = json::parse(r.out);
  EXPECT_GT(j["parse_report"]["bytes_skipped"].get<int>(), 0);
  EXPECT_FALSE(j["parse_report"]["issues"].empty());
  EXPECT_TRUE(j["parse_report"]["issues"][0]["offset"].is_number());
  Outcome text = run("inspect " + p);
  EXPECT_EQ(text.code, 1);
  EXPECT_NE(text.out.find("recovered from corruption"), std::string::npos);
}

TEST(Cli, UnreadableInputsExitTwoWithOneLine) {
  std::string text = dir() + "/notes.txt", empty = dir() + "/empty.ulg";
  write(text, std::vector<char>(200, 'x'));
  write(empty, {});
  std::vector<char> bad_flags = {'U', 'L', 'o', 'g', 1, 0x12, 0x35, 1, 0,  0,
                                 0,   0,   0,   0,   0, 0,    40,   0, 'B'};
  bad_flags.resize(bad_flags.size() + 40);
  bad_flags[16 + 3 + 8] = 4;  // an incompatible flag bit nobody defined
  std::string flags = dir() + "/flags.ulg";
  write(flags, bad_flags);
  const std::pair<std::string, std::string> cases[] = {{text, "not a flight log"},
                                                       {empty, "empty file"},
                                                       {dir() + "/absent.ulg", "No such file"},
                                                       {dir(), "is a directory"},
                                                       {flags, "incompatible"}};
  for (const auto& [path, why] : cases) {
    Outcome r = run("inspect " + path);
    EXPECT_EQ(r.code, 2) << path;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
  }
  if (geteuid() != 0) {
    std::string locked = synth("tlog", "locked.tlog");
    chmod(locked.c_str(), 0);
    Outcome r = run("inspect " + locked);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
  }
}

TEST(Cli, SeveralFilesGiveAnArrayAndTheWorstExitCode) {
  std::string a = synth("tlog", "a.tlog");
  Outcome r = run("inspect --json " + a + " " + dir() + "/absent.bin");
  EXPECT_EQ(r.code, 2);
  json j = json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["format"], "tlog");
  EXPECT_TRUE(j[1].contains("error"));
}

TEST(Cli, SynthSizeAndBadArguments) {
  std::string p = synth("dataflash", "big.bin", "--size 6M --seed 9");
  EXPECT_GE(bytes(p).size(), 6u << 20);
  EXPECT_EQ(run("inspect " + p).code, 0);
  for (const char* args : {"synth --format png -o x", "synth --format ulog", "synth --size 3Q -o x",
                           "synth --lat 95 -o x", "nonsense"}) {
    Outcome r = run(args);
    EXPECT_EQ(r.code, 2) << args;
    EXPECT_TRUE(one_line(r.err)) << r.err;
  }
}

TEST(Cli, InitCreatesAVaultOnceAndTakesAPassphraseFile) {
  std::string v = dir() + "/vault";
  Outcome r = run("init --vault " + v);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("created a vault"), std::string::npos);
  Outcome again = run("init --vault " + v);
  EXPECT_EQ(again.code, 2);
  EXPECT_TRUE(one_line(again.err)) << again.err;
  EXPECT_NE(again.err.find("already a vault"), std::string::npos);
  write(dir() + "/pass", {'h', 'u', 'n', 't', 'e', 'r', '2', '\n'});
  Outcome p = run("init --vault " + v + "2 --passphrase-file " + dir() + "/pass");
  EXPECT_EQ(p.code, 0) << p.err;
  EXPECT_NE(p.out.find("passphrase"), std::string::npos);
  EXPECT_EQ(run("init --vault").code, 2);
}

TEST(Cli, ImportKeepsGoodLogsOnceAndReportsBadOnesAtTheEnd) {
  std::string v = dir() + "/import-vault", in = dir() + "/import-in";
  ASSERT_EQ(run("init --vault " + v).code, 0);
  std::filesystem::create_directories(in + "/sub");
  std::string a = synth("ulog", "import-in/a.ulg"), b = synth("tlog", "import-in/sub/b.tlog");
  write(in + "/sub/readme.txt", std::vector<char>(100, 'x'));
  Outcome r = run("import --vault " + v + " --json " + in);
  EXPECT_EQ(r.code, 1) << "one file could not be imported";
  json j = json::parse(r.out);
  EXPECT_EQ(j["imported"], 2);
  ASSERT_EQ(j["failed"].size(), 1u);
  EXPECT_NE(j["failed"][0]["file"].get<std::string>().find("readme.txt"), std::string::npos);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  Outcome again = run("import --vault " + v + " --json " + a + " " + b);
  EXPECT_EQ(again.code, 0) << again.err;
  json k = json::parse(again.out);
  EXPECT_EQ(k["imported"], 0);
  EXPECT_EQ(k["duplicates"], 2);
  Outcome checked = run("verify --vault " + v + " --json");
  EXPECT_EQ(checked.code, 0) << checked.err;
  EXPECT_EQ(json::parse(checked.out)["checked"], 2);
  for (const auto& e : std::filesystem::directory_iterator(v + "/blobs"))
    std::filesystem::remove(e.path());
  Outcome broken = run("verify --vault " + v);
  EXPECT_EQ(broken.code, 1);
  EXPECT_NE(broken.out.find("2 damaged"), std::string::npos) << broken.out;
  Outcome none = run("import --vault " + dir() + "/no-vault " + a);
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("no vault here"), std::string::npos);
}

// Kills the importer with SIGKILL at many points of a multi-file import: the vault always opens,
// verifies without damage (blob files of the import that was cut short are orphans, which
// verify --repair removes), shows no half-imported log, has an import entry for every log it
// keeps, and importing again completes.
TEST(Cli, ImportSurvivesBeingKilledAnywhere) {
  std::string v = dir() + "/kill-vault", in = dir() + "/kill-in";
  ASSERT_EQ(run("init --vault " + v).code, 0);
  std::filesystem::create_directories(in);
  std::vector<std::string> files;
  for (int i = 0; i < 6; ++i)
    files.push_back(synth(i % 2 ? "tlog" : "ulog", "kill-in/f" + std::to_string(i),
                          "--flights 2 --seed " + std::to_string(i + 10)));
  std::mt19937 rng(11);
  for (int round = 0; round < 12; ++round) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      execl(binary().c_str(), binary().c_str(), "import", "--vault", v.c_str(), in.c_str(),
            nullptr);
      _exit(127);
    }
    usleep(std::uniform_int_distribution<int>(0, 250000)(rng));  // a whole import takes ~0.2 s
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    Outcome check = run("verify --vault " + v + " --json");
    ASSERT_TRUE(check.code == 0 || check.code == 1)
        << "round " << round << ": " << check.out << check.err;
    json report = json::parse(check.out);
    EXPECT_TRUE(report["damaged"].empty()) << "round " << round << ": " << check.out;
    EXPECT_TRUE(report["catalog"]["problems"].empty()) << "round " << round;
    if (check.code == 1) {
      EXPECT_FALSE(report["orphans"].empty()) << "round " << round;
      Outcome repair = run("verify --repair --vault " + v);
      EXPECT_EQ(repair.code, 0) << "round " << round << ": " << repair.out << repair.err;
      EXPECT_EQ(run("verify --vault " + v).code, 0) << "round " << round;
    }
    // No half-imported log: every log the catalog shows has both of its flights, and an import
    // entry committed with it.
    json listed = json::parse(run("flights --vault " + v + " --json --limit 0").out);
    std::map<int64_t, int> per_log;
    for (const auto& f : listed["flights"]) per_log[f["log"]["id"].get<int64_t>()]++;
    EXPECT_EQ(per_log.size(), report["checked"].get<size_t>()) << "round " << round;
    std::set<int64_t> recorded;
    json entries = json::parse(run("audit list --json --vault " + v).out)["entries"];
    for (const auto& e : entries)
      if (e["action"] == "import")
        for (const auto& l : e["logs"]) recorded.insert(l.get<int64_t>());
    for (const auto& [log, n] : per_log) {
      EXPECT_EQ(n, 2) << "round " << round << ", log " << log;
      EXPECT_TRUE(recorded.count(log)) << "round " << round << ": log " << log << " unrecorded";
    }
  }
  Outcome finish = run("import --vault " + v + " --json " + in);
  ASSERT_EQ(finish.code, 0) << finish.err;
  json j = json::parse(finish.out);
  EXPECT_EQ(j["imported"].get<int>() + j["duplicates"].get<int>(), 6);
  EXPECT_EQ(json::parse(run("verify --vault " + v + " --json").out)["checked"], 6);
  EXPECT_EQ(json::parse(run("flights --vault " + v + " --json --limit 0").out)["flights"].size(),
            12u);
}

TEST(Cli, DemoFillsAFreshVaultWithEveryFormat) {
  std::string v = dir() + "/demo-vault";
  Outcome r = run("demo --no-ui --vault " + v);
  ASSERT_EQ(r.code, 0) << r.err;
  json flights = json::parse(run("flights --json --limit 0 --vault " + v).out)["flights"];
  EXPECT_EQ(flights.size(), 7u);
  std::set<std::string> formats;
  for (const auto& f : flights) formats.insert(f["log"]["format"].get<std::string>());
  EXPECT_EQ(formats, (std::set<std::string>{"ulog", "dataflash", "tlog"}));
  EXPECT_NE(run("policy show --vault " + v).out.find("[recipients.insurer]"), std::string::npos);
  json entries = json::parse(run("audit list --json --vault " + v).out)["entries"];
  ASSERT_GE(entries.size(), 7u);
  std::set<int64_t> imported;
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(entries[i]["action"], "import") << "the demo's imports are on the record";
    for (const auto& l : entries[i]["logs"]) imported.insert(l.get<int64_t>());
  }
  EXPECT_EQ(imported.size(), 6u);
  EXPECT_EQ(run("demo --no-ui --vault " + v).code, 2) << "the demo never reuses a vault";
}

TEST(Cli, DamagedLogsAlwaysEndWithACodeAndAReport) {
  std::mt19937 rng(3);
  for (const char* f : {"ulog", "dataflash", "tlog"}) {
    auto b = bytes(synth(f, std::string("orig.") + f));
    for (int i = 0; i < 12; ++i) {
      auto copy = b;
      if (i % 2) {
        copy.resize(std::uniform_int_distribution<size_t>(0, b.size())(rng));
      } else {
        for (int k = 0; k < 8; ++k)
          copy[std::uniform_int_distribution<size_t>(0, b.size() - 1)(rng)] ^= 0x41;
      }
      std::string p = dir() + "/damaged";
      write(p, copy);
      Outcome r = run("inspect --json " + p);
      ASSERT_TRUE(r.code == 0 || r.code == 1 || r.code == 2) << r.code;
      if (r.code == 2) {
        EXPECT_TRUE(one_line(r.err)) << r.err;
      } else {
        EXPECT_TRUE(json::parse(r.out).contains("parse_report"));
      }
    }
  }
}

TEST(Cli, SampleLogsAgreeWithTheReference) {
  std::string shared = skykeep::testing::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "../shared/testdata is absent";
  Outcome r = run("inspect --json " + shared + "/testdata/tlog/ardusub_small.tlog --mavlink-xml " +
                  shared + "/mavlink-xml/ardupilotmega.xml");
  EXPECT_EQ(r.code, 1) << "four packets fail their checksum";
  json j = json::parse(r.out);
  EXPECT_GT(j["bad_packets"].get<int>(), 0);
  size_t hud = 0;
  for (const auto& t : j["topics"])
    if (t["name"] == "VFR_HUD") hud += t["count"].get<size_t>();
  EXPECT_EQ(hud, 3060u);
  Outcome u = run("inspect --json " + shared + "/testdata/ulog/pyulog_sample.ulg");
  EXPECT_EQ(u.code, 0);
  json k = json::parse(u.out);
  EXPECT_EQ(k["params"], 493);
  EXPECT_EQ(k["dropouts"]["total_ms"], 119);
}

}  // namespace
