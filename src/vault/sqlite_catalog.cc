// The SQLite catalog: opening (keying, schema, migration), transactions, the mapping of SQLite's
// result codes to Status codes, the policy, the audit log's storage and upkeep.
#include "vault/sqlite_catalog.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "vault/sql_internal.h"
#include "vault/sqlite_internal.h"

namespace skykeep::vault {

Status register_flight_functions(sqlite3* db);  // sqlite_flights.cc

namespace {

constexpr int kSchemaVersion = 4;

// Schema 4 (docs/vault.md, "Catalog"). Schema 1 lacked `sequences`, schema 2 `dialects` and
// `logs.dialect`, schema 3 `logs.keychains` and `logs.source_of`.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sequences(name TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE vehicles(id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
  autopilot TEXT NOT NULL, hardware TEXT NOT NULL, firmware TEXT NOT NULL);
CREATE TABLE logs(id INTEGER PRIMARY KEY, sha256 BLOB NOT NULL UNIQUE, name TEXT NOT NULL,
  format TEXT NOT NULL, bytes INTEGER NOT NULL, blob TEXT NOT NULL, wrapped_key BLOB NOT NULL,
  derived_blob TEXT NOT NULL, derived_key BLOB NOT NULL, imported_us INTEGER NOT NULL,
  corrupt INTEGER NOT NULL, report TEXT NOT NULL, vehicle_id INTEGER NOT NULL,
  firmware TEXT NOT NULL, utc_offset_us INTEGER, dialect TEXT, keychains TEXT, source_of INTEGER);
CREATE INDEX logs_source_of ON logs(source_of) WHERE source_of IS NOT NULL;
CREATE TABLE dialects(sha256 TEXT PRIMARY KEY, definitions TEXT NOT NULL);
CREATE TABLE flights(id INTEGER PRIMARY KEY, log_id INTEGER NOT NULL, seq INTEGER NOT NULL,
  vehicle_id INTEGER NOT NULL, start_us INTEGER, end_us INTEGER, log_start_us INTEGER NOT NULL,
  log_end_us INTEGER NOT NULL, duration_s REAL NOT NULL, took_off INTEGER NOT NULL,
  ended_armed INTEGER NOT NULL, takeoff_us INTEGER, landing_us INTEGER, takeoff_lat REAL,
  takeoff_lon REAL, landing_lat REAL, landing_lon REAL, max_alt_m REAL, max_hspeed REAL,
  max_climb REAL, max_sink REAL, distance_m REAL, battery_start REAL, battery_end REAL,
  min_voltage REAL, consumed_mah REAL, battery_serial TEXT NOT NULL, modes TEXT NOT NULL,
  event_mask INTEGER NOT NULL, warnings INTEGER NOT NULL, min_lat REAL, min_lon REAL,
  max_lat REAL, max_lon REAL);
CREATE INDEX flights_order ON flights(start_us, id, vehicle_id, duration_s, event_mask, min_lat, max_lat,
  min_lon, max_lon);
CREATE INDEX flights_vehicle ON flights(vehicle_id, start_us, id, duration_s, event_mask, min_lat,
  max_lat, min_lon, max_lon);
CREATE INDEX flights_duration ON flights(duration_s);
CREATE INDEX flights_log ON flights(log_id);
CREATE TABLE flight_tracks(id INTEGER PRIMARY KEY, track BLOB NOT NULL);
CREATE VIRTUAL TABLE flight_areas USING rtree(id, min_lat, max_lat, min_lon, max_lon);
CREATE VIRTUAL TABLE flight_text USING fts4(body, tokenize=unicode61);
CREATE TABLE events(id INTEGER PRIMARY KEY, flight_id INTEGER NOT NULL, t_us INTEGER NOT NULL,
  kind TEXT NOT NULL, severity INTEGER NOT NULL, message TEXT NOT NULL, topic TEXT NOT NULL,
  evidence TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX events_flight ON events(flight_id, t_us);
CREATE INDEX events_kind ON events(kind, flight_id);
CREATE TABLE audit(seq INTEGER PRIMARY KEY, data BLOB NOT NULL, leaf BLOB NOT NULL);
CREATE TABLE checkpoints(size INTEGER PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE audit_frontier(id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, peaks BLOB NOT NULL);
CREATE TABLE policy(id INTEGER PRIMARY KEY CHECK (id = 1), text TEXT NOT NULL, sha256 TEXT NOT NULL,
  updated_us INTEGER NOT NULL);
INSERT INTO meta VALUES('schema_version', '4');
)sql";

// The tables whose ids never repeat, and the statements that read their highest id.
struct Sequence {
  const char* name;
  const char* max_sql;
};
constexpr Sequence kSequences[] = {
    {"logs", "SELECT coalesce(max(id), 0) FROM logs"},
    {"flights", "SELECT coalesce(max(id), 0) FROM flights"},
    {"events", "SELECT coalesce(max(id), 0) FROM events"},
    {"vehicles", "SELECT coalesce(max(id), 0) FROM vehicles"},
};

std::string hex_key(const Key& key) {
  char hex[2 * Key::kSize + 1];
  sodium_bin2hex(hex, sizeof hex, key.data(), Key::kSize);
  std::string out(hex);
  sodium_memzero(hex, sizeof hex);
  return out;
}

ledger::Hash to_hash(const std::vector<std::byte>& b) {
  ledger::Hash h{};
  if (b.size() == h.size()) std::memcpy(h.data(), b.data(), h.size());
  return h;
}

Bytes bytes_of(const ledger::Hash& h) {
  return Bytes(reinterpret_cast<const std::byte*>(h.data()), h.size());
}

}  // namespace

Status sqlite_status(int rc, int sys_errno, const std::string& path, const std::string& detail) {
  std::string why = sys_errno ? std::string(" (") + std::strerror(sys_errno) + ")" : "";
  auto no_space = [&] {
    return Status::NoSpace("the disk holding the vault is full: " + path + " cannot grow" + why +
                           "; free some space and try again");
  };
  auto read_only = [&] {
    return Status::ReadOnly("the vault is read-only: " + path + " or its folder cannot be written" +
                            why);
  };
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(
          "the vault is busy: another skykeep is writing to it (try again when it has finished)");
    case SQLITE_FULL:
      return no_space();
    case SQLITE_READONLY:
      return read_only();
    case SQLITE_NOTADB:
      return Status::PermissionDenied("the vault key does not open its catalog");
    case SQLITE_CORRUPT:
      return Status::Corruption("the vault's catalog is damaged (" + detail +
                                "): skykeep verify says where");
    case SQLITE_CONSTRAINT:
      return Status::AlreadyExists("catalog: " + detail);
    case SQLITE_NOMEM:
      return Status::IOError("out of memory");
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      if (sys_errno == ENOSPC || sys_errno == EDQUOT) return no_space();
      if (sys_errno == EROFS || sys_errno == EACCES || sys_errno == EPERM) return read_only();
      if ((rc & 0xFF) == SQLITE_CANTOPEN)
        return Status::IOError("cannot open the vault's catalog " + path + why);
      return Status::IOError("I/O error on the vault's catalog " + path +
                             (why.empty() ? " (" + detail + ")" : why));
    default:
      return Status::IOError("catalog: " + detail);
  }
}

