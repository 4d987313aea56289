#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "base/file.h"
#include "base/hex.h"
#include "synth/synth.h"
#include "vault/blob.h"
#include "vault/keys.h"

namespace skykeep::vault {
namespace {

std::string temp_path(const char* name) {
  std::string dir = ::testing::TempDir() + "/skykeep-vault-test";
  std::filesystem::create_directories(dir);
  std::string p = dir + "/" + name;
  std::filesystem::remove(p);
  return p;
}

TEST(Keys, PlainKeyFileIsPrivateAndReopens) {
  std::string p = temp_path("plain.key");
  auto k = create_master_key(p, std::nullopt);
  ASSERT_TRUE(k.has_value());
  struct stat st;
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = open_master_key(p, std::nullopt);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(std::memcmp(k->data(), again->data(), Key::kSize), 0);
  EXPECT_FALSE(create_master_key(p, std::nullopt).has_value()) << "never overwrites a key";
}

// The subkeys are fixed forever (a vault's catalog, audit key, pseudonyms and zones depend on
// them): pinned to BLAKE2b-256 with the master as key, the id as salt and the context as
// personalisation, as computed independently (Python's hashlib) for a master of bytes 0..31.
TEST(Keys, SubkeysAreTheDocumentedDerivations) {
  Key master;
  for (size_t i = 0; i < Key::kSize; ++i) master.data()[i] = static_cast<uint8_t>(i);
  auto hex = [](const Key& k) { return to_hex(k.data(), Key::kSize); };
  EXPECT_EQ(hex(derive(master, Subkey::kCatalog)),
            "9b53b74844e05324630f7a7574c88bfb69f9ec3950ca0d5002ea6b2e135c49ec");
  EXPECT_EQ(hex(derive(master, Subkey::kAuditSigning)),
            "ed29e268f096976cb487b7921df3b6a90581aceb4a32a1d5dd2aac8172e27265");
  EXPECT_EQ(hex(derive(master, Subkey::kPseudonyms)),
            "368a55d304b32b4ad592b0c172a22be554c5f8294b00379c7ebd01b53ba588de");
  EXPECT_EQ(hex(derive(master, Subkey::kZoneSecrets)),
            "46c25bbfce3b833ce31edc68223ac8feda4313946183b23c8d801f244a57df99");
}

TEST(Keys, PassphraseWrappedKeyNeedsTheRightPassphrase) {
  std::string p = temp_path("wrapped.key");
  auto k = create_master_key(p, std::string("correct horse"));
  ASSERT_TRUE(k.has_value());
  auto ok = open_master_key(p, std::string("correct horse"));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(std::memcmp(k->data(), ok->data(), Key::kSize), 0);
  auto wrong = open_master_key(p, std::string("battery staple"));
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(wrong.error().message(), "wrong passphrase");
  EXPECT_EQ(open_master_key(p, std::nullopt).error().code(), Status::Code::kPermissionDenied);
  // The file does not hold the key in the clear.
  auto bytes = read_file(p);
  std::string_view file(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  EXPECT_EQ(file.find(std::string_view(reinterpret_cast<const char*>(k->data()), Key::kSize)),
            std::string_view::npos);
}

TEST(Blob, SealsAndOpensALogAndHidesItsContent) {
  synth::Options o;
  o.vehicle_serial = "MARKERSERIAL0123456789";
  auto log = synth::synthesize_bytes(o);
  Key master = Key::random();
  SealedBlob b = seal(master, Bytes(log));
  EXPECT_LT(b.data.size(), log.size()) << "compressed";
  std::string_view data(reinterpret_cast<const char*>(b.data.data()), b.data.size());
  EXPECT_EQ(data.find("MARKERSERIAL"), std::string_view::npos);
  EXPECT_EQ(data.find("ULog"), std::string_view::npos);
  auto back = open(master, Bytes(b.wrapped_key), Bytes(b.data));
  ASSERT_TRUE(back.has_value()) << back.error().message();
  EXPECT_EQ(*back, log);
}

TEST(Blob, AnyAlterationOrTheWrongKeyIsAnError) {
  std::vector<std::byte> plain(300000);
  for (size_t i = 0; i < plain.size(); ++i) plain[i] = static_cast<std::byte>(i * 7 % 251);
  Key master = Key::random();
  SealedBlob b = seal(master, Bytes(plain));
  for (size_t at : {size_t{0}, size_t{20}, b.data.size() / 2, b.data.size() - 1}) {
    auto copy = b.data;
    copy[at] ^= std::byte{1};
    EXPECT_FALSE(open(master, Bytes(b.wrapped_key), Bytes(copy)).has_value()) << at;
  }
  auto cut = b.data;
  cut.resize(cut.size() - 10);
  EXPECT_EQ(open(master, Bytes(b.wrapped_key), Bytes(cut)).error().code(),
            Status::Code::kCorruption);
  Key other = Key::random();
  EXPECT_EQ(open(other, Bytes(b.wrapped_key), Bytes(b.data)).error().code(),
            Status::Code::kPermissionDenied);
  // Another blob's key does not open this one.
  SealedBlob c = seal(master, Bytes(plain));
  EXPECT_FALSE(open(master, Bytes(c.wrapped_key), Bytes(b.data)).has_value());
  EXPECT_TRUE(open(master, Bytes(b.wrapped_key), Bytes(b.data)).has_value());
}

TEST(Blob, EmptyInput) {
  Key master = Key::random();
  SealedBlob b = seal(master, Bytes());
  auto back = open(master, Bytes(b.wrapped_key), Bytes(b.data));
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->empty());
}

}  // namespace
}  // namespace skykeep::vault

