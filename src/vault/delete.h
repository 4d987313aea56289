// Deleting from the vault: a flight's bytes live in its log's blob, so deleting destroys the
// log's keys (the rows that hold them, with secure_delete, and the write-ahead log checkpointed
// and truncated) and removes its blobs; nothing left on disk decrypts them. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "vault/vault.h"

namespace skykeep::vault {

struct Deleted {
  int64_t log_id = 0;
  std::string log_name;
  std::vector<int64_t> flights;  // every flight of the log, now gone
  // Other sources of those flights deleted with them (a DJI record's CSV export), by id.
  std::vector<int64_t> other_logs;
  bool wal_truncated = true;  // false if another process held the catalog open
};

// Deletes the log holding flight flight_id, with its audit entry in the same transaction. When the
// log holds other flights too, whole_log must be true (InvalidArgument otherwise, naming them): one
// flight's bytes cannot be destroyed alone. Every other source of those flights (a DJI record's
// CSV export, LogEntry::source_of) is deleted with them: a deleted flight leaves no copy. Every
// other source of the flights (Source) goes with them: deleting a flight leaves no copy of it. On
// any error nothing is deleted, no entry written and no blob removed. Errors: NotFound,
// InvalidArgument, Busy, ReadOnly, NoSpace, IOError.
Result<Deleted> delete_flight(Vault& v, int64_t flight_id, bool whole_log);

}  // namespace skykeep::vault