sqlite3* sqlite_handle(Catalog& catalog) { return static_cast<SqliteCatalog&>(catalog).db(); }

SqliteCatalog::~SqliteCatalog() {
  if (db_) sqlite3_close(db_);
}

Result<std::unique_ptr<Catalog>> open_sqlite_catalog(const std::string& path, const Key& key,
                                                     const SqliteOptions& options) {
  if (options.create) {
    // Created here, 0600, so that SQLite (which gives its -wal and -shm files the database's
    // mode) never makes a catalog file others can read.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return errno_status(path, errno);
    ::close(fd);
  } else {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) return Status::NotFound(path + ": the vault has no catalog");
      return errno_status(path, errno);
    }
    // A catalog made by an earlier skykeep was 0644: made private, with its companions.
    if (st.st_mode & 077)
      for (const char* suffix : {"", "-wal", "-shm"}) ::chmod((path + suffix).c_str(), 0600);
  }
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0), nullptr);
  auto catalog = std::make_unique<SqliteCatalog>(db, path, key);  // closes db in any case
  if (rc != SQLITE_OK) {
    if (!db) return sqlite_status(rc, errno, path, "cannot open");
    return db_status(db, sqlite3_extended_errcode(db));
  }
  if (Status s = catalog->open(options); !s.ok()) return s;
  return std::unique_ptr<Catalog>(std::move(catalog));
}

