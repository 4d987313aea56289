// UTC times as text: ISO 8601 with a Z, and back. Unix microseconds throughout. Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace skykeep {

// Epochs as Unix microseconds, for times counted from them.
inline constexpr int64_t kDayUs = int64_t{86400} * 1000000;
inline constexpr int64_t kGpsEpochUs = int64_t{315964800} * 1000000;  // 1980-01-06T00:00:00Z
inline constexpr int64_t kY2000Us = int64_t{946684800} * 1000000;     // 2000-01-01T00:00:00Z
inline constexpr int64_t kY2016Us = int64_t{1451606400} * 1000000;    // ArduPilot's statistics
inline constexpr int64_t kY2100Us = int64_t{4102444800} * 1000000;

// "2026-05-01T10:00:20Z", or with 3 or 6 decimals of the second ("...20.350Z").
std::string format_utc(int64_t us, int decimals = 0);

// "2026-05-01T10:00:00Z" (the Z optional) or "2026-05-01"; nullopt when malformed or before 1970.
std::optional<int64_t> parse_utc(const std::string& s);
// The same as the end of a range: a date alone means the whole of that day (its end).
std::optional<int64_t> parse_utc_until(const std::string& s);

// The calendar year of a UTC time (proleptic Gregorian; any int64 input).
int utc_year(int64_t us);

}  // namespace skykeep
