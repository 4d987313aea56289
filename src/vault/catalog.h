// The catalog: what the vault knows of each log, flight and vehicle, in the SQLCipher database
// (tables: docs/vault.md, "Catalog"). import writes it; the logbook commands read it. Functions
// taking a Vault lock its catalog mutex; those taking a sqlite3* expect the caller to hold it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/flight.h"
#include "base/result.h"
#include "model/log.h"
#include "vault/vault.h"

struct sqlite3;

namespace skykeep::vault {

// Creates every table of a new catalog.
Status create_catalog(sqlite3* db);
// SQL functions the queries use (near()); once per connection.
Status register_functions(sqlite3* db);

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
};

// Inserts the log, its vehicle (when new), flights and events. Errors: SQLITE_CONSTRAINT on a
// duplicate hash is reported as InvalidArgument("duplicate"); other failures as IOError.
Result<int64_t> insert_log(sqlite3* db, const LogEntry& e);

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

// Flights matching every filter, newest first (unknown UTC times last), at most filter.limit;
// *more says whether others matched. Errors: InvalidArgument (unknown event kind), IOError.
Result<std::vector<FlightRow>> find_flights(Vault& v, const Filter& f, bool* more);

struct FlightDetail {
  FlightRow flight;
  std::vector<analysis::Event> events;
  std::string log_sha256;  // hex
  bool log_corrupt = false;
  int64_t imported_us = 0;
  std::optional<int64_t> utc_offset_us;  // log time + offset = UTC, where known
};

// Errors: NotFound.
Result<FlightDetail> get_flight(Vault& v, int64_t id);

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
Result<Stats> stats(Vault& v, StatsBy by);

struct VehicleRow {
  int64_t id = 0;
  std::string uid, type, autopilot, hardware, firmware;
  int64_t flights = 0, logs = 0;
  double hours = 0;
  std::optional<int64_t> first_us, last_us;
};
Result<std::vector<VehicleRow>> vehicles(Vault& v);

// Where a log's blobs are and how to open them (import's write, verify's and export's read).
struct LogBlobs {
  int64_t id = 0;
  std::string name, format, blob, derived_blob;
  std::vector<std::byte> sha256, wrapped_key, derived_key;
};
Result<LogBlobs> log_blobs(Vault& v, int64_t log_id);
Result<std::vector<LogBlobs>> all_log_blobs(Vault& v);

}  // namespace skykeep::vault