Status SqliteCatalog::open(const SqliteOptions& options) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  // SQLite falls back to reading only when it may not write the file.
  if (sqlite3_db_readonly(db_, "main") == 1) {
    int err = ::access(path_.c_str(), W_OK) == 0 ? 0 : errno;
    return sqlite_status(SQLITE_READONLY, err, path_, "read-only");
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  // The catalog key: a subkey of the master key, given to SQLCipher as a raw key.
  std::string pragma = "PRAGMA key = \"x'" + hex_key(key_) + "'\";";
  Status keyed = exec(db_, pragma.c_str());
  sodium_memzero(pragma.data(), pragma.size());
  if (!keyed.ok()) return keyed;
  // A wrong key shows on the first read of the file.
  if (int rc = sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master;", nullptr, nullptr, nullptr);
      rc != SQLITE_OK) {
    int code = sqlite3_extended_errcode(db_);
    if ((code & 0xFF) == SQLITE_NOTADB) return not_a_database();
    return db_status(db_, code);
  }
  // WAL, sorts and temporary tables in memory (never on disk unencrypted), deleted rows
  // overwritten, a 64 MiB page cache.
  {
    Stmt mode(db_, "PRAGMA journal_mode = WAL");
    if (mode.step() && mode.text(0) != "wal")
      return Status::IOError(path_ + ": cannot use a write-ahead log");
    if (Status s = mode.status(); !s.ok()) return s;
  }
  if (Status s = exec(db_,
                      "PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON; "
                      "PRAGMA cache_size = -65536;");
      !s.ok())
    return s;
  if (Status s = register_flight_functions(db_); !s.ok()) return s;
  if (options.create) return write([&] { return exec(db_, kSchema); });
  std::string version;
  {
    Stmt q(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
    if (q.step()) version = q.text(0);
    if (Status s = q.status(); !s.ok()) return s;
  }
  if (version == std::to_string(kSchemaVersion)) return Status::Ok();
  if (version == "1") {
    if (Status s = migrate_from_1(); !s.ok()) return s;
    version = "2";
  }
  if (version == "2") {
    if (Status s = migrate_from_2(); !s.ok()) return s;
    version = "3";
  }
  if (version == "3") return migrate_from_3();
  return Status::NotSupported("this vault's catalog is of another skykeep version");
}

// Schema 1 had no id high-water marks: each table's is its highest id, and for logs and flights
// also the highest the audit log ever named (a log deleted when it was the newest left no row).
Status SqliteCatalog::migrate_from_1() {
  return write([&]() -> Status {
    {
      Stmt q(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
      if (q.step() && q.text(0) != "1") return Status::Ok();  // another process did it
      if (Status s = q.status(); !s.ok()) return s;
    }
    if (Status s =
            exec(db_, "CREATE TABLE sequences(name TEXT PRIMARY KEY, last INTEGER NOT NULL)");
        !s.ok())
      return s;
    int64_t named_logs = 0, named_flights = 0;
    Stmt entries(db_, "SELECT data FROM audit");
    while (entries.step()) {
      auto data = entries.blob(0);
      auto j = nlohmann::json::parse(data.begin(), data.end(), nullptr, false);
      if (!j.is_object()) continue;
      for (auto [key, most] :
           {std::pair{"logs", &named_logs}, std::pair{"flights", &named_flights}})
        if (j.contains(key) && j[key].is_array())
          for (const auto& id : j[key])
            if (id.is_number_integer()) *most = std::max(*most, id.get<int64_t>());
    }
    if (Status s = entries.status(); !s.ok()) return s;
    for (const Sequence& seq : kSequences) {
      Stmt q(db_, seq.max_sql);
      int64_t last = q.step() ? q.i64(0) : 0;
      if (Status s = q.status(); !s.ok()) return s;
      if (std::strcmp(seq.name, "logs") == 0) last = std::max(last, named_logs);
      if (std::strcmp(seq.name, "flights") == 0) last = std::max(last, named_flights);
      Stmt put(db_, "INSERT INTO sequences(name, last) VALUES(?, ?)");
      put.bind(1, seq.name).bind(2, last);
      if (Status s = put.run(); !s.ok()) return s;
    }
    return exec(db_, "UPDATE meta SET value = '2' WHERE key = 'schema_version'");
  });
}

// Schema 2 kept no MAVLink dialect with its logs: they read with the built-in messages, as they
// did.
Status SqliteCatalog::migrate_from_2() {
  return write([&]() -> Status {
    {
      Stmt q(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
      if (q.step() && q.text(0) != "2") return Status::Ok();  // another process did it
      if (Status s = q.status(); !s.ok()) return s;
    }
    bool has_column = false;
    {
      Stmt q(db_, "PRAGMA table_info(logs)");  // a row per column; its name is the second
      while (q.step()) has_column = has_column || q.text(1) == "dialect";
      if (Status s = q.status(); !s.ok()) return s;
    }
    if (!has_column)
      if (Status s = exec(db_, "ALTER TABLE logs ADD COLUMN dialect TEXT"); !s.ok()) return s;
    return exec(db_,
                "CREATE TABLE IF NOT EXISTS dialects(sha256 TEXT PRIMARY KEY, "
                "definitions TEXT NOT NULL); "
                "UPDATE meta SET value = '3' WHERE key = 'schema_version'");
  });
}

// Schema 3 kept no DJI keys and no second source of a flight.
Status SqliteCatalog::migrate_from_3() {
  return write([&]() -> Status {
    {
      Stmt q(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
      if (q.step() && q.text(0) != "3") return Status::Ok();  // another process did it
      if (Status s = q.status(); !s.ok()) return s;
    }
    std::vector<std::string> columns;
    {
      Stmt q(db_, "PRAGMA table_info(logs)");  // a row per column; its name is the second
      while (q.step()) columns.push_back(q.text(1));
      if (Status s = q.status(); !s.ok()) return s;
    }
    for (const char* column : {"keychains TEXT", "source_of INTEGER"}) {
      std::string name(column, std::strchr(column, ' '));
      if (std::find(columns.begin(), columns.end(), name) != columns.end()) continue;
      if (Status s = exec(db_, (std::string("ALTER TABLE logs ADD COLUMN ") + column).c_str());
          !s.ok())
        return s;
    }
    return exec(db_,
                "CREATE INDEX IF NOT EXISTS logs_source_of ON logs(source_of) "
                "WHERE source_of IS NOT NULL; "
                "UPDATE meta SET value = '4' WHERE key = 'schema_version'");
  });
}

Status SqliteCatalog::not_a_database() {
  // Either the key is not this catalog's (no page authenticates), or the file's first page is
  // damaged while the others authenticate under this key.
  auto pages = authenticate_pages(path_, key_, CipherLayout{});
  if (pages && pages->pages > 1 && pages->bad.size() < pages->pages) {
    if (!pages->bad.empty() && pages->bad.front() == 1)
      return Status::Corruption(
          "the vault's catalog is damaged: its first page does not "
          "authenticate (" +
          std::to_string(pages->bad.size()) + " of " + std::to_string(pages->pages) +
          " pages damaged)");
  }
  return Status::PermissionDenied("the vault key does not open its catalog");
}

Status SqliteCatalog::write(const std::function<Status()>& body) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  if (depth_ > 0) {
    // Nested: a savepoint inside the transaction, undone alone if its body fails.
    std::string name = "nested" + std::to_string(depth_);
    if (Status s = exec(db_, ("SAVEPOINT " + name).c_str()); !s.ok()) return s;
    ++depth_;
    Status s = body();
    --depth_;
    if (!s.ok()) (void)exec(db_, ("ROLLBACK TO " + name).c_str());
    Status released = exec(db_, ("RELEASE " + name).c_str());
    return s.ok() ? released : s;
  }
  // The write lock first: if it cannot be had, nothing runs (never statements in autocommit).
  if (int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr); rc != SQLITE_OK) {
    Status s = db_status(db_, sqlite3_extended_errcode(db_));
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  }
  struct Ending {
    SqliteCatalog* c;
    ~Ending() {
      c->depth_ = 0;
      if (!sqlite3_get_autocommit(c->db_))
        sqlite3_exec(c->db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  } ending{this};
  depth_ = 1;
  Status s = body();
  depth_ = 0;
  if (!s.ok()) return s;
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return db_status(db_, sqlite3_extended_errcode(db_));
  return Status::Ok();
}

Status SqliteCatalog::changing() const {
  if (depth_ > 0) return Status::Ok();
  return Status::InvalidArgument("catalog: a change outside a transaction (Catalog::write)");
}

Result<int64_t> SqliteCatalog::new_ids(const char* table, int64_t count) {
  const Sequence* seq = nullptr;
  for (const Sequence& s : kSequences)
    if (std::strcmp(s.name, table) == 0) seq = &s;
  if (!seq || depth_ == 0) return Status::InvalidArgument("catalog: no sequence for this");
  int64_t last = 0;
  {
    Stmt q(db_, "SELECT last FROM sequences WHERE name = ?");
    q.bind(1, table);
    if (q.step()) last = q.i64(0);
    if (Status s = q.status(); !s.ok()) return s;
    Stmt most(db_, seq->max_sql);
    if (most.step()) last = std::max(last, most.i64(0));
    if (Status s = most.status(); !s.ok()) return s;
  }
  if (count > 0) {
    Stmt put(db_, "INSERT OR REPLACE INTO sequences(name, last) VALUES(?, ?)");
    put.bind(1, table).bind(2, last + count);
    if (Status s = put.run(); !s.ok()) return s;
  }
  return last + 1;
}

Result<std::optional<StoredPolicy>> SqliteCatalog::policy() {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, "SELECT text, sha256, updated_us FROM policy WHERE id = 1");
  if (q.step()) return std::optional<StoredPolicy>(StoredPolicy{q.text(0), q.text(1), q.i64(2)});
  if (Status s = q.status(); !s.ok()) return s;
  return std::optional<StoredPolicy>();
}

Status SqliteCatalog::put_policy(const StoredPolicy& p) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  if (Status s = changing(); !s.ok()) return s;
  Stmt q(db_, "INSERT OR REPLACE INTO policy(id, text, sha256, updated_us) VALUES(1, ?, ?, ?)");
  q.bind(1, p.text).bind(2, p.sha256).bind(3, p.updated_us);
  return q.run();
}

Result<uint64_t> SqliteCatalog::audit_size() {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt n(db_, "SELECT coalesce(max(seq) + 1, 0) FROM audit");
  uint64_t size = n.step() ? static_cast<uint64_t>(n.i64(0)) : 0;
  if (Status s = n.status(); !s.ok()) return s;
  return size;
}

Result<std::vector<AuditEntry>> SqliteCatalog::audit_entries() {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, "SELECT seq, data FROM audit ORDER BY seq");
  std::vector<AuditEntry> out;
  while (q.step()) {
    auto b = q.blob(1);
    out.push_back({static_cast<uint64_t>(q.i64(0)),
                   std::string(reinterpret_cast<const char*>(b.data()), b.size())});
  }
  if (Status s = q.status(); !s.ok()) return s;
  return out;
}

Result<std::optional<std::string>> SqliteCatalog::audit_entry(uint64_t index) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, "SELECT data FROM audit WHERE seq = ?");
  q.bind(1, static_cast<int64_t>(index));
  if (q.step()) {
    auto b = q.blob(0);
    return std::optional<std::string>(
        std::string(reinterpret_cast<const char*>(b.data()), b.size()));
  }
  if (Status s = q.status(); !s.ok()) return s;
  return std::optional<std::string>();
}

