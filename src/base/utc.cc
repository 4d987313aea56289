#include "base/utc.h"

#include <cstdio>
#include <ctime>

namespace skykeep {

std::string format_utc(int64_t us, int decimals) {
  int64_t sec = us / 1000000, frac = us % 1000000;
  if (frac < 0) frac += 1000000, --sec;
  time_t t = static_cast<time_t>(sec);
  struct tm tm;
  gmtime_r(&t, &tm);
  char buf[48];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  if (decimals == 3)
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(frac / 1000));
  else if (decimals == 6)
    std::snprintf(buf + n, sizeof buf - n, ".%06dZ", static_cast<int>(frac));
  else
    std::snprintf(buf + n, sizeof buf - n, "Z");
  return buf;
}

std::optional<int64_t> parse_utc(const std::string& s) {
  struct tm tm = {};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) {
    tm = {};
    end = strptime(s.c_str(), "%Y-%m-%d", &tm);
  }
  if (!end || (*end && std::string(end) != "Z")) return std::nullopt;
  time_t t = timegm(&tm);
  if (t < 0) return std::nullopt;
  return static_cast<int64_t>(t) * 1000000;
}

std::optional<int64_t> parse_utc_until(const std::string& s) {
  auto t = parse_utc(s);
  if (!t) return std::nullopt;
  return *t + (s.find('T') == std::string::npos ? int64_t{86400} * 1000000 : 0);
}

int utc_year(int64_t us) {
  // Days since 1970 to a civil year (Howard Hinnant's days_from_civil, inverted).
  int64_t days = us / (int64_t{86400} * 1000000) - (us % (int64_t{86400} * 1000000) < 0);
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  return static_cast<int>(yoe + era * 400 + (mp >= 10));
}

}  // namespace skykeep
