#include "vault/delete.h"

#include <fcntl.h>
#include <unistd.h>

#include "vault/audit_internal.h"
#include "vault/catalog.h"

namespace skykeep::vault {

Result<Deleted> delete_flight(Vault& v, int64_t flight_id, bool whole_log) {
  Catalog& c = v.catalog();
  Deleted d;
  std::vector<std::string> blobs;
  // The rows and the deletion's audit entry in one transaction; the log is looked up inside it,
  // so that what is deleted is what the entry names.
  Status s = c.write([&]() -> Status {
    auto log = c.log_of_flight(flight_id);
    if (!log) return log.error();
    d.log_id = log->first.id;
    d.log_name = log->first.name;
    d.flights = log->second;
    blobs = {log->first.blob, log->first.derived_blob};
    if (d.flights.size() > 1 && !whole_log) {
      std::string ids;
      for (int64_t f : d.flights) ids += (ids.empty() ? "" : ", ") + std::to_string(f);
      return Status::InvalidArgument(
          "flight " + std::to_string(flight_id) + " is one of " + std::to_string(d.flights.size()) +
          " flights in log " + d.log_name + " (flights " + ids +
          "), whose bytes are kept as one: delete the whole log with --log");
    }
    auto others = c.sources_of(d.log_id);
    if (!others) return others.error();
    std::vector<int64_t> logs{d.log_id};
    for (const LogBlobs& o : *others) {
      if (Status st = c.delete_log(o.id); !st.ok()) return st;
      d.other_logs.push_back(o.id);
      logs.push_back(o.id);
      blobs.push_back(o.blob);
      blobs.push_back(o.derived_blob);
    }
    if (Status st = c.delete_log(d.log_id); !st.ok()) return st;
    return append_entry(v, {"delete", d.flights, logs, "", "", "", ""});
  });
  if (!s.ok()) return s;
  // The deleted rows' bytes out of every catalog file, then the blobs. A crash before the blobs
  // are gone leaves orphans that verify reports and verify --repair removes.
  if (Status p = c.purge(&d.wal_truncated); !p.ok()) d.wal_truncated = false;
  std::string dir = v.dir() + "/" + Vault::kBlobDir;
  const std::string prefix = dir + "/";
  for (const std::string& f : blobs)
    if (!f.empty()) ::unlink((prefix + f).c_str());
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return d;
}

}  // namespace skykeep::vault
