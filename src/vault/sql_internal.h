// A prepared statement with bind and column helpers over the sqlite3 API (SQLCipher), for the
// SQLite catalog's implementation only (vault/sqlite_*.cc). Errors are kept and reported as a
// Status classified by sqlite_status(). Not thread-safe: used under the catalog's mutex.
#pragma once

#include <sqlcipher/sqlite3.h>

#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_reader.h"
#include "base/status.h"
#include "vault/sqlite_catalog.h"

namespace skykeep::vault {

// The Status of the last failure on db, classified.
inline Status db_status(sqlite3* db, int rc) {
  const char* file = sqlite3_db_filename(db, "main");
  return sqlite_status(rc, sqlite3_system_errno(db), file ? file : "the catalog",
                       sqlite3_errmsg(db));
}

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st_, nullptr);
    if (rc != SQLITE_OK) fail(rc);
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, int64_t v) { return check(sqlite3_bind_int64(st_, i, v)); }
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, double v) { return check(sqlite3_bind_double(st_, i, v)); }
  Stmt& bind(int i, std::string_view v) {
    return check(sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind_blob(int i, Bytes v) {
    return check(sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& bind_null(int i) { return check(sqlite3_bind_null(st_, i)); }
  template <typename T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // True while there is a row; false at the end or on error (see status()).
  bool step() {
    if (!st_ || !status_.ok()) return false;
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail(sqlite3_extended_errcode(db_));
    return false;
  }
  // Runs a statement that returns no rows.
  Status run() {
    step();
    return status();
  }
  void reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }

  bool null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  int64_t i64(int c) const { return sqlite3_column_int64(st_, c); }
  double f64(int c) const { return sqlite3_column_double(st_, c); }
  std::string text(int c) const {
    const unsigned char* p = sqlite3_column_text(st_, c);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(st_, c)))
             : std::string();
  }
  std::vector<std::byte> blob(int c) const {
    auto* p = static_cast<const std::byte*>(sqlite3_column_blob(st_, c));
    return p ? std::vector<std::byte>(p, p + sqlite3_column_bytes(st_, c))
             : std::vector<std::byte>();
  }
  std::optional<double> opt_f64(int c) const {
    return null(c) ? std::nullopt : std::optional<double>(f64(c));
  }
  std::optional<int64_t> opt_i64(int c) const {
    return null(c) ? std::nullopt : std::optional<int64_t>(i64(c));
  }

  // SQLITE_OK, or the (extended) result code of the first failure.
  int code() const { return rc_; }
  const Status& status() const { return status_; }

 private:
  void fail(int rc) {
    if (!status_.ok()) return;
    rc_ = rc;
    status_ = db_status(db_, rc);
  }
  Stmt& check(int rc) {
    if (rc != SQLITE_OK) fail(rc);
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  Status status_;
  int rc_ = SQLITE_OK;
};

// Runs SQL without results (several statements allowed).
inline Status exec(sqlite3* db, const char* sql) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : db_status(db, sqlite3_extended_errcode(db));
}

}  // namespace skykeep::vault
