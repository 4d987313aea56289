// The catalog: what the vault knows of each log, flight, event and vehicle, its sharing policy
// and its audit log, behind one interface (docs/decisions/0011). One implementation now,
// SQLCipher (vault/sqlite_catalog.h; tables: docs/vault.md, "Catalog"). Thread-safe: calls are
// serialised inside; changes happen only inside write(), all of them or none.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/flight.h"
#include "base/result.h"
#include "ledger/merkle.h"
#include "model/log.h"
#include "vault/vault.h"

namespace skykeep::vault {

// A vehicle is known by its identifier (PX4 sys_uuid, the board's serial, MAVLink's UID); logs
// that carry none are grouped as "unidentified <autopilot> <hardware>".
std::string vehicle_uid(const model::Metadata& meta);

// Everything import writes for one log, in one transaction.
struct LogEntry {
  std::vector<std::byte> sha256;  // 32 bytes
  std::string name, format;
  uint64_t bytes = 0;
  std::string blob, derived_blob;
  std::vector<std::byte> wrapped_key, derived_key;
  bool corrupt = false;
  std::string report_json;
  model::Metadata meta;
  std::vector<analysis::Flight> flights;
  const analysis::Signals* signals = nullptr;  // for tracks, battery serial and search text
  // The MAVLink definitions the log was read with beyond the built-in ones
  // (mavlink::Dialect::definitions_text), kept so that every later read decodes it the same way;
  // empty for the built-in set.
  std::string dialect;
  // A DJI record's AES keys as the operator obtained them (formats/dji/keychain.h, to_json),
  // kept so that every later read decrypts it; empty for none.
  std::string keychains;
  // Set for a copy of a flight kept already (a DJI CSV export of a record in the vault): the log
  // whose flights this one's bytes are another source of. Such a log has no flights of its own.
  std::optional<int64_t> source_of;
};

struct InsertedLog {
  int64_t log_id = 0;
  std::vector<int64_t> flights;  // in the order of LogEntry::flights
};

struct FlightRow {
  int64_t id = 0, log_id = 0;
  int seq = 0;  // the flight's number within its log, from 1
  std::string log_name, format, vehicle_uid, vehicle_type, autopilot, firmware, battery_serial;
  analysis::Summary summary;
  uint64_t event_mask = 0;  // bit i: an event of kEventKinds[i]
  int warnings = 0;         // events of severity warning or critical
};

struct Filter {
  std::optional<int64_t> since_us, until_us;  // UTC, on the flight's start
  std::optional<std::string> vehicle;         // uid, its prefix, or the vehicle's number
  std::optional<double> min_duration_s, max_duration_s;
  struct Near {
    double lat, lon, radius_m;
  };
  std::optional<Near> near;  // the track passes within radius_m of the point
  struct Box {
    double min_lat, min_lon, max_lat, max_lon;
  };
  std::optional<Box> bbox;           // the track enters the box
  std::optional<std::string> event;  // an event of this kind
  std::optional<std::string> text;   // words in the flight's messages, file name or vehicle
  size_t limit = 100;
};

// A log a flight was read from.
struct Source {
  int64_t log_id = 0;
  std::string name, format, sha256;  // sha256 in hex
};

struct FlightDetail {
  FlightRow flight;
  // The log holding the flight first, then the logs kept as other sources of it.
  std::vector<Source> sources;
  std::vector<analysis::Event> events;
  std::string log_sha256;  // hex
  bool log_corrupt = false;
  int64_t imported_us = 0;
  std::optional<int64_t> utc_offset_us;  // log time + offset = UTC, where known
};

struct StatRow {
  std::string key;  // vehicle uid or "YYYY-MM" ("unknown" without UTC)
  int64_t flights = 0;
  double hours = 0, distance_km = 0;
};
struct BatteryRow {
  std::string serial;
  int64_t cycles = 0;  // flights flown on the pack
  std::optional<double> min_voltage_v;
};
struct Stats {
  std::vector<StatRow> rows;
  StatRow total;
  std::vector<BatteryRow> batteries;
};
enum class StatsBy { kVehicle, kMonth };

struct VehicleRow {
  int64_t id = 0;
  std::string uid, type, autopilot, hardware, firmware;
  int64_t flights = 0, logs = 0;
  double hours = 0;
  std::optional<int64_t> first_us, last_us;
};

// Where a log's blobs are and how to open them (import's write, verify's and export's read).
struct LogBlobs {
  int64_t id = 0;
  std::string name, format, blob, derived_blob;
  std::vector<std::byte> sha256, wrapped_key, derived_key;
  std::string dialect;    // as LogEntry::dialect
  std::string keychains;  // as LogEntry::keychains
};

struct StoredPolicy {
  std::string text, sha256;  // the TOML as set, and its SHA-256 (hex)
  int64_t updated_us = 0;
};

struct AuditEntry {
  uint64_t index = 0;
  std::string data;  // the entry's JSON, the leaf's bytes
};

// What check_integrity() found.
struct Integrity {
  uint64_t pages = 0;                 // pages of the catalog's file authenticated
  std::vector<std::string> problems;  // one line each; empty when intact
};

class Catalog {
 public:
  virtual ~Catalog() = default;

