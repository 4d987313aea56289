#include "vault/verify.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "base/json_writer.h"
#include "base/sha256.h"
#include "vault/audit_internal.h"
#include "vault/blob.h"
#include "vault/blobs_internal.h"
#include "vault/catalog.h"

namespace skykeep::vault {
namespace {

// The blob folder's files named as blobs, with their sizes, sorted.
Result<std::vector<Orphan>> blob_files(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return errno_status(dir, errno);
  std::vector<Orphan> out;
  const std::string prefix = dir + "/";
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (!is_blob_name(name)) continue;
    struct stat st;
    if (::lstat((prefix + name).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    out.push_back({name, static_cast<uint64_t>(st.st_size)});
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(),
            [](const Orphan& a, const Orphan& b) { return a.file < b.file; });
  return out;
}

void check_log(Vault& vault, const LogBlobs& l, const std::string& dir, VerifyReport* report) {
  Damage d{l.id, l.name, ""};
  // The original, streamed: it must decrypt and hash to what was recorded at import.
  Sha256 hash;
  Status s = open_file(vault.master(), Bytes(l.wrapped_key), dir + l.blob, [&](Bytes b) {
    hash.update(b);
    return true;
  });
  if (!s.ok()) {
    d.problem =
        s.code() == Status::Code::kNotFound ? "blob " + l.blob + " is missing" : s.message();
  } else if (auto digest = hash.finish();
             l.sha256.size() != digest.size() ||
             std::memcmp(l.sha256.data(), digest.data(), digest.size()) != 0) {
    d.problem = "content does not match the hash recorded at import";
  } else {
    // The derived data must open too (it is rebuilt from the original if not).
    Status ds = open_file(vault.master(), Bytes(l.derived_key), dir + l.derived_blob,
                          [](Bytes) { return true; });
    if (!ds.ok())
      d.problem = ds.code() == Status::Code::kNotFound
                      ? "derived data " + l.derived_blob + " is missing"
                      : "derived data: " + ds.message();
  }
  if (!d.problem.empty()) report->damaged.push_back(std::move(d));
}

}  // namespace

Result<VerifyReport> verify(Vault& vault, const VerifyOptions& options) {
  VerifyReport report;
  Catalog& catalog = vault.catalog();
  // The catalog first: every page of its file, its structure and indexes.
  auto integrity = catalog.check_integrity();
  if (!integrity) return integrity.error();
  report.catalog_problems = integrity->problems;
  report.catalog_pages = integrity->pages;

  std::string dir = vault.dir() + "/" + Vault::kBlobDir;
  // While no import is between writing its blobs and committing them (the folder's lock),
  // every blob file the catalog does not name is an orphan.
  // Not when the catalog is damaged: what it names may be incomplete.
  auto lock = BlobFolderLock::take(dir, true);
  if (!lock && lock.error().code() != Status::Code::kBusy) return lock.error();
  if (!lock && options.repair) return lock.error();
  report.orphans_checked = bool(lock) && report.catalog_problems.empty();

  auto logs = catalog.all_log_blobs();
  if (!logs) {
    if (report.catalog_problems.empty()) return logs.error();
    report.catalog_problems.push_back("the logs cannot be listed: " + logs.error().message());
    logs = std::vector<LogBlobs>();
  }
  std::set<std::string> named;
  for (const LogBlobs& l : *logs) {
    ++report.checked;
    named.insert(l.blob);
    named.insert(l.derived_blob);
    check_log(vault, l, dir + "/", &report);
  }
  if (report.orphans_checked) {
    auto files = blob_files(dir);
    if (!files) return files.error();
    for (Orphan& f : *files)
      if (!named.count(f.file)) report.orphans.push_back(std::move(f));
  }

  // On the record (what was found, and what repair removes), then the removal.
  JsonWriter j;
  j.begin_object()
      .key("checked")
      .value(static_cast<uint64_t>(report.checked))
      .key("damaged")
      .value(static_cast<uint64_t>(report.damaged.size()))
      .key("catalog_problems")
      .value(static_cast<uint64_t>(report.catalog_problems.size()))
      .key("orphans")
      .value(static_cast<uint64_t>(report.orphans.size()));
  uint64_t orphan_bytes = 0;
  for (const Orphan& o : report.orphans) orphan_bytes += o.bytes;
  j.key("orphan_bytes").value(orphan_bytes);
  bool repair = options.repair && !report.orphans.empty();
  j.key("repair").value(repair).end_object();
  Action a{"verify", {}, {}, "", "", "", j.str()};
  for (const Damage& d : report.damaged) a.logs.push_back(d.log_id);
  if (Status s = record(vault, a); !s.ok()) {
    if (report.catalog_problems.empty()) return s;
    report.not_recorded = s.message();
    return report;  // a damaged catalog: no removal either
  }
  if (repair) {
    for (const Orphan& o : report.orphans) ::unlink((dir + "/" + o.file).c_str());
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    report.repaired = true;
  }
  return report;
}

}  // namespace skykeep::vault
