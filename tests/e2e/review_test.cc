// The outside review's findings, end to end against the binary: a busy vault changes nothing;
// verify checks every page of the catalog; catalog files are private; read-only and full disks
// are named as such; outputs are written whole and never over a file; orphaned blobs are found
// and repaired; nothing from input reaches the terminal raw; ids are never reused; what is not a
// regular file is refused at once; bad numbers are one line; every entry names its actor.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <sodium.h>
#include <sqlcipher/sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "base/hex.h"
#include "base/sha256.h"
#include "e2e/cli_support.h"
#include "synth/synth.h"

namespace {

using nlohmann::json;
using namespace skykeep::e2e;
namespace fs = std::filesystem;

const char* kClubPolicy = "[recipients.club]\nlocation = \"full\"\ntelemetry = \"full\"\n";

// A fresh vault with one log per seed imported (flight i + 1 is the i-th log's).
std::string vault_with(const std::string& name, std::vector<int> seeds) {
  std::string v = dir() + "/" + name;
  EXPECT_EQ(run("init --vault " + v).code, 0);
  for (int seed : seeds) {
    std::string log = synth("tlog", name + "-" + std::to_string(seed) + ".tlog",
                            "--seed " + std::to_string(seed) + " --clean");
    Outcome r = run("import --vault " + v + " " + log);
    EXPECT_EQ(r.code, 0) << r.err;
  }
  return v;
}

json audit(const std::string& v) {
  return json::parse(run("audit list --json --vault " + v).out)["entries"];
}

std::set<std::string> listing(const std::string& folder) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(folder)) out.insert(e.path().filename().string());
  return out;
}

std::string sha256_of(const std::string& path) {
  auto b = bytes(path);
  skykeep::Sha256 h;
  h.update(skykeep::Bytes(reinterpret_cast<const std::byte*>(b.data()), b.size()));
  return skykeep::to_hex(h.finish());
}

unsigned mode_of(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 0;
}