#include <sqlcipher/sqlite3.h>

#include "vault/catalog.h"
#include "vault/sqlite_catalog.h"
#include "vault/vault.h"

namespace skykeep::vault {
namespace {

std::string fresh_dir(const char* name) {
  std::string d = ::testing::TempDir() + "/skykeep-vault-test/" + name;
  std::filesystem::remove_all(d);
  return d;
}

TEST(Vault, CreateMakesPrivateFilesAndOpensAgain) {
  std::string d = fresh_dir("v1");
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value()) << v.error().message();
  struct stat st;
  ASSERT_EQ(::stat(d.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((d + "/key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(std::filesystem::is_directory(d + "/blobs"));
  v->reset();
  EXPECT_EQ(Vault::create({d, std::nullopt}).error().code(), Status::Code::kInvalidArgument);
  auto again = Vault::open({d, std::nullopt});
  ASSERT_TRUE(again.has_value()) << again.error().message();
  EXPECT_EQ(Vault::open({d + "-absent", std::nullopt}).error().code(), Status::Code::kNotFound);
}

TEST(Vault, WrongPassphraseIsAClearErrorAndChangesNothing) {
  std::string d = fresh_dir("v2");
  ASSERT_TRUE(Vault::create({d, std::string("s3cret")}).has_value());
  auto before = read_file(d + "/catalog.db");
  auto wrong = Vault::open({d, std::string("guess")});
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().message(), "wrong passphrase");
  EXPECT_EQ(*read_file(d + "/catalog.db"), *before);
  EXPECT_TRUE(Vault::open({d, std::string("s3cret")}).has_value());
}

TEST(Vault, CatalogAndItsWalHoldNothingInTheClear) {
  std::string d = fresh_dir("v3");
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(sqlite3_exec(sqlite_handle((*v)->catalog()),
                         "CREATE TABLE t(serial TEXT, lat REAL);"
                         "INSERT INTO t VALUES('MARKERSERIAL4242', 47.987654321);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  for (const auto& e : std::filesystem::recursive_directory_iterator(d)) {
    if (!e.is_regular_file()) continue;
    auto bytes = read_file(e.path().string());
    std::string_view s(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    EXPECT_EQ(s.find("MARKERSERIAL4242"), std::string_view::npos) << e.path();
    EXPECT_EQ(s.find("SQLite format"), std::string_view::npos) << e.path();
  }
  // Another key does not open it: a different vault's key file in its place.
  std::string other = fresh_dir("v3-other");
  ASSERT_TRUE(Vault::create({other, std::nullopt}).has_value());
  v->reset();
  std::filesystem::copy_file(other + "/key", d + "/key",
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_EQ(Vault::open({d, std::nullopt}).error().code(), Status::Code::kPermissionDenied);
}

TEST(Vault, DefaultDirectoryFollowsTheEnvironment) {
  const char* h = std::getenv("HOME");
  std::string home = h ? h : "";
  ::setenv("SKYKEEP_VAULT", "/tmp/a-vault", 1);
  EXPECT_EQ(default_dir(), "/tmp/a-vault");
  ::unsetenv("SKYKEEP_VAULT");
  ::setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(default_dir(), "/tmp/xdg/skykeep");
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/tmp/home", 1);
  EXPECT_EQ(default_dir(), "/tmp/home/.local/share/skykeep");
  ::setenv("HOME", home.c_str(), 1);
}

}  // namespace
}  // namespace skykeep::vault

#include "vault/import.h"
#include "vault/verify.h"

namespace skykeep::vault {
namespace {

std::string write_synth(const std::string& dir, const char* name, model::Format f, uint64_t seed) {
  synth::Options o;
  o.format = f;
  o.seed = seed;
  o.vehicle_serial = "MARKERSERIALAB12CD34";
  o.pilot_note = "MARKERNOTE secret pad";
  o.lat = -12.3456789;
  o.lon = 130.9876543;
  auto bytes = synth::synthesize_bytes(o);
  std::string p = dir + "/" + name;
  std::ofstream(p, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return p;
}

TEST(Import, KeepsTheOriginalBytesEncryptedAndOnlyOnce) {
  std::string d = fresh_dir("imp1"), src = fresh_dir("imp1-src");
  std::filesystem::create_directories(src);
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value());
  std::string p = write_synth(src, "a.ulg", model::Format::kULog, 1);
  auto r = import_file(**v, p, {});
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->outcome, Imported::Outcome::kImported);
  EXPECT_EQ(r->format, "ulog");
  EXPECT_EQ(r->sha256.size(), 64u);
  // The blob opens with the key in the catalog to exactly the original bytes.
  auto kept = log_blobs(**v, r->log_id);
  ASSERT_TRUE(kept.has_value());
  auto data = read_file(d + "/blobs/" + kept->blob);
  auto plain = open((*v)->master(), Bytes(kept->wrapped_key), Bytes(*data));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(*plain, *read_file(p));
  // The same bytes again: nothing new.
  auto again = import_file(**v, p, {});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->outcome, Imported::Outcome::kDuplicate);
  EXPECT_EQ(again->log_id, r->log_id);
  size_t blobs = 0;
  for (const auto& e : std::filesystem::directory_iterator(d + "/blobs"))
    blobs += e.is_regular_file();
  EXPECT_EQ(blobs, 2u) << "the original and its derived data, once";
}

TEST(Verify, FindsMissingAlteredAndIntactBlobs) {
  std::string d = fresh_dir("ver1"), src = fresh_dir("ver1-src");
  std::filesystem::create_directories(src);
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value());
  auto a = import_file(**v, write_synth(src, "a.ulg", model::Format::kULog, 1), {});
  auto b = import_file(**v, write_synth(src, "b.bin", model::Format::kDataFlash, 2), {});
  auto c = import_file(**v, write_synth(src, "c.tlog", model::Format::kTlog, 3), {});
  ASSERT_TRUE(a && b && c);
  auto clean = verify(**v);
  ASSERT_TRUE(clean.has_value());
  EXPECT_EQ(clean->checked, 3u);
  EXPECT_TRUE(clean->clean());
  // Flip one byte of b's blob, remove c's.
  std::string bb, cc;
  for (const auto& e : std::filesystem::directory_iterator(d + "/blobs")) {
    if (e.path().extension() != ".blob") continue;
    if (e.path().filename().string().rfind(b->sha256, 0) == 0) bb = e.path().string();
    if (e.path().filename().string().rfind(c->sha256, 0) == 0) cc = e.path().string();
  }
  auto bytes = *read_file(bb);
  bytes[bytes.size() / 2] ^= std::byte{0x20};
  std::ofstream(bb, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  std::filesystem::remove(cc);
  auto found = verify(**v);
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->damaged.size(), 2u);
  EXPECT_EQ(found->damaged[0].log_id, b->log_id);
  EXPECT_EQ(found->damaged[0].name, "b.bin");
  EXPECT_EQ(found->damaged[1].log_id, c->log_id);
  EXPECT_NE(found->damaged[1].problem.find("missing"), std::string::npos);
}

TEST(Import, TwoWorkersImportABatchWithDuplicatesOnce) {
  std::string d = fresh_dir("par1"), src = fresh_dir("par1-src");
  std::filesystem::create_directories(src);
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value());
  std::vector<std::string> paths;
  for (int i = 0; i < 4; ++i) {
    std::string p =
        write_synth(src, ("x" + std::to_string(i)).c_str(), model::Format::kTlog, 20 + i);
    std::string copy = src + "/copy" + std::to_string(i);
    std::filesystem::copy_file(p, copy);
    paths.push_back(p);
    paths.push_back(copy);
  }
  auto results = import_files(**v, paths, {}, 2);
  ASSERT_EQ(results.size(), paths.size());
  size_t imported = 0, duplicates = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].has_value()) << paths[i];
    (results[i]->outcome == Imported::Outcome::kImported ? imported : duplicates)++;
    if (i % 2) {
      EXPECT_EQ(results[i]->log_id, results[i - 1]->log_id) << "a copy is the same log";
    }
  }
  EXPECT_EQ(imported, 4u);
  EXPECT_EQ(duplicates, 4u);
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(d + "/blobs")) {
    EXPECT_TRUE(e.path().extension() == ".blob" || e.path().extension() == ".derived")
        << "no temporary file is left: " << e.path();
    ++files;
  }
  EXPECT_EQ(files, 8u);
  auto damage = verify(**v);
  EXPECT_EQ(damage->checked, 4u);
  EXPECT_TRUE(damage->clean());
}