Result<std::vector<ledger::Hash>> SqliteCatalog::audit_leaves() {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, "SELECT leaf FROM audit ORDER BY seq");
  std::vector<ledger::Hash> out;
  while (q.step()) out.push_back(to_hash(q.blob(0)));
  if (Status s = q.status(); !s.ok()) return s;
  return out;
}

Result<std::optional<ledger::Frontier>> SqliteCatalog::audit_frontier() {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, "SELECT size, peaks FROM audit_frontier WHERE id = 1");
  if (!q.step()) {
    if (Status s = q.status(); !s.ok()) return s;
    return std::optional<ledger::Frontier>();
  }
  ledger::Frontier f;
  f.size = static_cast<uint64_t>(q.i64(0));
  auto b = q.blob(1);
  for (size_t i = 0; i + 32 <= b.size(); i += 32) {
    ledger::Hash h;
    std::memcpy(h.data(), b.data() + i, 32);
    f.peaks.push_back(h);
  }
  return std::optional<ledger::Frontier>(std::move(f));
}

Result<std::string> SqliteCatalog::latest_checkpoint() {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, "SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1");
  std::string note = q.step() ? q.text(0) : std::string();
  if (Status s = q.status(); !s.ok()) return s;
  return note;
}

Status SqliteCatalog::append_audit(uint64_t index, std::string_view data, const ledger::Hash& leaf,
                                   const ledger::Frontier& after, const std::string& checkpoint) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  if (Status s = changing(); !s.ok()) return s;
  Stmt ins(db_, "INSERT INTO audit(seq, data, leaf) VALUES(?, ?, ?)");
  ins.bind(1, static_cast<int64_t>(index))
      .bind_blob(2, as_bytes(data))
      .bind_blob(3, bytes_of(leaf));
  if (Status s = ins.run(); !s.ok()) return s;
  std::vector<std::byte> peaks(after.peaks.size() * 32);
  for (size_t i = 0; i < after.peaks.size(); ++i)
    std::memcpy(peaks.data() + 32 * i, after.peaks[i].data(), 32);
  Stmt keep(db_, "INSERT OR REPLACE INTO audit_frontier(id, size, peaks) VALUES(1, ?, ?)");
  keep.bind(1, static_cast<int64_t>(after.size)).bind_blob(2, Bytes(peaks));
  if (Status s = keep.run(); !s.ok()) return s;
  Stmt cp(db_, "INSERT INTO checkpoints(size, note) VALUES(?, ?)");
  cp.bind(1, static_cast<int64_t>(after.size)).bind(2, checkpoint);
  return cp.run();
}

