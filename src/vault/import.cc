#include "vault/import.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sodium.h>
#include <sqlcipher/sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <optional>
#include <thread>
#include <chrono>
#include <cstring>

#include "base/file.h"
#include "base/json_writer.h"
#include "formats/detect.h"
#include "formats/log_sink.h"
#include "vault/blob.h"

namespace skykeep::vault {
namespace {

// Rows kept per topic while checking a log on import (the full decode happens later).
constexpr size_t kSampleRows = 64;

std::string hex(const uint8_t* p, size_t n) {
  std::string s(2 * n + 1, '\0');
  sodium_bin2hex(s.data(), s.size(), p, n);
  s.pop_back();
  return s;
}

// A file written under a temporary name, then fsynced, renamed into place and the folder fsynced.
class DurableFile {
 public:
  DurableFile(std::string dir, std::string name)
      : dir_(std::move(dir)), tmp_(dir_ + "/" + name + ".tmp"), path_(dir_ + "/" + name) {
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0) error_ = tmp_ + ": " + std::strerror(errno);
  }
  ~DurableFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tmp_.c_str());
  }
  void write(Bytes data) {
    size_t off = 0;
    while (error_.empty() && off < data.size()) {
      ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) error_ = tmp_ + ": " + std::strerror(errno);
      else off += static_cast<size_t>(n);
    }
  }
  Status commit() {
    if (!error_.empty()) return Status::IOError(error_);
    bool ok = ::fsync(fd_) == 0;
    ok = ::close(fd_) == 0 && ok;
    fd_ = -1;
    if (!ok || ::rename(tmp_.c_str(), path_.c_str()) != 0)
      return Status::IOError(path_ + ": cannot store the blob");
    committed_ = true;
    int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return Status::IOError(dir_ + ": " + std::strerror(errno));
    ok = ::fsync(dfd) == 0;
    ::close(dfd);
    return ok ? Status::Ok() : Status::IOError(dir_ + ": fsync failed");
  }

 private:
  std::string dir_, tmp_, path_, error_;
  int fd_ = -1;
  bool committed_ = false;
};

constexpr size_t kReadChunk = size_t{1} << 20;

std::string report_json(const model::ParseReport& r) {
  JsonWriter j;
  j.begin_object().key("bytes_skipped").value(r.bytes_skipped).key("bad_packets").value(r.bad_packets);
  j.key("issues").begin_array();
  for (const auto& i : r.issues)
    j.begin_object().key("offset").value(i.offset).key("message").value(i.message).end_object();
  j.end_array().end_object();
  return j.str();
}

int64_t find_log_locked(sqlite3* db, const uint8_t* digest) {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM logs WHERE sha256 = ?", -1, &st, nullptr);
  sqlite3_bind_blob(st, 1, digest, crypto_hash_sha256_BYTES, SQLITE_TRANSIENT);
  int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return id;
}

// The id of the log with that SHA-256, or 0.
int64_t find_log(Vault& vault, const uint8_t* digest) {
  std::lock_guard<std::mutex> lock(vault.catalog_mutex());
  return find_log_locked(vault.catalog(), digest);
}

}  // namespace

Result<Imported> import_file(Vault& vault, const std::string& path,
                             const formats::ReaderOptions& options) {
  // First pass: hash it and read it as a log, in 1 MiB pieces; nothing is written yet.
  struct stat before;
  if (::stat(path.c_str(), &before) != 0) return Status::NotFound(path + ": " + std::strerror(errno));
  Imported out;
  crypto_hash_sha256_state hash;
  crypto_hash_sha256_init(&hash);
  model::Log log;
  {
    formats::LogSink sink(&log, kSampleRows);
    auto reader = formats::make_detecting_reader(sink, options);
    Status s;
    auto n = stream_file(path, kReadChunk, [&](Bytes chunk) {
      crypto_hash_sha256_update(&hash, reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size());
      s = reader->feed(chunk);
      return s.ok();
    });
    if (!n) return n.error();
    if (s.ok()) s = reader->finish();
    if (!s.ok()) return s;
    out.bytes = *n;
  }
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&hash, digest);
  out.sha256 = hex(digest, sizeof digest);
  out.format = std::string(model::format_name(log.meta.format));
  out.corrupt = log.report.corrupt();

  sqlite3* db = vault.catalog();
  if (int64_t id = find_log(vault, digest); id > 0) {
    out.outcome = Imported::Outcome::kDuplicate;
    out.log_id = id;
    return out;
  }

  // Second pass: compress and encrypt it into its blob, in bounded memory.
  // A name of its own: two workers importing the same bytes never write the same file, and the
  // one that loses the race to the catalog removes its blob.
  uint8_t tag[8];
  randombytes_buf(tag, sizeof tag);
  std::string blob_name = out.sha256 + "-" + hex(tag, sizeof tag) + ".blob";
  DurableFile file(vault.dir() + "/" + Vault::kBlobDir, blob_name);
  BlobWriter writer(vault.master(), [&](Bytes b) { file.write(b); });
  auto n = stream_file(path, kReadChunk, [&](Bytes chunk) {
    writer.write(chunk);
    return true;
  });
  if (!n) return n.error();
  // A file that changed between the passes would be kept under the wrong hash.
  struct stat after;
  if (::stat(path.c_str(), &after) != 0 || *n != out.bytes || after.st_size != before.st_size ||
      after.st_mtim.tv_sec != before.st_mtim.tv_sec || after.st_mtim.tv_nsec != before.st_mtim.tv_nsec)
    return Status::IOError(path + ": changed while it was being imported");
  std::vector<std::byte> wrapped_key = writer.finish();
  if (Status s = file.commit(); !s.ok()) return s;

  const char* sql =
      "INSERT INTO logs(sha256, name, format, bytes, blob, wrapped_key, imported_us, corrupt, "
      "report) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";
  std::lock_guard<std::mutex> lock(vault.catalog_mutex());
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  std::string report = report_json(log.report);
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  sqlite3_bind_blob(st, 1, digest, sizeof digest, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, name.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, out.format.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 4, static_cast<sqlite3_int64>(out.bytes));
  sqlite3_bind_text(st, 5, blob_name.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(st, 6, wrapped_key.data(), static_cast<int>(wrapped_key.size()),
                    SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 7, now);
  sqlite3_bind_int(st, 8, out.corrupt ? 1 : 0);
  sqlite3_bind_text(st, 9, report.c_str(), -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc == SQLITE_CONSTRAINT) {  // the same bytes imported by another worker meanwhile
    ::unlink((vault.dir() + "/" + Vault::kBlobDir + "/" + blob_name).c_str());
    out.outcome = Imported::Outcome::kDuplicate;
    out.log_id = find_log_locked(db, digest);
    return out;
  }
  if (rc != SQLITE_DONE) return Status::IOError(std::string("catalog: ") + sqlite3_errmsg(db));
  out.log_id = sqlite3_last_insert_rowid(db);
  return out;
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
