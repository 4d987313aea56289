// The SQLite catalog's class, shared by its implementation files: sqlite_catalog.cc (opening,
// transactions, errors, policy, audit storage, upkeep), sqlite_flights.cc (logs, flights,
// events, vehicles and their queries) and sqlite_pages.cc (page authentication). Thread-safe:
// every method holds mu_.
#pragma once

#include <sqlcipher/sqlite3.h>

#include <mutex>
#include <string>
#include <vector>

#include "vault/catalog.h"
#include "vault/keys.h"
#include "vault/sqlite_catalog.h"

namespace skykeep::vault {

// SQLCipher 3's page layout, for authenticating pages without SQLite (sqlite_pages.cc).
struct CipherLayout {
  size_t page_size = 1024;
  size_t reserve = 48;       // per page: IV (16), HMAC-SHA1 (20), rounded up to the AES block
  int hmac_kdf_iter = 2;     // PBKDF2-HMAC-SHA1 iterations deriving the HMAC key from the key
  uint8_t salt_mask = 0x3a;  // XORed into the file's salt for the HMAC key's salt
};

struct PageCheck {
  uint64_t pages = 0;
  std::vector<uint64_t> bad;  // page numbers (from 1) whose HMAC does not match
};

// Authenticates every whole page of the SQLCipher 3 database file at path under the raw key.
// Errors: reading the file.
Result<PageCheck> authenticate_pages(const std::string& path, const Key& key,
                                     const CipherLayout& layout);

class SqliteCatalog final : public Catalog {
 public:
  SqliteCatalog(sqlite3* db, std::string path, const Key& key)
      : db_(db), path_(std::move(path)), key_(key) {}
  ~SqliteCatalog() override;

  Status open(const SqliteOptions& options);

  Status write(const std::function<Status()>& body) override;
  Result<InsertedLog> insert_log(const LogEntry& e) override;
  Status delete_log(int64_t log_id) override;
  Result<InsertedLog> replace_analysis(int64_t log_id, const LogEntry& e) override;
  Result<std::vector<LogBlobs>> sources_of(int64_t log_id) override;
  Result<std::optional<int64_t>> find_log(Bytes sha256) override;
  Result<std::vector<FlightRow>> find_flights(const Filter& f, bool* more) override;
  Result<FlightDetail> get_flight(int64_t id) override;
  Result<std::pair<LogBlobs, std::vector<int64_t>>> log_of_flight(int64_t flight_id) override;
  Result<Stats> stats(StatsBy by) override;
  Result<std::vector<VehicleRow>> vehicles() override;
  Result<LogBlobs> log_blobs(int64_t log_id) override;
  Result<std::vector<LogBlobs>> all_log_blobs() override;
  Result<std::optional<StoredPolicy>> policy() override;
  Status put_policy(const StoredPolicy& p) override;
  Result<uint64_t> audit_size() override;
  Result<std::vector<AuditEntry>> audit_entries() override;
  Result<std::optional<std::string>> audit_entry(uint64_t index) override;
  Result<std::vector<ledger::Hash>> audit_leaves() override;
  Result<std::optional<ledger::Frontier>> audit_frontier() override;
  Result<std::string> latest_checkpoint() override;
  Status append_audit(uint64_t index, std::string_view data, const ledger::Hash& leaf,
                      const ledger::Frontier& after, const std::string& checkpoint) override;
  Status purge(bool* complete) override;
  Result<Integrity> check_integrity() override;

  sqlite3* db() { return db_; }

 private:
  // OK inside write(); an error otherwise (a change must be part of a transaction).
  Status changing() const;
  // The first of count new ids for table ("logs", "flights", "events", "vehicles"): above
  // every id it ever held (the sequences table) and every id it holds.
  Result<int64_t> new_ids(const char* table, int64_t count);
  Result<int64_t> vehicle_id(const model::Metadata& m);
  Status migrate_from_1();
  Status migrate_from_2();
  Status migrate_from_3();
  // The flights of e (with events, tracks, areas, search text) under log_id and vehicle_id.
  Status insert_flights(int64_t log_id, int64_t vehicle_id, const LogEntry& e, InsertedLog* out);
  // Removes log_id's flights and what hangs from them.
  Status delete_flights(int64_t log_id);
  // Why the key did not open the catalog: a wrong key, or a damaged first page.
  Status not_a_database();

  sqlite3* db_;
  std::string path_;
  Key key_;
  std::recursive_mutex mu_;
  int depth_ = 0;  // write() nesting
};

}  // namespace skykeep::vault