  // --- Transactions
  // Runs body as one transaction: the changes it makes commit together, or none does. The
  // catalog's write lock is taken first; when it cannot be, body does not run, nothing changes,
  // and the cause is returned: Busy (another process is writing, after waiting for it),
  // ReadOnly, NoSpace, IOError. A non-OK status from body, or a failed commit, rolls every change
  // back. Calls body makes to this catalog, a nested write() included, join the transaction.
  // Other threads' calls wait until it ends.
  virtual Status write(const std::function<Status()>& body) = 0;

  // --- Logs, flights, events, vehicles
  // Changes (inside write()). Inserts the log, its vehicle (when new), flights and events, with
  // ids never used before (not even by something deleted). Errors: AlreadyExists (a log with
  // this SHA-256 is kept), and the write's.
  virtual Result<InsertedLog> insert_log(const LogEntry& e) = 0;
  // Removes the log and all of its flights (events, tracks, areas, search text); deleted rows'
  // bytes are overwritten in the catalog's pages (see purge()).
  virtual Status delete_log(int64_t log_id) = 0;
  // Replaces what was read from a kept log (its flights with their events, tracks, areas and
  // search text; its derived blob, report, corruption flag and keys) by e's, as when the log is
  // read again with keys it lacked. The log keeps its id, bytes, blob and vehicle; its flights
  // get new ids. Errors: NotFound, and the write's.
  virtual Result<InsertedLog> replace_analysis(int64_t log_id, const LogEntry& e) = 0;
  // The logs kept as other sources of log_id's flights (LogEntry::source_of), by id.
  virtual Result<std::vector<LogBlobs>> sources_of(int64_t log_id) = 0;

  // The id of the log with this SHA-256, if kept.
  virtual Result<std::optional<int64_t>> find_log(Bytes sha256) = 0;
  // Flights matching every filter, newest first (unknown UTC times last), at most filter.limit;
  // *more says whether others matched. Errors: InvalidArgument (unknown event kind, no words).
  virtual Result<std::vector<FlightRow>> find_flights(const Filter& f, bool* more) = 0;
  // Errors: NotFound.
  virtual Result<FlightDetail> get_flight(int64_t id) = 0;
  // The log holding a flight, and every flight of that log in order. Errors: NotFound.
  virtual Result<std::pair<LogBlobs, std::vector<int64_t>>> log_of_flight(int64_t flight_id) = 0;
  virtual Result<Stats> stats(StatsBy by) = 0;
  // Vehicles with at least one kept log, by id.
  virtual Result<std::vector<VehicleRow>> vehicles() = 0;
  // Errors: NotFound.
  virtual Result<LogBlobs> log_blobs(int64_t log_id) = 0;
  virtual Result<std::vector<LogBlobs>> all_log_blobs() = 0;

  // --- The sharing policy
  virtual Result<std::optional<StoredPolicy>> policy() = 0;
  // A change (inside write()).
  virtual Status put_policy(const StoredPolicy& p) = 0;

  // --- The audit log's storage (its rules: vault/audit.cc)
  virtual Result<uint64_t> audit_size() = 0;
  virtual Result<std::vector<AuditEntry>> audit_entries() = 0;  // in order
  virtual Result<std::optional<std::string>> audit_entry(uint64_t index) = 0;
  virtual Result<std::vector<ledger::Hash>> audit_leaves() = 0;  // as stored, in order
  // The frontier as kept (may lag behind the entries of a catalog from before it was kept).
  virtual Result<std::optional<ledger::Frontier>> audit_frontier() = 0;
  // The latest signed checkpoint note; empty for an empty log.
  virtual Result<std::string> latest_checkpoint() = 0;
  // A change (inside write()): entry `index` with its leaf hash, the tree's frontier after it,
  // and the signed checkpoint of that tree.
  virtual Status append_audit(uint64_t index, std::string_view data, const ledger::Hash& leaf,
                              const ledger::Frontier& after, const std::string& checkpoint) = 0;

  // --- Upkeep
  // After a deletion: makes the deleted rows' bytes absent from every file of the catalog.
  // *complete is false when another process holding the catalog open prevented it for now (it
  // completes after that process's next write).
  virtual Status purge(bool* complete) = 0;
  // Checks the catalog's every page: each page of its file authenticates under the vault's key
  // (a damaged page anywhere, free pages included), and the database's structure and indexes
  // agree (the pages in use). Problems are returned, not failures; errors only when the check
  // itself cannot run.
  virtual Result<Integrity> check_integrity() = 0;
};

// Unaudited lookups for the operations that record their own entry (vault/reads.h has the reads
// that people see, each on the audit record). Same as the Catalog methods.
inline Result<std::vector<FlightRow>> find_flights(Vault& v, const Filter& f, bool* more) {
  return v.catalog().find_flights(f, more);
}
inline Result<FlightDetail> get_flight(Vault& v, int64_t id) { return v.catalog().get_flight(id); }
inline Result<Stats> stats(Vault& v, StatsBy by) { return v.catalog().stats(by); }
inline Result<std::vector<VehicleRow>> vehicles(Vault& v) { return v.catalog().vehicles(); }
inline Result<LogBlobs> log_blobs(Vault& v, int64_t log_id) {
  return v.catalog().log_blobs(log_id);
}
inline Result<std::vector<LogBlobs>> all_log_blobs(Vault& v) { return v.catalog().all_log_blobs(); }

}  // namespace skykeep::vault
