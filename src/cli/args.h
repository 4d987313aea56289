// The options of one subcommand: "--name VALUE" options, "--name" switches and positional
// arguments, with a one-line error for anything else. Plain value; thread-compatible.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace skykeep::cli {

class Parsed {
 public:
  // with_value: options that take a value; switches: options that do not. --vault and
  // --passphrase-file are always accepted.
  Parsed(const std::vector<std::string>& args, std::initializer_list<const char*> with_value,
         std::initializer_list<const char*> switches);
  const Status& status() const { return status_; }
  std::optional<std::string> get(const std::string& name) const;
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
  Status status_;
};

// "90", "90s", "5m", "1h", "1h30m" as seconds.
std::optional<double> parse_duration(const std::string& s);
std::optional<double> parse_number(const std::string& s);
// Comma-separated numbers, exactly n of them.
std::optional<std::vector<double>> parse_numbers(const std::string& s, size_t n);
// A flight or log number.
std::optional<int64_t> parse_id(const std::string& s);

}  // namespace skykeep::cli