TEST(Import, NotALogIsRefusedAndWritesNothing) {
  std::string d = fresh_dir("imp2"), src = fresh_dir("imp2-src");
  std::filesystem::create_directories(src);
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value());
  std::ofstream(src + "/notes.txt") << "not a flight log at all, just some notes";
  auto r = import_file(**v, src + "/notes.txt", {});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("not a flight log"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(d + "/blobs"));
}

TEST(Import, NothingUnderTheVaultHoldsMarkersInAnyEncoding) {
  std::string d = fresh_dir("imp3"), src = fresh_dir("imp3-src");
  std::filesystem::create_directories(src);
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value());
  for (auto [f, name] :
       {std::pair{model::Format::kULog, "m.ulg"}, std::pair{model::Format::kDataFlash, "m.bin"},
        std::pair{model::Format::kTlog, "m.tlog"}})
    ASSERT_TRUE(import_file(**v, write_synth(src, name, f, 3), {}).has_value());
  // Markers as text and as the binary encodings the formats use for the coordinate.
  std::vector<std::string> needles = {"MARKERSERIAL", "MARKERNOTE"};
  int32_t lat_e7 = -123456789;
  double lat = -12.3456789;
  needles.emplace_back(reinterpret_cast<const char*>(&lat_e7), 4);
  needles.emplace_back(reinterpret_cast<const char*>(&lat), 8);
  // Each marker is in the logs as imported (else this test could not fail)...
  std::string all;
  for (const auto& e : std::filesystem::directory_iterator(src)) {
    auto b = read_file(e.path().string());
    all.append(reinterpret_cast<const char*>(b->data()), b->size());
  }
  for (const auto& n : needles)
    ASSERT_NE(all.find(n), std::string::npos) << "marker missing from the input";
  // ... and the catalog holds them for its queries (the vehicle, the track), readable with the
  // key...
  {
    std::string uids;
    auto rows = vehicles(**v);
    ASSERT_TRUE(rows.has_value());
    for (const auto& row : *rows) uids += row.uid;
    EXPECT_NE(uids.find("MARKERSERIAL"), std::string::npos);
  }
  // ... and in nothing under the vault.
  for (const auto& e : std::filesystem::recursive_directory_iterator(d)) {
    if (!e.is_regular_file()) continue;
    auto bytes = read_file(e.path().string());
    std::string_view s(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    for (const auto& n : needles) EXPECT_EQ(s.find(n), std::string_view::npos) << e.path();
  }
}

}  // namespace
}  // namespace skykeep::vault

