// Sharing end to end: no policy denies everything; policy set and edit (nothing changes on a bad
// policy); policy check; share in each format read back cleanly, without the vehicle's serial
// and without a point in the zone; a dry run writes nothing and prints the manifest; a summary
// recipient gets the summary only; each of these is on the audit record.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "e2e/cli_support.h"

namespace {

using nlohmann::json;
using namespace skykeep::e2e;

const std::string kSerial = "ZQ9SHAREMARK77";
constexpr double kHomeLat = 47.397742, kHomeLon = 8.545594;

const char* kPolicy = R"(
[zones.home]
circle = { lat = 47.397742, lon = 8.545594, radius_m = 20 }

[recipients.insurer]
identity = "coarse"
location = "coarse"
telemetry = "full"
text = "coarse"
grid_m = 50

[recipients.club]
location = "full"
telemetry = "full"
text = "full"

[recipients.authority]
identity = "summary"
location = "summary"
telemetry = "summary"
)";

struct Vault {
  std::string dir;
  std::vector<std::string> logs;  // ulog, dataflash, tlog: flights 1, 2, 3
};

const Vault& vault() {
  static Vault v = [] {
    Vault x;
    x.dir = dir() + "/share-vault";
    EXPECT_EQ(run("init --vault " + x.dir).code, 0);
    int seed = 31;
    for (const char* f : {"ulog", "dataflash", "tlog"}) {
      x.logs.push_back(synth(f, std::string("share.") + f,
                             "--seed " + std::to_string(seed++) + " --vehicle " + kSerial));
      Outcome r = run("import --vault " + x.dir + " " + x.logs.back());
      EXPECT_EQ(r.code, 0) << r.err;
    }
    return x;
  }();
  return v;
}

json audit(const std::string& v) {
  return json::parse(run("audit list --json --vault " + v).out)["entries"];
}

