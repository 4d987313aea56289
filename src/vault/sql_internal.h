// A prepared statement with bind and column helpers over the sqlite3 API (SQLCipher). Errors
// are kept and reported as a Status by the caller. Not thread-safe: used under the catalog mutex.
#pragma once

#include <sqlcipher/sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_reader.h"
#include "base/status.h"

namespace skykeep::vault {

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st_, nullptr) !=
        SQLITE_OK)
      error_ = sqlite3_errmsg(db);
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
    if (!st_) return false;
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
      rc_ = rc;
      error_ = sqlite3_errmsg(db_);
    }
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

  int code() const { return rc_; }
  Status status() const {
    return error_.empty() ? Status::Ok() : Status::IOError("catalog: " + error_);
  }

 private:
  Stmt& check(int rc) {
    if (rc != SQLITE_OK && error_.empty()) error_ = sqlite3_errmsg(db_);
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  std::string error_;
  int rc_ = SQLITE_OK;
};

// Runs SQL without results (several statements allowed).
inline Status exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) == SQLITE_OK) return Status::Ok();
  std::string msg = err ? err : "unknown error";
  sqlite3_free(err);
  return Status::IOError("catalog: " + msg);
}

// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() succeeds.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { begun_ = exec(db, "BEGIN IMMEDIATE").ok(); }
  ~Transaction() {
    if (begun_ && !done_) (void)exec(db_, "ROLLBACK");
  }
  Status commit() {
    if (!begun_) return Status::IOError("catalog: cannot begin a transaction");
    done_ = true;
    return exec(db_, "COMMIT");
  }

 private:
  sqlite3* db_;
  bool begun_ = false, done_ = false;
};

}  // namespace skykeep::vault