#include "vault/catalog.h"
#include "vault/delete.h"

namespace skykeep::vault {
namespace {

// The catalog as plaintext (sqlcipher_export): what anyone holding the key file can read.
std::string decrypted_catalog(Vault& v, const std::string& scratch) {
  std::filesystem::remove(scratch);
  std::string sql = "ATTACH DATABASE '" + scratch +
                    "' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;";
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(sqlite_handle(v.catalog()), sql.c_str(), nullptr, nullptr, &err),
            SQLITE_OK)
      << (err ? err : "");
  sqlite3_free(err);
  auto b = read_file(scratch);
  std::filesystem::remove(scratch);
  return b ? std::string(reinterpret_cast<const char*>(b->data()), b->size()) : std::string();
}

bool holds(const std::string& hay, const std::vector<std::byte>& needle) {
  return hay.find(std::string_view(reinterpret_cast<const char*>(needle.data()), needle.size())) !=
         std::string::npos;
}

TEST(Delete, NothingLeftOnDiskDecryptsTheDeletedLog) {
  std::string d = fresh_dir("del1"), src = fresh_dir("del1-src");
  std::filesystem::create_directories(src);
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value());
  auto gone = import_file(**v, write_synth(src, "gone.ulg", model::Format::kULog, 5), {});
  auto kept = import_file(**v, write_synth(src, "kept.tlog", model::Format::kTlog, 6), {});
  ASSERT_TRUE(gone && kept);
  auto blobs = log_blobs(**v, gone->log_id);
  ASSERT_TRUE(blobs.has_value());
  // What an attacker might still have: the encrypted blob (from backups or free disk blocks).
  auto remnant = read_file(d + "/blobs/" + blobs->blob);
  ASSERT_TRUE(remnant.has_value());
  ASSERT_TRUE(open((*v)->master(), Bytes(blobs->wrapped_key), Bytes(*remnant)).has_value());
  std::string scratch = src + "/plain.db";
  ASSERT_TRUE(holds(decrypted_catalog(**v, scratch), blobs->wrapped_key))
      << "the check can see a key where one is";
  bool more = false;
  auto flights = find_flights(**v, Filter{}, &more);
  ASSERT_TRUE(flights.has_value());
  int64_t fid = 0;
  for (const auto& f : *flights)
    if (f.log_id == gone->log_id) fid = f.id;
  ASSERT_GT(fid, 0);

  auto r = delete_flight(**v, fid, false);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_TRUE(r->wal_truncated);
  EXPECT_FALSE(std::filesystem::exists(d + "/blobs/" + blobs->blob));
  EXPECT_FALSE(std::filesystem::exists(d + "/blobs/" + blobs->derived_blob));
  std::error_code ec;
  EXPECT_EQ(std::filesystem::file_size(d + "/catalog.db-wal", ec), 0u)
      << "the write-ahead log is emptied";
  // Neither key is in any file, nor in the catalog read with the vault's own key.
  std::string plain = decrypted_catalog(**v, scratch);
  EXPECT_FALSE(holds(plain, blobs->wrapped_key));
  EXPECT_FALSE(holds(plain, blobs->derived_key));
  for (const auto& e : std::filesystem::recursive_directory_iterator(d)) {
    if (!e.is_regular_file()) continue;
    auto bytes = read_file(e.path().string());
    std::string s(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    EXPECT_FALSE(holds(s, blobs->wrapped_key)) << e.path();
  }
  // The other log is untouched.
  auto damage = verify(**v);
  EXPECT_EQ(damage->checked, 1u);
  EXPECT_TRUE(damage->clean());
}

}  // namespace
}  // namespace skykeep::vault

