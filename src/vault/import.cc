#include "vault/import.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "analysis/geo.h"
#include "analysis/recorder.h"
#include "analysis/signals_io.h"
#include "base/file.h"
#include "base/hex.h"
#include "base/json_writer.h"
#include "base/sha256.h"
#include "formats/detect.h"
#include "formats/log_sink.h"
#include "formats/mavlink/dialect.h"
#include "formats/tee_sink.h"
#include "vault/audit_internal.h"
#include "vault/blob.h"
#include "vault/blobs_internal.h"
#include "vault/catalog.h"

namespace skykeep::vault {
namespace {

// Rows kept per topic of the summary Log on import: metadata and counts need no more; the
// analysis has its own bounded copy of what it needs (analysis::Recorder).
constexpr size_t kSampleRows = 64;

// A file written under a temporary name, then fsynced, renamed into place and the folder fsynced.
class DurableFile {
 public:
  DurableFile(std::string dir, const std::string& name)
      : dir_(std::move(dir)), tmp_(dir_ + "/" + name + ".tmp"), path_(dir_ + "/" + name) {
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0) error_status_ = errno_status(tmp_, errno);
  }
  ~DurableFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tmp_.c_str());
  }
  void write(Bytes data) {
    size_t off = 0;
    while (error_status_.ok() && off < data.size()) {
      ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        error_status_ = errno_status(tmp_, n < 0 ? errno : EIO);
      else
        off += static_cast<size_t>(n);
    }
  }
  Status commit() {
    if (!error_status_.ok()) return error_status_;
    bool ok = ::fsync(fd_) == 0;
    ok = ::close(fd_) == 0 && ok;
    fd_ = -1;
    if (!ok) return errno_status(tmp_, errno);
    if (::rename(tmp_.c_str(), path_.c_str()) != 0) return errno_status(path_, errno);
    committed_ = true;
    int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return errno_status(dir_, errno);
    ok = ::fsync(dfd) == 0;
    int err = errno;
    ::close(dfd);
    return ok ? Status::Ok() : errno_status(dir_, err);
  }

 private:
  std::string dir_, tmp_, path_;
  Status error_status_;
  int fd_ = -1;
  bool committed_ = false;
};

constexpr size_t kReadChunk = size_t{1} << 20;

std::string report_json(const model::ParseReport& r) {
  JsonWriter j;
  j.begin_object()
      .key("bytes_skipped")
      .value(r.bytes_skipped)
      .key("bad_packets")
      .value(r.bad_packets);
  j.key("issues").begin_array();
  for (const auto& i : r.issues)
    j.begin_object().key("offset").value(i.offset).key("message").value(i.message).end_object();
  j.end_array().end_object();
  return j.str();
}

// Removes the files it names unless dismissed: a failed import leaves no blob behind.
class Unlinker {
 public:
  void add(std::string path) { paths_.push_back(std::move(path)); }
  void dismiss() { paths_.clear(); }
  ~Unlinker() {
    for (const auto& p : paths_) ::unlink(p.c_str());
  }

 private:
  std::vector<std::string> paths_;
};

}  // namespace