Status SqliteCatalog::purge(bool* complete) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  // secure_delete zeroed the rows in the database pages; the write-ahead log still holds the
  // pages as they were until a checkpoint copies the new ones back and truncates it.
  int frames = 0, done = 0;
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &frames, &done);
  *complete = rc == SQLITE_OK;
  if (rc == SQLITE_OK || (rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
    return Status::Ok();
  return db_status(db_, rc);
}

Result<Integrity> SqliteCatalog::check_integrity() {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Integrity out;
  std::string version;
  {
    Stmt v(db_, "PRAGMA cipher_version");
    if (v.step()) version = v.text(0);
  }
  if (!version.empty() && version[0] >= '4') {
    // SQLCipher 4 checks every page's HMAC itself.
    Stmt q(db_, "PRAGMA cipher_integrity_check");
    while (q.step()) out.problems.push_back("catalog: " + q.text(0));
  } else {
    // SQLCipher 3: every page of the file, read and authenticated here. A page another process
    // was checkpointing as it was read is read again before it counts as damaged.
    CipherLayout layout;
    {
      Stmt size(db_, "PRAGMA cipher_page_size");
      if (size.step() && size.i64(0) > 0) layout.page_size = static_cast<size_t>(size.i64(0));
    }
    Result<PageCheck> pages = authenticate_pages(path_, key_, layout);
    for (int again = 0; again < 2 && pages && !pages->bad.empty(); ++again) {
      ::usleep(200000);
      pages = authenticate_pages(path_, key_, layout);
    }
    if (!pages) return pages.error();
    out.pages = pages->pages;
    for (uint64_t p : pages->bad)
      out.problems.push_back("catalog page " + std::to_string(p) + " of " +
                             std::to_string(pages->pages) +
                             " does not authenticate: it was altered or damaged");
  }
  // The structure of every page in use (through the write-ahead log), and every index: at most
  // kShown of SQLite's lines (one damaged page makes many).
  constexpr size_t kShown = 10;
  std::vector<std::string> lines;
  Stmt q(db_, "PRAGMA integrity_check");
  while (q.step()) {
    std::string text = q.text(0);
    for (size_t at = 0; at <= text.size();) {
      size_t end = std::min(text.find('\n', at), text.size());
      std::string line = text.substr(at, end - at);
      if (!line.empty() && line != "ok" && line != "*** in database main ***")
        lines.push_back(line);
      at = end + 1;
    }
  }
  if (lines.empty() && !q.status().ok()) lines.push_back(q.status().message());
  for (size_t i = 0; i < lines.size() && i < kShown; ++i)
    out.problems.push_back("catalog structure: " + lines[i]);
  if (lines.size() > kShown)
    out.problems.push_back("catalog structure: " + std::to_string(lines.size() - kShown) +
                           " more problems");
  return out;
}

}  // namespace skykeep::vault