#include "ledger/merkle.h"
#include "vault/audit.h"
#include "vault/audit_internal.h"
#include "vault/sql_internal.h"

namespace skykeep::vault {
namespace {

// Rewrites the stored tree as an attacker holding the vault's key could: leaf hashes from the
// entries as they now are, and a freshly signed latest checkpoint.
void resign(Vault& v) {
  sqlite3* db = sqlite_handle(v.catalog());
  std::vector<ledger::Hash> leaves;
  {
    Stmt q(db, "SELECT seq, data FROM audit ORDER BY seq");
    std::vector<std::pair<int64_t, std::vector<std::byte>>> rows;
    while (q.step()) rows.push_back({q.i64(0), q.blob(1)});
    for (auto& [seq, data] : rows) {
      leaves.push_back(ledger::leaf_hash(Bytes(data)));
      Stmt u(db, "UPDATE audit SET leaf = ? WHERE seq = ?");
      u.bind_blob(1, Bytes(reinterpret_cast<const std::byte*>(leaves.back().data()), 32))
          .bind(2, seq);
      ASSERT_TRUE(u.run().ok());
    }
  }
  ASSERT_TRUE(exec(db, "DELETE FROM checkpoints").ok());
  auto key = audit_key(v);
  ledger::Checkpoint c{key.name, leaves.size(), ledger::root(leaves)};
  Stmt cp(db, "INSERT INTO checkpoints(size, note) VALUES(?, ?)");
  cp.bind(1, static_cast<int64_t>(c.size))
      .bind(2, ledger::sign_note(ledger::checkpoint_text(c), key));
  ASSERT_TRUE(cp.run().ok());
}

TEST(Audit, TamperingIsDetectedAgainstACheckpointKeptElsewhere) {
  const char* attacks[] = {
      "UPDATE audit SET data = CAST(replace(CAST(data AS TEXT), 'export', 'exp0rt') AS BLOB) WHERE "
      "seq = 2",
      "DELETE FROM audit WHERE seq = 1; UPDATE audit SET seq = seq - 1 WHERE seq > 1",
      "UPDATE audit SET seq = -1 WHERE seq = 1; UPDATE audit SET seq = 1 WHERE seq = 2; UPDATE "
      "audit SET seq = 2 WHERE seq = -1",
      "DELETE FROM audit WHERE seq >= 4",
  };
  const char* names[] = {"edited", "deleted", "reordered", "truncated"};
  for (size_t a = 0; a < std::size(attacks); ++a) {
    SCOPED_TRACE(names[a]);
    std::string d = fresh_dir(("aud" + std::to_string(a)).c_str());
    auto v = Vault::create({d, std::nullopt});
    ASSERT_TRUE(v.has_value());
    for (int i = 0; i < 6; ++i)
      ASSERT_TRUE(record(**v, {i % 2 ? "read" : "export", {i + 1}, {}, "", "", "", ""}).ok());
    auto kept = latest_checkpoint(**v);  // the operator keeps this one elsewhere
    ASSERT_TRUE(kept.has_value());
    auto clean = verify_audit(**v, *kept);
    ASSERT_TRUE(clean.has_value());
    EXPECT_TRUE(clean->problems.empty());
    EXPECT_EQ(clean->entries, 6u);
    ASSERT_TRUE(exec(sqlite_handle((*v)->catalog()), attacks[a]).ok());
    auto before = verify_audit(**v, std::nullopt);
    EXPECT_FALSE(before->problems.empty()) << "the stored checkpoint alone catches a careless edit";
    resign(**v);
    auto alone = verify_audit(**v, std::nullopt);
    ASSERT_TRUE(alone.has_value());
    EXPECT_TRUE(alone->problems.empty() || a == 1)
        << "re-signed with the vault's key, the log looks whole by itself";
    auto caught = verify_audit(**v, *kept);
    ASSERT_TRUE(caught.has_value());
    EXPECT_FALSE(caught->problems.empty()) << "the kept checkpoint catches it";
  }
}

TEST(Audit, ProofsCheckOfflineWithTheVerifierKeyAlone) {
  std::string d = fresh_dir("aud-proof");
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(record(**v, {"read", {i}, {}, "", "", "", ""}).ok());
  auto old = latest_checkpoint(**v);
  for (int i = 3; i < 11; ++i)
    ASSERT_TRUE(record(**v, {"share", {i}, {}, "insurer", "ab", "cd", ""}).ok());
  auto key = ledger::parse_verifier_key(audit_verifier(**v));
  ASSERT_TRUE(key.has_value());
  for (uint64_t i : {0u, 5u, 10u}) {
    auto proof = inclusion_proof_file(**v, i);
    ASSERT_TRUE(proof.has_value());
    auto ok = check_proof_file(*proof, *key);
    ASSERT_TRUE(ok.has_value()) << ok.error().message();
    EXPECT_NE(ok->find("entry " + std::to_string(i) + " is in the log of 11"), std::string::npos);
    std::string forged = *proof;
    size_t at = forged.find("entry ") + 10;
    forged[at] = forged[at] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(check_proof_file(forged, *key).has_value()) << "an altered entry";
  }
  auto cons = consistency_proof_file(**v, *old);
  ASSERT_TRUE(cons.has_value()) << cons.error().message();
  auto ok = check_proof_file(*cons, *key);
  ASSERT_TRUE(ok.has_value()) << ok.error().message();
  EXPECT_NE(ok->find("of 11 entries extends the one of 3"), std::string::npos);
  // Another vault's key proves nothing.
  auto other = Vault::create({fresh_dir("aud-proof-2"), std::nullopt});
  auto stranger = ledger::parse_verifier_key(audit_verifier(**other));
  EXPECT_EQ(check_proof_file(*cons, *stranger).error().code(), Status::Code::kPermissionDenied);
}

}  // namespace
}  // namespace skykeep::vault