bool contains(const std::vector<char>& hay, const std::string& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

double metres_from_home(double lat, double lon) {
  return std::hypot((lat - kHomeLat) * 111320.0,
                    (lon - kHomeLon) * 111320.0 * std::cos(kHomeLat * M_PI / 180));
}

TEST(Share, WithoutAPolicyNothingLeaves) {
  const Vault& v = vault();
  std::string out = dir() + "/denied.ulg";
  Outcome r = run("share 1 --to insurer --vault " + v.dir + " -o " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("nothing may leave"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(audit(v.dir).back()["action"], "share-refused");
  Outcome show = run("policy show --vault " + v.dir);
  EXPECT_EQ(show.code, 0);
  EXPECT_NE(show.out.find("Nothing leaves"), std::string::npos) << show.out;
}

TEST(Share, APolicyThatDoesNotParseChangesNothing) {
  const Vault& v = vault();
  std::string bad = dir() + "/bad-policy.toml";
  std::ofstream(bad) << "[recipients.insurer]\nlocaton = \"full\"\n";
  size_t before = audit(v.dir).size();
  Outcome r = run("policy set " + bad + " --vault " + v.dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_EQ(audit(v.dir).size(), before + 0) << "a refused policy is no policy change";
  // The same through an editor that writes a typo: refused, the stored policy stays.
  std::string editor = dir() + "/typo-editor.sh";
  std::ofstream(editor) << "#!/bin/sh\nprintf '[recipients.x]\\nteletry = \"full\"\\n' > \"$1\"\n";
  std::filesystem::permissions(editor, std::filesystem::perms::owner_all);
  Outcome e2 = Outcome{};
  {
    std::string cmd = "EDITOR=" + editor + " " + binary() + " policy edit --vault " + v.dir + " >" +
                      dir() + "/edit.out 2>" + dir() + "/edit.err </dev/null";
    int status = std::system(cmd.c_str());
    e2 = {WEXITSTATUS(status), slurp(dir() + "/edit.out"), slurp(dir() + "/edit.err")};
  }
  EXPECT_EQ(e2.code, 2);
  EXPECT_NE(e2.err.find("nothing changed"), std::string::npos) << e2.err;
  EXPECT_NE(run("policy show --vault " + v.dir).out.find("Nothing leaves"), std::string::npos);
}

TEST(Share, EachFormatLeavesRedactedAndReadsBackCleanly) {
  const Vault& v = vault();
  std::string policy = dir() + "/policy.toml";
  std::ofstream(policy) << kPolicy;
  // Set through an editor, as an operator would.
  std::string editor = dir() + "/editor.sh";
  std::ofstream(editor) << "#!/bin/sh\ncp '" << policy << "' \"$1\"\n";
  std::filesystem::permissions(editor, std::filesystem::perms::owner_all);
  std::string cmd =
      "EDITOR=" + editor + " " + binary() + " policy edit --vault " + v.dir + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(audit(v.dir).back()["action"], "policy");
  EXPECT_NE(run("policy show --vault " + v.dir).out.find("[recipients.insurer]"),
            std::string::npos);

  const char* ext[] = {".ulg", ".bin", ".tlog"};
  for (int f = 1; f <= 3; ++f) {
    for (const char* who : {"insurer", "club"}) {
      std::string out = dir() + "/shared-" + std::to_string(f) + "-" + who + ext[f - 1];
      size_t before = audit(v.dir).size();
      Outcome r =
          run("share " + std::to_string(f) + " --to " + who + " --vault " + v.dir + " -o " + out);
      ASSERT_EQ(r.code, 0) << r.err;
      auto b = bytes(out);
      ASSERT_FALSE(b.empty());
      EXPECT_FALSE(contains(b, kSerial)) << out;
      // Our reader reads it back cleanly, in the log's own format.
      Outcome i = run("inspect --json " + out);
      EXPECT_EQ(i.code, 0) << out << ": " << i.err;
      json info = json::parse(i.out);
      EXPECT_EQ(info["format"], f == 1 ? "ulog" : f == 2 ? "dataflash" : "tlog");
      EXPECT_EQ(info["vehicle"]["vehicle_id"].get<std::string>().find(kSerial), std::string::npos);
      // One audit entry, with the manifest and the hash of what left.
      json entries = audit(v.dir);
      ASSERT_EQ(entries.size(), before + 1);
      EXPECT_EQ(entries.back()["action"], "share");
      EXPECT_EQ(entries.back()["recipient"], who);
      EXPECT_EQ(entries.back()["egress_sha256"].get<std::string>().size(), 64u);
      EXPECT_EQ(entries.back()["detail"]["bytes"].get<size_t>(), b.size());
      EXPECT_FALSE(entries.back()["detail"]["topics"].empty());
    }
  }
  // The GPX of a share has no point inside the zone (nor within three radii of it).
  std::string gpx = dir() + "/shared.gpx";
  ASSERT_EQ(run("share 1 --to club --as gpx --vault " + v.dir + " -o " + gpx).code, 0);
  std::string text = slurp(gpx);
  size_t points = 0;
  for (size_t at = text.find("lat=\""); at != std::string::npos;
       at = text.find("lat=\"", at + 1), ++points) {
    size_t lon = text.find("lon=\"", at);
    ASSERT_NE(lon, std::string::npos);
    EXPECT_GT(metres_from_home(std::stod(text.substr(at + 5)), std::stod(text.substr(lon + 5))),
              60.0);
  }
  EXPECT_GT(points, 10u);
}

TEST(Share, ADryRunWritesNothingAndPrintsTheManifest) {
  const Vault& v = vault();
  std::string policy = dir() + "/policy-dry.toml";
  std::ofstream(policy) << kPolicy;
  ASSERT_EQ(run("policy set " + policy + " --vault " + v.dir).code, 0);
  std::string out = dir() + "/dry.ulg";
  size_t before = audit(v.dir).size();
  Outcome r = run("share 1 --to insurer --dry-run --vault " + v.dir + " -o " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  json m = json::parse(r.out);
  EXPECT_EQ(m["recipient"], "insurer");
  EXPECT_EQ(m["levels"]["location"], "coarse");
  EXPECT_GT(m["bytes"].get<size_t>(), 0u);
  EXPECT_GT(m["positions"].get<size_t>(), 0u);
  bool zone = false, window = false;
  for (const auto& x : m["removed"]) {
    zone |= x["rule"].get<std::string>().find("sensitive zone home") != std::string::npos;
    window |= x["rule"].get<std::string>().find("outside the flight") != std::string::npos;
  }
  EXPECT_TRUE(zone && window) << r.out;
  for (const auto& t : m["topics"]) {
    EXPECT_TRUE(t.contains("first_utc")) << t.dump();
    for (const auto& fl : t["fields"])
      if (fl["class"] == "location" && fl["name"] == "lat") {
        EXPECT_NE(fl["treatment"].get<std::string>().find("coarsened to 50 m"), std::string::npos);
      }
  }
  json entries = audit(v.dir);
  ASSERT_EQ(entries.size(), before + 1);
  EXPECT_EQ(entries.back()["action"], "preview");
  // The dry run said exactly what the share then sends.
  std::string real = dir() + "/real.ulg";
  ASSERT_EQ(run("share 1 --to insurer --vault " + v.dir + " -o " + real).code, 0);
  EXPECT_EQ(bytes(real).size(), m["bytes"].get<size_t>());
  EXPECT_EQ(audit(v.dir).back()["egress_sha256"], m["sha256"]);
}

TEST(Share, ASummaryRecipientGetsTheSummaryOnly) {
  const Vault& v = vault();
  std::string policy = dir() + "/policy-summary.toml";
  std::ofstream(policy) << kPolicy;
  ASSERT_EQ(run("policy set " + policy + " --vault " + v.dir).code, 0);
  std::string out = dir() + "/summary.json";
  Outcome r = run("share 3 --to authority --vault " + v.dir + " -o " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("summary only"), std::string::npos);
  json s = json::parse(slurp(out));
  EXPECT_EQ(s["flight"], "skykeep shared summary");
  EXPECT_TRUE(s["takeoff"].is_null()) << "takeoff is inside the zone";
  EXPECT_GT(s["duration_s"].get<double>(), 60);
  EXPECT_EQ(s["vehicle"]["id"].get<std::string>().rfind("anon-", 0), 0u);
  EXPECT_FALSE(contains(bytes(out), kSerial));
  // policy check explains it, and is a read on the record.
  Outcome c = run("policy check 3 authority --vault " + v.dir);
  EXPECT_EQ(c.code, 0);
  EXPECT_NE(c.out.find("summary only"), std::string::npos) << c.out;
  EXPECT_EQ(audit(v.dir).back()["action"], "read");
  Outcome nobody = run("policy check 3 nobody --vault " + v.dir);
  EXPECT_EQ(nobody.code, 1);
  EXPECT_NE(nobody.out.find("DENIED"), std::string::npos);
}

}  // namespace