// A second connection to a vault's catalog, as another process would hold it: SQLCipher with the
// catalog key derived from the (unprotected) key file, holding the write lock (BEGIN IMMEDIATE).
class CatalogWriteLock {
 public:
  explicit CatalogWriteLock(const std::string& vault) {
    auto key = bytes(vault + "/key");
    EXPECT_EQ(key.size(), 41u) << "an unprotected key file";
    uint8_t sub[32];
    EXPECT_EQ(sodium_init() >= 0, true);
    crypto_kdf_derive_from_key(sub, sizeof sub, 1, "catalog_",
                               reinterpret_cast<const uint8_t*>(key.data() + 9));
    EXPECT_EQ(
        sqlite3_open_v2((vault + "/catalog.db").c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr),
        SQLITE_OK);
    std::string pragma = "PRAGMA key = \"x'" + skykeep::to_hex(sub, sizeof sub) + "'\";";
    EXPECT_EQ(sqlite3_exec(db_, pragma.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  }
  ~CatalogWriteLock() {
    release();
    sqlite3_close(db_);
  }
  void hold() {
    ASSERT_EQ(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    held_ = true;
  }
  void release() {
    if (held_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    held_ = false;
  }

 private:
  sqlite3* db_ = nullptr;
  bool held_ = false;
};

// Starts the binary with a shell word list, output to files; returns the pid.
pid_t start(const std::string& args, const std::string& out, const std::string& err) {
  std::string cmd = "exec " + binary() + " " + args + " </dev/null >" + out + " 2>" + err;
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), nullptr);
    _exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs a command while another connection holds the catalog's write lock. The lock is held
// until the command ends, or for 13 s: longer than the command's wait for it (10 s), so that a
// command which went on without the lock after its BEGIN failed would get it for its later
// statements, as the review saw.
Outcome run_while_locked(CatalogWriteLock& lock, const std::string& args) {
  std::string out = dir() + "/locked.out", err = dir() + "/locked.err";
  lock.hold();
  pid_t pid = start(args, out, err);
  int status = 0;
  bool done = false;
  for (int i = 0; i < 130 && !done; ++i) {
    done = waitpid(pid, &status, WNOHANG) == pid;
    if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  lock.release();
  if (!done) waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(out), slurp(err)};
}

// Finding 1 (and 9: a refusal that cannot be recorded is an error, not ignored).
TEST(Review, ABusyVaultRefusesChangesAndChangesNothing) {
  std::string v = vault_with("busy-vault", {61, 62});
  std::string p1 = dir() + "/busy-p1.toml", p2 = dir() + "/busy-p2.toml";
  std::ofstream(p1) << kClubPolicy;
  std::ofstream(p2) << "[recipients.other]\nlocation = \"full\"\n";
  ASSERT_EQ(run("policy set " + p1 + " --vault " + v).code, 0);
  size_t entries = audit(v).size();
  auto blobs = listing(v + "/blobs");
  std::string policy = run("policy show --vault " + v).out;
  std::string flights = run("flights --json --vault " + v).out;
  entries += 2;  // the two reads just made
  CatalogWriteLock lock(v);
  // A refused share first: its refusal must be recorded, and cannot be.
  for (const char* args : {"share 1 --to nobody", "delete 1 --yes", "policy set BUSY-P2"}) {
    std::string a = args;
    if (a.find("BUSY-P2") != std::string::npos) a.replace(a.find("BUSY-P2"), 7, p2);
    Outcome r = run_while_locked(lock, a + " --vault " + v);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out << r.err;
    EXPECT_TRUE(one_line(r.err)) << args << ": " << r.err;
    EXPECT_NE(r.err.find("the vault is busy: another skykeep is writing"), std::string::npos)
        << args << ": " << r.err;
  }
  // Nothing changed: no row, no entry, no blob, no policy.
  EXPECT_EQ(audit(v).size(), entries);
  EXPECT_EQ(listing(v + "/blobs"), blobs);
  EXPECT_EQ(run("policy show --vault " + v).out, policy);
  EXPECT_EQ(json::parse(run("flights --json --vault " + v).out)["flights"],
            json::parse(flights)["flights"]);
}

// Finding 2: a flipped byte anywhere in the catalog is found by verify.
TEST(Review, VerifyChecksEveryPageOfTheCatalog) {
  std::string v = vault_with("pages-vault", {63});
  ASSERT_EQ(run("verify --vault " + v).code, 0);
  for (size_t at : {size_t{0}, size_t{1}, size_t{2}}) {
    std::string copy = v + "-" + std::to_string(at);
    fs::copy(v, copy, fs::copy_options::recursive);
    auto b = bytes(copy + "/catalog.db");
    ASSERT_GT(b.size(), 20u * 1024);
    // The middle of the file, a page near its end, and the first page.
    size_t where = at == 0 ? b.size() / 2 : at == 1 ? b.size() - 1024 + 100 : 100;
    b[where] ^= 0x10;
    write(copy + "/catalog.db", b);
    Outcome r = run("verify --vault " + copy);
    if (at < 2) {
      EXPECT_EQ(r.code, 1) << r.out << r.err;
      EXPECT_NE(r.out.find("does not authenticate"), std::string::npos) << r.out;
      EXPECT_EQ(r.out.find(" 0 damaged; catalog: intact"), std::string::npos) << r.out;
    } else {  // the first page: the catalog does not open, and that is said as damage
      EXPECT_EQ(r.code, 2) << r.out << r.err;
      EXPECT_TRUE(one_line(r.err)) << r.err;
      EXPECT_NE(r.err.find("catalog is damaged"), std::string::npos) << r.err;
      EXPECT_EQ(r.err.find("does not open"), std::string::npos) << r.err;
    }
  }
}

// Finding 2: the catalog's files are private, open folders and key files are warned about, and
// an empty passphrase is refused.
TEST(Review, CatalogFilesArePrivateAndOthersCanReadIsAWarning) {
  std::string v = vault_with("private-vault", {64});
  EXPECT_EQ(mode_of(v + "/catalog.db"), 0600u);
  // While a skykeep has it open (the web interface here), its WAL and shared memory exist.
  std::string out = dir() + "/ui.out", err = dir() + "/ui.err";
  pid_t ui = start("ui --no-open --port 0 --vault " + v, out, err);
  for (int i = 0; i < 100 && slurp(out).find("serving") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_NE(slurp(out).find("serving"), std::string::npos) << slurp(err);
  EXPECT_TRUE(fs::exists(v + "/catalog.db-wal"));
  for (const char* f : {"/catalog.db", "/catalog.db-wal", "/catalog.db-shm"})
    EXPECT_EQ(mode_of(v + f), 0600u) << f;
  kill(ui, SIGTERM);
  wait_exit(ui);
  // A catalog an earlier skykeep made readable is made private when opened.
  chmod((v + "/catalog.db").c_str(), 0644);
  EXPECT_EQ(run("vehicles --vault " + v).code, 0);
  EXPECT_EQ(mode_of(v + "/catalog.db"), 0600u);
  // Readable by others: one warning line each, and the command still runs.
  chmod(v.c_str(), 0755);
  chmod((v + "/key").c_str(), 0644);
  Outcome r = run("vehicles --vault " + v);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: the vault folder " + v + " can be read by other users"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("warning: the vault key file " + v + "/key can be read by other users"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
  chmod(v.c_str(), 0700);
  chmod((v + "/key").c_str(), 0600);
  EXPECT_TRUE(run("vehicles --vault " + v).err.empty());
  // An empty passphrase, or one of only a newline, protects nothing.
  for (std::vector<char> pass : {std::vector<char>{}, std::vector<char>{'\n'}}) {
    write(dir() + "/empty-pass", pass);
    Outcome e = run("init --vault " + dir() + "/empty-pass-vault --passphrase-file " + dir() +
                    "/empty-pass");
    EXPECT_EQ(e.code, 2);
    EXPECT_TRUE(one_line(e.err)) << e.err;
    EXPECT_NE(e.err.find("empty"), std::string::npos) << e.err;
    EXPECT_FALSE(fs::exists(dir() + "/empty-pass-vault/key"));
  }
}

bool leftovers(const std::string& v) {
  return fs::exists(v + "/catalog.db-wal") || fs::exists(v + "/catalog.db-shm");
}

// Finding 3: a vault that cannot be written says so (not "the key does not open it").
TEST(Review, AReadOnlyVaultSaysSo) {
  std::string v = vault_with("ro-vault", {65});
  std::string target = v;
  // Made writable again however the test ends.
  struct Restore {
    std::string vault, mount;
    void undo() {
      if (!mount.empty()) umount2(mount.c_str(), MNT_DETACH);
      mount.clear();
      chmod(vault.c_str(), 0700);
      chmod((vault + "/catalog.db").c_str(), 0600);
    }
    ~Restore() { undo(); }
  } restore{v, ""};
  if (geteuid() != 0) {
    chmod((v + "/catalog.db").c_str(), 0400);
    chmod(v.c_str(), 0500);
  } else {
    // Permission bits do not stop root: a read-only bind mount of the vault does.
    target = dir() + "/ro-mount";
    fs::create_directories(target);
    if (mount(v.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0)
      GTEST_SKIP() << "running as root without the right to mount: cannot make a read-only vault";
    restore.mount = target;
    if (mount(nullptr, target.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0)
      GTEST_SKIP() << "cannot remount read-only";
  }
  for (const char* c : {"verify", "flights", "show 1", "delete 1 --yes"}) {
    Outcome r = run(std::string(c) + " --vault " + target);
    EXPECT_EQ(r.code, 2) << c << ": " << r.out << r.err;
    EXPECT_TRUE(one_line(r.err)) << c << ": " << r.err;
    EXPECT_NE(r.err.find("read-only"), std::string::npos) << c << ": " << r.err;
    EXPECT_EQ(r.err.find("does not open"), std::string::npos) << c << ": " << r.err;
    EXPECT_FALSE(leftovers(target)) << c;
  }
  restore.undo();
  EXPECT_EQ(run("verify --vault " + v).code, 0);
}

// Finding 3: a full disk is named as such, and a failed open leaves no -wal or -shm behind.
TEST(Review, AFullDiskSaysSoAndLeavesNothingBehind) {
  std::string disk = dir() + "/small-disk";
  fs::create_directories(disk);
  if (geteuid() != 0 || mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=2m") != 0)
    GTEST_SKIP() << "a small disk needs a tmpfs mount (root); sqlite_status's mapping of "
                    "SQLITE_FULL and ENOSPC is tested in vault_test";
  struct Unmount {
    std::string d;
    ~Unmount() { umount2(d.c_str(), MNT_DETACH); }
  } unmount{disk};
  std::string v = disk + "/vault";
  ASSERT_EQ(run("init --vault " + v).code, 0);
  std::string log = synth("tlog", "full-a.tlog", "--seed 66 --clean");
  ASSERT_EQ(run("import --vault " + v + " " + log).code, 0);
  std::string other = synth("tlog", "full-b.tlog", "--seed 67 --clean");
  // Fill the disk.
  {
    std::ofstream fill(disk + "/filler", std::ios::binary);
    std::vector<char> block(64 * 1024, 'x');
    while (fill.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  }
  for (const std::string& c : {std::string("verify"), std::string("flights"), "import " + other}) {
    Outcome r = run(c + " --vault " + v);
    EXPECT_NE(r.code, 0) << c << ": " << r.out << r.err;
    EXPECT_NE(r.err.find("full"), std::string::npos) << c << ": " << r.err;
    EXPECT_EQ(r.err.find("does not open"), std::string::npos) << c << ": " << r.err;
    EXPECT_FALSE(leftovers(v)) << c;
  }
  fs::remove(disk + "/filler");
  EXPECT_EQ(run("verify --vault " + v).code, 0);
  json list = json::parse(run("flights --json --vault " + v).out);
  EXPECT_EQ(list["flights"].size(), 1u);
}

// Finding 4: outputs never delete, truncate or follow what is there.
TEST(Review, OutputsAreWrittenWholeAndNeverOverAFile) {
  std::string v = vault_with("out-vault", {68});
  std::string pol = dir() + "/out-policy.toml";
  std::ofstream(pol) << kClubPolicy;
  ASSERT_EQ(run("policy set " + pol + " --vault " + v).code, 0);
  std::string out = dir() + "/outputs";
  fs::create_directories(out);
  std::string existing = out + "/existing.txt", target = out + "/target.txt",
              link = out + "/link.txt";
  const std::vector<char> keep = {'k', 'e', 'e', 'p'};
  write(existing, keep);
  write(target, keep);
  fs::create_symlink(target, link);
  const std::string vault = " --vault " + v;
  std::vector<std::string> refused = {
      "export 1 --to csv --topic TYPO -o " + existing,
      "export 1 --to csv --topic TYPO -o " + existing + " --force",
      "export 1 --to gpx -o " + existing,
      "export 1 --to gpx -o " + link,
      "share 1 --to club -o " + existing,
      "share 1 --to club -o " + link,
      "audit checkpoint -o " + existing,
      "audit prove 0 -o " + link,
  };
  for (const auto& c : refused) {
    Outcome r = run(c + vault);
    EXPECT_EQ(r.code, 2) << c << ": " << r.out;
    EXPECT_TRUE(one_line(r.err)) << c << ": " << r.err;
    EXPECT_EQ(bytes(existing), keep) << c;
    EXPECT_EQ(bytes(target), keep) << c;
    EXPECT_TRUE(fs::is_symlink(link)) << c;
  }
  Outcome s = run("synth --format tlog -o " + existing);
  EXPECT_EQ(s.code, 2);
  EXPECT_NE(s.err.find("exists: add --force"), std::string::npos) << s.err;
  // --force replaces the file, or the link itself, never the file a link points to.
  EXPECT_EQ(run("export 1 --to gpx --force -o " + existing + vault).code, 0);
  EXPECT_NE(bytes(existing), keep);
  Outcome l = run("share 1 --to club --force -o " + link + vault);
  EXPECT_EQ(l.code, 0) << l.err;
  EXPECT_FALSE(fs::is_symlink(link));
  EXPECT_EQ(bytes(target), keep);
  EXPECT_EQ(sha256_of(link), audit(v).back()["egress_sha256"]);
  // No temporary is left beside them.
  for (const auto& f : listing(out)) EXPECT_EQ(f.find(".skykeep-"), std::string::npos) << f;
}

// Finding 4: a share killed at any point leaves no partial file under its name, and a file
// there is always on the record with its hash (the entry is committed first, the file renamed
// into place after: docs/audit.md).
TEST(Review, AShareKilledAnywhereLeavesNoPartialFile) {
  std::string v = vault_with("kill-share-vault", {69});
  std::string pol = dir() + "/kill-policy.toml";
  std::ofstream(pol) << kClubPolicy;
  ASSERT_EQ(run("policy set " + pol + " --vault " + v).code, 0);
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(run("share 1 --to club -o " + dir() + "/whole.tlog --vault " + v).code, 0);
  int whole_us = static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(
                                      std::chrono::steady_clock::now() - started)
                                      .count());
  std::string whole = sha256_of(dir() + "/whole.tlog");
  std::mt19937 rng(17);
  for (int round = 0; round < 16; ++round) {
    size_t before = 0;
    for (const auto& e : audit(v)) before += e["action"] == "share";
    std::string f = dir() + "/killed-" + std::to_string(round) + ".tlog";
    pid_t pid = start("share 1 --to club -o " + f + " --vault " + v, "/dev/null", "/dev/null");
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(0, whole_us)(rng)));
    kill(pid, SIGKILL);
    wait_exit(pid);
    json entries = audit(v);
    size_t after = 0;
    for (const auto& e : entries) after += e["action"] == "share";
    if (fs::exists(f)) {
      EXPECT_EQ(sha256_of(f), whole) << "round " << round << ": a partial file";
      ASSERT_EQ(after, before + 1) << "round " << round << ": a file not on the record";
      EXPECT_EQ(entries.back()["egress_sha256"], whole) << "round " << round;
    } else {
      EXPECT_LE(after, before + 1) << "round " << round;
    }
  }
}

// Finding 5: blob files no log names are found, and repair removes them and nothing else.
TEST(Review, VerifyFindsOrphansAndRepairRemovesOnlyThem) {
  std::string v = vault_with("orphan-vault", {70, 71});
  // A deletion cut short after its commit: the log's blob file is still there.
  std::set<std::string> before = listing(v + "/blobs");
  ASSERT_EQ(run("delete 2 --yes --vault " + v).code, 0);
  std::string kept;
  for (const auto& f : before)
    if (!listing(v + "/blobs").count(f) && f.find(".blob") != std::string::npos) kept = f;
  ASSERT_FALSE(kept.empty());
  write(v + "/blobs/" + kept, std::vector<char>(5000, 'b'));
  // A stray import temporary, and a file that is no blob at all.
  std::string stray = std::string(64, 'a') + "-" + std::string(16, '0') + ".derived.tmp";
  write(v + "/blobs/" + stray, std::vector<char>(3000, 'd'));
  write(v + "/blobs/notes.txt", std::vector<char>(10, 'n'));
  Outcome r = run("verify --vault " + v);
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("2 orphaned blob files (8.0 kB) found"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(kept), std::string::npos) << r.out;
  json j = json::parse(run("verify --json --vault " + v).out);
  ASSERT_EQ(j["orphans"].size(), 2u);
  EXPECT_EQ(j["orphans"][0]["bytes"].get<int>() + j["orphans"][1]["bytes"].get<int>(), 8000);
  Outcome repair = run("verify --repair --vault " + v);
  EXPECT_EQ(repair.code, 0) << repair.out << repair.err;
  EXPECT_NE(repair.out.find("2 orphaned blob files (8.0 kB) removed"), std::string::npos)
      << repair.out;
  EXPECT_FALSE(fs::exists(v + "/blobs/" + kept));
  EXPECT_FALSE(fs::exists(v + "/blobs/" + stray));
  EXPECT_TRUE(fs::exists(v + "/blobs/notes.txt"));
  Outcome clean = run("verify --vault " + v);
  EXPECT_EQ(clean.code, 0) << clean.out;
  EXPECT_NE(clean.out.find("1 logs checked, 0 damaged; catalog: intact"), std::string::npos)
      << clean.out;
}

// Any byte that steers a terminal: C0 (other than the printer's own newline and tab), DEL, C1.
std::string steering(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
      return "byte " + std::to_string(c) + " at " + std::to_string(i);
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9f)
      return "C1 at " + std::to_string(i);
  }
  for (size_t at = 0; (at = s.find("FORGED", at)) != std::string::npos; ++at)
    if (at == 0 || s[at - 1] == '\n') return "a forged line";
  return "";
}

// Finding 6: escape sequences and newlines in log text, vehicle ids and file names.
TEST(Review, NothingFromInputReachesTheTerminalRaw) {
  const std::string evil =
      "\x1b]0;pwned\x07\x1b[2J\nFORGED \xc2\x9b"
      "31m\x7f\xff";
  std::string in = dir() + "/evil-in";
  fs::create_directories(in);
  skykeep::synth::Options u;
  u.vehicle_serial = "EVIL" + evil;
  u.seed = 72;
  std::string ulog = in + "/ulog" + evil + ".ulg";
  ASSERT_TRUE(bool(skykeep::synth::synthesize_file(u, ulog)));
  skykeep::synth::Options d;
  d.format = skykeep::model::Format::kDataFlash;
  d.pilot_note = "warning: " + evil;  // a logged message the autopilot_message check reports
  d.seed = 73;
  std::string flash = in + "/flash" + evil + ".bin";
  ASSERT_TRUE(bool(skykeep::synth::synthesize_file(d, flash)));
  std::string v = dir() + "/evil-vault";
  ASSERT_EQ(run("init --vault " + v).code, 0);
  auto quoted = [](const std::string& p) { return "'" + p + "'"; };
  std::vector<std::string> commands = {
      "import " + in,  // prints the names
      "import " + quoted(ulog) + " " + quoted(flash),
      "flights",
      "show 1",
      "show 2",
      "vehicles",
      "stats",
      "verify",
      "inspect " + quoted(ulog),
      "inspect " + quoted(flash),
      "inspect " + quoted(in + "/absent" + evil),
      "export 1 --to gpx -o " + quoted(dir() + "/out" + evil + ".gpx"),
  };
  bool saw_text = false, saw_vehicle = false;
  for (const auto& c : commands) {
    Outcome r = run(c + (c.rfind("inspect", 0) == 0 ? "" : " --vault " + v));
    EXPECT_LE(r.code, 2) << c;
    EXPECT_EQ(steering(r.out), "") << c << ": " << r.out;
    EXPECT_EQ(steering(r.err), "") << c << ": " << r.err;
    saw_text |= r.out.find("warning: \\x1b]0;pwned") != std::string::npos;
    saw_vehicle |= r.out.find("EVIL\\x1b]0;pwned\\x07\\x1b[2J\\nFORGED \\u009b31m\\x7f\\xff") !=
                   std::string::npos;
  }
  EXPECT_TRUE(saw_text) << "the log's text is shown, escaped";
  EXPECT_TRUE(saw_vehicle) << "the vehicle id is shown, escaped";
}

// Finding 7: ids are never used twice, not even after the newest log is deleted.
TEST(Review, IdsAreNeverReused) {
  std::string v = vault_with("ids-vault", {74, 75});
  ASSERT_EQ(run("delete 2 --yes --vault " + v).code, 0);
  std::string c = synth("tlog", "ids-c.tlog", "--seed 76 --clean");
  Outcome r = run("import --json --vault " + v + " " + c);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_GT(json::parse(r.out)["files"][0]["log"].get<int64_t>(), 2);
  json flights = json::parse(run("flights --json --vault " + v).out)["flights"];
  ASSERT_EQ(flights.size(), 2u);
  std::set<int64_t> ids = {flights[0]["id"].get<int64_t>(), flights[1]["id"].get<int64_t>()};
  EXPECT_EQ(ids.count(1), 1u);
  EXPECT_GT(*ids.rbegin(), 2) << "the new flight's id";
  // What the delete's entry names is no other flight.
  for (const auto& e : audit(v)) {
    if (e["action"] == "delete") {
      EXPECT_EQ(e["flights"], json::array({2}));
    }
  }
}

// Finding 8: a device, a FIFO, is refused at once with one line, and skipped inside folders.
TEST(Review, WhatIsNotARegularFileIsRefusedAtOnce) {
  std::string v = vault_with("fifo-vault", {});
  std::string fifo = dir() + "/a-fifo", folder = dir() + "/fifo-folder";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  fs::create_directories(folder);
  ASSERT_EQ(mkfifo((folder + "/inner-fifo").c_str(), 0600), 0);
  synth("tlog", "fifo-folder/log.tlog", "--seed 77 --clean");
  // A command that hangs is killed after 60 s (and fails).
  auto bounded = [](const std::string& args) { return run_bounded(60, args); };
  for (const std::string& path : {std::string("/dev/zero"), fifo}) {
    Outcome i = bounded("import --vault " + v + " " + path);
    EXPECT_EQ(i.code, 1) << path << ": " << i.err;
    EXPECT_TRUE(one_line(i.err)) << i.err;
    EXPECT_NE(i.err.find("not a regular file"), std::string::npos) << i.err;
    Outcome n = bounded("inspect " + path);
    EXPECT_EQ(n.code, 2) << path;
    EXPECT_TRUE(one_line(n.err)) << n.err;
    EXPECT_NE(n.err.find("not a regular file"), std::string::npos) << n.err;
  }
  Outcome f = bounded("import --json --vault " + v + " " + folder);
  EXPECT_EQ(f.code, 0) << f.err;
  json j = json::parse(f.out);
  EXPECT_EQ(j["imported"], 1);
  ASSERT_EQ(j["skipped"].size(), 1u);
  EXPECT_NE(f.err.find("skipped " + folder + "/inner-fifo: not a regular file"), std::string::npos)
      << f.err;
}

// Finding 8: bad numbers in proofs and arguments are one clear line.
TEST(Review, BadNumbersAreOneClearLine) {
  std::string v = vault_with("numbers-vault", {78});
  std::string proof = dir() + "/numbers.proof", key = dir() + "/numbers.key";
  ASSERT_EQ(run("audit prove 0 -o " + proof + " --vault " + v).code, 0);
  ASSERT_EQ(run("audit key --vault " + v).code, 0);
  write(key, bytes(dir() + "/stdout"));
  auto good = bytes(proof);
  std::string text(good.begin(), good.end());
  for (const char* bad : {"abc", "-1", "99999999999999999999999", "", "0x10"}) {
    std::string forged = text;
    forged.replace(forged.find("index 0"), 7, std::string("index ") + bad);
    write(proof, std::vector<char>(forged.begin(), forged.end()));
    Outcome r = run("audit check " + proof + " --key " + key);
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_TRUE(one_line(r.err)) << bad << ": " << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << bad << ": " << r.err;
  }
  for (const char* bad : {"abc", "1.5", "-2", "99999999999999999999999"}) {
    Outcome r = run(std::string("audit prove ") + bad + " --vault " + v);
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_TRUE(one_line(r.err)) << bad << ": " << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  }
}

// Finding 9: each entry names who did it; each operation writes its own.
TEST(Review, EveryEntryNamesItsActor) {
  std::string v = vault_with("actor-vault", {79});
  ASSERT_EQ(run("show 1 --vault " + v).code, 0);
  ASSERT_EQ(run("verify --vault " + v).code, 0);
  struct passwd* pw = getpwuid(geteuid());
  ASSERT_NE(pw, nullptr);
  json entries = audit(v);
  ASSERT_EQ(entries.size(), 3u);
  for (const auto& e : entries)
    EXPECT_EQ(e["actor"], std::string("local:") + pw->pw_name) << e.dump();
  EXPECT_EQ(entries[0]["action"], "import");
  EXPECT_EQ(entries[0]["flights"], json::array({1}));
}

}  // namespace