#include <cerrno>

#include "vault/share.h"

namespace skykeep::vault {
namespace {

TEST(Catalog, SqliteStatusNamesEachCauseByItsCode) {
  struct Case {
    int rc, err;
    Status::Code code;
    const char* says;
  };
  const Case cases[] = {
      {SQLITE_BUSY, 0, Status::Code::kBusy, "the vault is busy: another skykeep is writing"},
      {SQLITE_BUSY_SNAPSHOT, 0, Status::Code::kBusy, "busy"},
      {SQLITE_LOCKED, 0, Status::Code::kBusy, "busy"},
      {SQLITE_FULL, 0, Status::Code::kNoSpace, "the disk holding the vault is full"},
      {SQLITE_IOERR_WRITE, ENOSPC, Status::Code::kNoSpace, "No space left on device"},
      {SQLITE_IOERR_SHMSIZE, ENOSPC, Status::Code::kNoSpace, "full"},
      {SQLITE_IOERR_FSYNC, EDQUOT, Status::Code::kNoSpace, "full"},
      {SQLITE_READONLY, 0, Status::Code::kReadOnly, "the vault is read-only"},
      {SQLITE_READONLY_DBMOVED, 0, Status::Code::kReadOnly, "read-only"},
      {SQLITE_CANTOPEN, EACCES, Status::Code::kReadOnly, "Permission denied"},
      {SQLITE_IOERR_WRITE, EROFS, Status::Code::kReadOnly, "Read-only file system"},
      {SQLITE_IOERR_SHMOPEN, EPERM, Status::Code::kReadOnly, "read-only"},
      {SQLITE_NOTADB, 0, Status::Code::kPermissionDenied, "the vault key does not open"},
      {SQLITE_CORRUPT, 0, Status::Code::kCorruption, "damaged"},
      {SQLITE_CONSTRAINT_UNIQUE, 0, Status::Code::kAlreadyExists, "catalog"},
      {SQLITE_IOERR_READ, EIO, Status::Code::kIOError, "I/O error on the vault's catalog"},
      {SQLITE_CANTOPEN, ENOENT, Status::Code::kIOError, "cannot open"},
  };
  for (const Case& c : cases) {
    Status s = sqlite_status(c.rc, c.err, "/v/catalog.db", "detail");
    EXPECT_EQ(s.code(), c.code) << c.rc << "/" << c.err << ": " << s.message();
    EXPECT_NE(s.message().find(c.says), std::string::npos) << c.rc << ": " << s.message();
    EXPECT_EQ(s.message().find("does not open"),
              c.rc == SQLITE_NOTADB ? s.message().find("does not open") : std::string::npos)
        << "only a key that does not open it is said to: " << s.message();
  }
}

TEST(Catalog, AChangeOutsideATransactionIsRefused) {
  auto v = Vault::create({fresh_dir("cat-outside"), std::nullopt});
  ASSERT_TRUE(v.has_value());
  Catalog& c = (*v)->catalog();
  EXPECT_FALSE(c.put_policy({"x", "y", 1}).ok());
  EXPECT_FALSE(c.policy()->has_value());
  // Inside, a nested write that fails is undone alone.
  ASSERT_TRUE(c.write([&]() -> Status {
                 if (Status s = c.put_policy({"outer", "1", 1}); !s.ok()) return s;
                 Status inner = c.write([&]() -> Status {
                   (void)c.put_policy({"inner", "2", 2});
                   return Status::IOError("fails");
                 });
                 EXPECT_FALSE(inner.ok());
                 return Status::Ok();
               }).ok());
  EXPECT_EQ((*c.policy())->text, "outer");
}

// A second connection holding the write lock (another skykeep writing): the changes that cannot
// begin their transaction run nothing, write no entry and remove no blob.
TEST(Catalog, AFailedBeginRunsNothing) {
  std::string d = fresh_dir("cat-busy"), src = fresh_dir("cat-busy-src");
  std::filesystem::create_directories(src);
  auto a = Vault::create({d, std::nullopt});
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(import_file(**a, write_synth(src, "a.tlog", model::Format::kTlog, 7), {}));
  Options o{d, std::nullopt};
  o.busy_timeout_ms = 50;
  auto b = Vault::open(o);
  ASSERT_TRUE(b.has_value());
  size_t entries = audit_entries(**a)->size();
  size_t blobs = 0;
  for (const auto& e : std::filesystem::directory_iterator(d + "/blobs")) blobs += e.exists();
  Status held = (*a)->catalog().write([&]() -> Status {
    auto del = delete_flight(**b, 1, true);
    EXPECT_FALSE(del.has_value());
    if (!del) {
      EXPECT_EQ(del.error().code(), Status::Code::kBusy) << del.error().message();
    }
    Status pol = store_policy(**b, "[recipients.x]\nlocation = \"full\"\n");
    EXPECT_EQ(pol.code(), Status::Code::kBusy) << pol.message();
    bool more = false;
    EXPECT_EQ(find_flights(**b, {}, &more)->size(), 1u) << "reads still read";
    return Status::Ok();
  });
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(audit_entries(**b)->size(), entries);
  EXPECT_TRUE(get_flight(**b, 1).has_value());
  EXPECT_FALSE((*b)->catalog().policy()->has_value());
  size_t after = 0;
  for (const auto& e : std::filesystem::directory_iterator(d + "/blobs")) after += e.exists();
  EXPECT_EQ(after, blobs);
}

// Ids are never reused; a catalog of schema 1 (which had no high-water marks) learns them from
// its tables and from every id its audit log names.
TEST(Catalog, IdsAreNeverReusedAndSchema1IsMigrated) {
  std::string d = fresh_dir("cat-ids"), src = fresh_dir("cat-ids-src");
  std::filesystem::create_directories(src);
  {
    auto v = Vault::create({d, std::nullopt});
    ASSERT_TRUE(v.has_value());
    auto a = import_file(**v, write_synth(src, "a.tlog", model::Format::kTlog, 8), {});
    auto b = import_file(**v, write_synth(src, "b.tlog", model::Format::kTlog, 9), {});
    ASSERT_TRUE(a && b);
    ASSERT_EQ(b->log_id, 2);
    ASSERT_TRUE(delete_flight(**v, 2, true).has_value());
    auto c = import_file(**v, write_synth(src, "c.tlog", model::Format::kTlog, 10), {});
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->log_id, 3) << "not 2 again";
    ASSERT_TRUE(delete_flight(**v, 3, true).has_value());
    // Made as the previous version made it: no high-water marks, schema 1.
    ASSERT_TRUE(exec(sqlite_handle((*v)->catalog()),
                     "DROP TABLE sequences; UPDATE meta SET value = '1' WHERE key = "
                     "'schema_version'")
                    .ok());
  }
  auto v = Vault::open({d, std::nullopt});
  ASSERT_TRUE(v.has_value()) << v.error().message();
  auto e = import_file(**v, write_synth(src, "e.tlog", model::Format::kTlog, 11), {});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->log_id, 4) << "log 3 is gone from every table, but its entries name it";
  bool more = false;
  auto flights = find_flights(**v, {}, &more);
  ASSERT_TRUE(flights.has_value());
  int64_t newest = 0;
  for (const auto& f : *flights) newest = std::max(newest, f.id);
  EXPECT_EQ(newest, 4);
}

