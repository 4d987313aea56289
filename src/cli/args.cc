#include "cli/args.h"

#include <charconv>
#include <cmath>

namespace skykeep::cli {

Parsed::Parsed(const std::vector<std::string>& args, std::initializer_list<const char*> with_value,
               std::initializer_list<const char*> switches) {
  auto in = [](std::initializer_list<const char*> set, const std::string& a) {
    for (const char* s : set)
      if (a == s) return true;
    return false;
  };
  for (size_t i = 0; i < args.size() && status_.ok(); ++i) {
    const std::string& a = args[i];
    if (a == "--vault" || a == "--passphrase-file" || in(with_value, a)) {
      if (i + 1 >= args.size()) {
        status_ = Status::InvalidArgument(a + " needs a value");
      } else {
        values_[a] = args[++i];
      }
    } else if (in(switches, a)) {
      values_[a] = "";
    } else if (a.size() > 1 && a[0] == '-' && !std::isdigit(static_cast<unsigned char>(a[1]))) {
      status_ = Status::InvalidArgument("unknown option " + a);
    } else {
      positional_.push_back(a);
    }
  }
}

std::optional<std::string> Parsed::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<double> parse_number(const std::string& s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<double> parse_duration(const std::string& s) {
  if (auto plain = parse_number(s)) return *plain >= 0 ? plain : std::nullopt;
  double total = 0;
  size_t at = 0;
  bool any = false;
  while (at < s.size()) {
    size_t end = at;
    while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == '.'))
      ++end;
    if (end == at || end == s.size()) return std::nullopt;
    auto n = parse_number(s.substr(at, end - at));
    if (!n) return std::nullopt;
    char unit = s[end];
    double mul = unit == 'h' ? 3600 : unit == 'm' ? 60 : unit == 's' ? 1 : -1;
    if (mul < 0) return std::nullopt;
    total += *n * mul;
    any = true;
    at = end + 1;
  }
  return any ? std::optional<double>(total) : std::nullopt;
}

std::optional<std::vector<double>> parse_numbers(const std::string& s, size_t n) {
  std::vector<double> out;
  size_t at = 0;
  while (at <= s.size()) {
    size_t comma = s.find(',', at);
    auto v =
        parse_number(s.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    if (!v) return std::nullopt;
    out.push_back(*v);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  if (out.size() != n) return std::nullopt;
  return out;
}

std::optional<int64_t> parse_id(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace skykeep::cli