Result<Imported> import_file(Vault& vault, const std::string& path,
                             const formats::ReaderOptions& options) {
  // First pass: hash it (SHA-256, libcrypto) and look at its first bytes; nothing is written.
  struct stat before;
  if (::stat(path.c_str(), &before) != 0) return errno_status(path, errno);
  Imported out;
  Sha256 hash;
  std::vector<std::byte> head;
  auto n = stream_file(path, kReadChunk, [&](Bytes chunk) {
    hash.update(chunk);
    if (head.size() < formats::kSniffBytes)
      head.insert(head.end(), chunk.begin(),
                  chunk.begin() + static_cast<ptrdiff_t>(
                                      std::min(chunk.size(), formats::kSniffBytes - head.size())));
    return true;
  });
  if (!n) return n.error();
  if (*n == 0) return Status::InvalidArgument(path + ": empty file");
  model::Format format = formats::detect(Bytes(head));
  if (format == model::Format::kUnknown)
    return Status::InvalidArgument(path + ": not a flight log (ULog, DataFlash or tlog)");
  out.bytes = *n;
  std::array<uint8_t, 32> digest = hash.finish();
  out.sha256 = to_hex(digest.data(), digest.size());
  Bytes digest_bytes(reinterpret_cast<const std::byte*>(digest.data()), digest.size());
  auto kept = vault.catalog().find_log(digest_bytes);
  if (!kept) return kept.error();
  if (*kept) {
    out.outcome = Imported::Outcome::kDuplicate;
    out.log_id = **kept;
    return out;
  }

  // Second pass: read it as a log (a summary of each topic, and the vehicle's signals) while
  // compressing and encrypting it into its blob, in bounded memory.
  // A name of its own: two workers importing the same bytes never write the same file, and the
  // one that loses the race to the catalog removes its blobs.
  uint8_t tag[8];
  randombytes_buf(tag, sizeof tag);
  std::string stem = out.sha256 + "-" + to_hex(tag, sizeof tag);
  std::string blob_dir = vault.dir() + "/" + Vault::kBlobDir;
  // Held until the catalog names the blobs (or they are gone): verify --repair waits for it.
  auto lock = BlobFolderLock::take(blob_dir, false);
  if (!lock) return lock.error();
  Unlinker written;
  written.add(blob_dir + "/" + stem + ".blob");
  written.add(blob_dir + "/" + stem + ".derived");
  DurableFile file(blob_dir, stem + ".blob");
  BlobWriter writer(
      vault.master(), [&](Bytes b) { file.write(b); },
      format == model::Format::kTlog ? BlobWriter::kDenseLevel : BlobWriter::kFastLevel);
  model::Log log;
  analysis::Recorder recorder;
  {
    formats::LogSink summary(&log, kSampleRows);
    formats::TeeSink tee{&summary, &recorder};
    auto reader = formats::make_detecting_reader(tee, options);
    Status s;
    auto again = stream_file(path, kReadChunk, [&](Bytes chunk) {
      writer.write(chunk);
      s = reader->feed(chunk);
      return s.ok();
    });
    if (!again) return again.error();
    if (s.ok()) s = reader->finish();
    if (!s.ok())
      return s.code() == Status::Code::kIOError
                 ? s
                 : Status::InvalidArgument(path + ": " + s.message());
    // A file that changed between the passes would be kept under the wrong hash.
    struct stat after;
    if (::stat(path.c_str(), &after) != 0 || *again != out.bytes ||
        after.st_size != before.st_size || after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
        after.st_mtim.tv_nsec != before.st_mtim.tv_nsec ||
        after.st_ctim.tv_sec != before.st_ctim.tv_sec ||
        after.st_ctim.tv_nsec != before.st_ctim.tv_nsec)
      return Status::IOError(path + ": changed while it was being imported");
  }
  out.format = std::string(model::format_name(log.meta.format));
  out.corrupt = log.report.corrupt();
  LogEntry entry;
  entry.wrapped_key = writer.finish();
  if (Status s = file.commit(); !s.ok()) return s;

  // The derived data: the vehicle's signals, sealed the same way.
  analysis::Signals signals = recorder.take();
  entry.flights = analysis::analyze(signals);
  out.flights = entry.flights.size();
  DurableFile dfile(blob_dir, stem + ".derived");
  {
    BlobWriter dw(
        vault.master(), [&](Bytes b) { dfile.write(b); }, BlobWriter::kDenseLevel);
    analysis::encode(signals, [&](Bytes b) { dw.write(b); });
    entry.derived_key = dw.finish();
  }
  if (Status s = dfile.commit(); !s.ok()) return s;

  entry.sha256.assign(reinterpret_cast<const std::byte*>(digest.data()),
                      reinterpret_cast<const std::byte*>(digest.data()) + digest.size());
  entry.name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  entry.format = out.format;
  entry.bytes = out.bytes;
  entry.blob = stem + ".blob";
  entry.derived_blob = stem + ".derived";
  entry.corrupt = out.corrupt;
  entry.report_json = report_json(log.report);
  entry.meta = log.meta;
  entry.signals = &signals;
  // A tlog is kept with the MAVLink definitions it was read with, so that every later read (a
  // share, an export, the web interface) decodes it the same way, whatever it is given.
  if (log.meta.format == model::Format::kTlog) {
    formats::ReaderOptions o = options;
    if (Status s = formats::prepare(&o); !s.ok()) return s;
    if (o.dialect) entry.dialect = o.dialect->definitions_text();
  }

  // The log and its audit entry, in one transaction.
  InsertedLog inserted;
  Status committed = vault.catalog().write([&]() -> Status {
    // A DJI record and its CSV export are one flight with two sources (decision 0013).
    auto same = same_flights_as(vault.catalog(), entry);
    if (!same) return same.error();
    if (*same) {
      entry.source_of = *same;
      entry.flights.clear();
    }
    auto id = vault.catalog().insert_log(entry);
    if (!id) return id.error();
    inserted = std::move(*id);
    JsonWriter detail;
    detail.begin_object()
        .key("name")
        .value(entry.name)
        .key("format")
        .value(entry.format)
        .key("sha256")
        .value(out.sha256)
        .key("bytes")
        .value(out.bytes);
    if (entry.source_of) detail.key("source_of").value(*entry.source_of);
    detail.end_object();
    return append_entry(vault,
                        {"import", inserted.flights, {inserted.log_id}, "", "", "", detail.str()});
  });
  if (!committed.ok()) {
    // The same bytes imported by another worker or process meanwhile, or a failed write:
    // nothing of this log is in the catalog; its blobs go (written's destructor).
    if (committed.code() == Status::Code::kAlreadyExists) {
      auto other = vault.catalog().find_log(digest_bytes);
      if (!other) return other.error();
      out.outcome = Imported::Outcome::kDuplicate;
      out.log_id = other->value_or(0);
      out.flights = 0;
      return out;
    }
    return committed;
  }
  written.dismiss();
  out.log_id = inserted.log_id;
  out.source_of = entry.source_of;
  if (entry.source_of) out.flights = 0;
  return out;
}