TEST(Vault, CatalogIsPrivateAndAnEmptyPassphraseIsRefused) {
  std::string d = fresh_dir("v-private");
  auto v = Vault::create({d, std::nullopt});
  ASSERT_TRUE(v.has_value());
  struct stat st;
  ASSERT_EQ(::stat((d + "/catalog.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE((*v)->warnings().empty());
  EXPECT_EQ((*v)->actor().rfind("local:", 0), 0u);
  std::string e = fresh_dir("v-empty-pass");
  auto empty = Vault::create({e, std::string()});
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(e)) << "nothing is left of a vault that was refused";
}

}  // namespace
}  // namespace skykeep::vault

#include "formats/mavlink/dialect.h"
#include "formats/writer.h"
#include "vault/read.h"

namespace skykeep::vault {
namespace {

// A tlog of one message no built-in definition knows (MY_POS, id 9001: a latitude and a
// longitude), and the dialect that defines it.
struct CustomTlog {
  std::string path;
  std::shared_ptr<const mavlink::Dialect> dialect;
};
CustomTlog custom_tlog(const std::string& dir) {
  std::string xml = dir + "/my.xml";
  std::ofstream(xml) << "<mavlink><messages><message id=\"9001\" name=\"MY_POS\">"
                        "<field type=\"int32_t\" name=\"lat\" units=\"degE7\">x</field>"
                        "<field type=\"int32_t\" name=\"lon\" units=\"degE7\">x</field>"
                        "</message></messages></mavlink>\n";
  auto d = std::make_shared<mavlink::Dialect>(mavlink::Dialect::builtin());
  EXPECT_TRUE(d->load_xml(xml).ok());
  const mavlink::MessageDef* def = d->find(9001);
  model::Log log;
  log.meta.format = model::Format::kTlog;
  model::Topic t;
  t.schema.name = def->name;
  t.schema.fields = def->fields;
  t.schema.payload_size = def->max_length;
  t.schema.native_id = def->id;
  t.schema.crc_extra = def->crc_extra;
  t.schema.source = 1 << 8 | 1;
  t.schema.native_format = "v2";  // as the reader marks what it framed itself
  for (auto& f : t.schema.fields) t.columns.emplace_back(f.width());
  for (int i = 0; i < 20; ++i) {
    int64_t tm = 1777629600000000 + i * 1000000LL;
    int32_t lat = 473977420 + i * 10, lon = 85455940 + i * 10;
    t.time.bytes().append(reinterpret_cast<const std::byte*>(&tm), 8);
    t.columns[0].bytes().append(reinterpret_cast<const std::byte*>(&lat), 4);
    t.columns[1].bytes().append(reinterpret_cast<const std::byte*>(&lon), 4);
  }
  t.rows = t.count = 20;
  log.topics.push_back(std::move(t));
  auto bytes = formats::write_log(log);
  EXPECT_TRUE(bytes.has_value());
  std::string path = dir + "/custom.tlog";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes->data()),
             static_cast<std::streamsize>(bytes->size()));
  return {path, d};
}

