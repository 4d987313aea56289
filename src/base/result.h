// Result<T>: a value or a non-OK Status. The API is the subset of std::expected<T, Status> we
// use, so that moving to C++23 is one alias. Not thread-safe beyond what T is.
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "base/status.h"

namespace skykeep {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit like std::expected
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "a Result holding no value needs a non-OK Status");
  }

  bool has_value() const { return value_.has_value(); }
  explicit operator bool() const { return has_value(); }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  // The failure; requires !has_value().
  const Status& error() const { return status_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace skykeep