namespace {

bool is_dji(std::string_view format) { return format == "dji" || format == "dji_csv"; }

}  // namespace

Result<std::optional<int64_t>> same_flights_as(Catalog& catalog, const LogEntry& e) {
  if (!is_dji(e.format) || e.flights.empty()) return std::optional<int64_t>();
  const std::string uid = vehicle_uid(e.meta);
  std::optional<int64_t> log, first_flight;  // the kept log, and one of its flights
  size_t matched = 0;
  for (const analysis::Flight& f : e.flights) {
    const analysis::Summary& s = f.summary;
    if (!s.utc_start_us) return std::optional<int64_t>();
    Filter near;
    near.since_us = *s.utc_start_us - kSameFlightUs;
    near.until_us = *s.utc_start_us + kSameFlightUs;
    bool more = false;
    auto rows = catalog.find_flights(near, &more);
    if (!rows) return rows.error();
    std::optional<int64_t> found;
    for (const FlightRow& r : *rows) {
      if (!is_dji(r.format) || (log && r.log_id != *log)) continue;
      bool same_vehicle = !uid.empty() && r.vehicle_uid == uid && uid.rfind("unidentified", 0) != 0;
      bool same_place = s.takeoff && r.summary.takeoff &&
                        analysis::geodesic_m(s.takeoff->lat, s.takeoff->lon, r.summary.takeoff->lat,
                                             r.summary.takeoff->lon) < kSamePlaceM;
      if (same_vehicle || same_place) {
        found = r.log_id;
        first_flight = r.id;
        break;
      }
    }
    if (!found) return std::optional<int64_t>();
    log = found;
    ++matched;
  }
  // Every flight of the new log is one of the kept log's, and it has no others.
  auto kept = catalog.log_of_flight(*first_flight);
  if (!kept) return kept.error();
  if (kept->second.size() != matched) return std::optional<int64_t>();
  return log;
}

std::vector<Result<Imported>> import_files(Vault& vault, const std::vector<std::string>& paths,
                                           const formats::ReaderOptions& options, unsigned threads,
                                           const std::function<void(size_t)>& progress) {
  std::vector<std::optional<Result<Imported>>> slots(paths.size());
  std::atomic<size_t> next{0};
  std::mutex progress_mutex;
  size_t done = 0;
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < paths.size();) {
      slots[i] = import_file(vault, paths[i], options);
      if (progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        progress(++done);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, threads); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  std::vector<Result<Imported>> out;
  out.reserve(paths.size());
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

}  // namespace skykeep::vault
