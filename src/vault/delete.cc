#include "vault/delete.h"

#include <fcntl.h>
#include <sqlcipher/sqlite3.h>
#include <unistd.h>

#include <mutex>

#include "vault/audit.h"
#include "vault/sql_internal.h"

namespace skykeep::vault {

Result<Deleted> delete_flight(Vault& v, int64_t flight_id, bool whole_log) {
  std::lock_guard<std::mutex> lock(v.catalog_mutex());
  sqlite3* db = v.catalog();
  Deleted d;
  std::string blob, derived;
  {
    Stmt q(db,
           "SELECT l.id, l.name, l.blob, l.derived_blob FROM flights f JOIN logs l ON l.id = "
           "f.log_id WHERE f.id = ?");
    q.bind(1, flight_id);
    if (!q.step()) {
      if (Status s = q.status(); !s.ok()) return s;
      return Status::NotFound("no flight " + std::to_string(flight_id) + " in the vault");
    }
    d.log_id = q.i64(0);
    d.log_name = q.text(1);
    blob = q.text(2);
    derived = q.text(3);
    Stmt fl(db, "SELECT id FROM flights WHERE log_id = ? ORDER BY id");
    fl.bind(1, d.log_id);
    while (fl.step()) d.flights.push_back(fl.i64(0));
  }
  if (d.flights.size() > 1 && !whole_log) {
    std::string ids;
    for (int64_t f : d.flights) ids += (ids.empty() ? "" : ", ") + std::to_string(f);
    return Status::InvalidArgument(
        "flight " + std::to_string(flight_id) + " is one of " + std::to_string(d.flights.size()) +
        " flights in log " + d.log_name + " (flights " + ids +
        "), whose bytes are kept as one: delete the whole log with --log");
  }
  {
    Transaction tx(db);
    const char* steps[] = {
        "DELETE FROM events WHERE flight_id IN (SELECT id FROM flights WHERE log_id = ?1)",
        "DELETE FROM flight_tracks WHERE id IN (SELECT id FROM flights WHERE log_id = ?1)",
        "DELETE FROM flight_areas WHERE id IN (SELECT id FROM flights WHERE log_id = ?1)",
        "DELETE FROM flight_text WHERE docid IN (SELECT id FROM flights WHERE log_id = ?1)",
        "DELETE FROM flights WHERE log_id = ?1",
        "DELETE FROM logs WHERE id = ?1",
    };
    for (const char* sql : steps) {
      Stmt s(db, sql);
      s.bind(1, d.log_id);
      if (Status st = s.run(); !st.ok()) return st;
    }
    // Merge the search index so the deleted flights' words leave it too.
    if (Status st = exec(db, "INSERT INTO flight_text(flight_text) VALUES('optimize')"); !st.ok())
      return st;
    // The deletion is on the audit record in the same transaction.
    if (Status st = append_audit_locked(v, {"delete", d.flights, {d.log_id}, "", "", "", ""});
        !st.ok())
      return st;
    if (Status st = tx.commit(); !st.ok()) return st;
  }
  // secure_delete zeroed the rows in the database pages; the write-ahead log still holds the
  // pages as they were until a checkpoint copies the new ones back and truncates it.
  int log_frames = 0, done = 0;
  int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &done);
  d.wal_truncated = rc == SQLITE_OK;
  std::string dir = v.dir() + "/" + Vault::kBlobDir;
  for (const std::string& f : {blob, derived}) ::unlink((dir + "/" + f).c_str());
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return d;
}

}  // namespace skykeep::vault