std::vector<std::string> topic_names(Vault& v, int64_t log_id) {
  model::Log log;
  EXPECT_TRUE(read_window(v, log_id, INT64_MIN, INT64_MAX, {}, &log).ok());
  std::vector<std::string> out;
  for (const auto& t : log.topics) out.push_back(t.name());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A tlog is read later, by whatever asks (a share given no dialect, the web interface), with
// the MAVLink dialect it was imported with, kept with it in the vault.
TEST(Import, ATlogKeepsItsDialectAndEveryLaterReadUsesIt) {
  std::string d = fresh_dir("dialect"), src = fresh_dir("dialect-src");
  std::filesystem::create_directories(src);
  CustomTlog c = custom_tlog(src);
  formats::ReaderOptions with;
  with.dialect = c.dialect;
  {
    auto v = Vault::create({d, std::nullopt});
    ASSERT_TRUE(v.has_value());
    auto r = import_file(**v, c.path, with);
    ASSERT_TRUE(r.has_value()) << r.error().message();
    auto names = topic_names(**v, r->log_id);
    EXPECT_TRUE(has(names, "MY_POS"));
    EXPECT_FALSE(has(names, "MAVLINK_9001"));
  }
  auto v = Vault::open({d, std::nullopt});  // kept across processes
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(has(topic_names(**v, 1), "MY_POS"));
  // The same bytes imported without it read as raw payloads, as before.
  std::string bare = fresh_dir("dialect-bare");
  auto w = Vault::create({bare, std::nullopt});
  ASSERT_TRUE(w.has_value());
  auto r = import_file(**w, c.path, {});
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(has(topic_names(**w, r->log_id), "MAVLINK_9001"));
}

// A catalog of schema 2 kept no dialect: it is migrated, its logs read as before, and new
// imports keep theirs.
TEST(Catalog, Schema2IsMigratedToKeepDialects) {
  std::string d = fresh_dir("schema2"), src = fresh_dir("schema2-src");
  std::filesystem::create_directories(src);
  CustomTlog c = custom_tlog(src);
  {
    auto v = Vault::create({d, std::nullopt});
    ASSERT_TRUE(v.has_value());
    ASSERT_TRUE(import_file(**v, c.path, {}).has_value());
    // Made as the previous version made it: no dialects table, no dialect column.
    ASSERT_TRUE(exec(sqlite_handle((*v)->catalog()),
                     "DROP TABLE dialects; ALTER TABLE logs RENAME TO logs3; "
                     "CREATE TABLE logs(id INTEGER PRIMARY KEY, sha256 BLOB NOT NULL UNIQUE, "
                     "name TEXT NOT NULL, format TEXT NOT NULL, bytes INTEGER NOT NULL, blob TEXT "
                     "NOT NULL, wrapped_key BLOB NOT NULL, derived_blob TEXT NOT NULL, "
                     "derived_key BLOB NOT NULL, imported_us INTEGER NOT NULL, corrupt INTEGER "
                     "NOT NULL, report TEXT NOT NULL, vehicle_id INTEGER NOT NULL, firmware TEXT "
                     "NOT NULL, utc_offset_us INTEGER); INSERT INTO logs SELECT id, sha256, name, "
                     "format, bytes, blob, wrapped_key, derived_blob, derived_key, imported_us, "
                     "corrupt, report, vehicle_id, firmware, utc_offset_us FROM logs3; DROP TABLE "
                     "logs3; UPDATE meta SET value = '2' WHERE key = 'schema_version'")
                    .ok());
  }
  auto v = Vault::open({d, std::nullopt});
  ASSERT_TRUE(v.has_value()) << v.error().message();
  EXPECT_TRUE(has(topic_names(**v, 1), "MAVLINK_9001"));
  std::string again = src + "/again.tlog";
  std::filesystem::copy_file(c.path, again);
  std::ofstream(again, std::ios::app) << std::string(1, '\0');  // other bytes, the same messages
  formats::ReaderOptions with;
  with.dialect = c.dialect;
  auto r = import_file(**v, again, with);
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_TRUE(has(topic_names(**v, r->log_id), "MY_POS"));
}

}  // namespace
}  // namespace skykeep::vault
