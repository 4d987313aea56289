// Judging fields by their values (docs/privacy.md, "Judging values"): before a share, every
// numeric field (each element of an array) is compared with what the flight is known to
// contain: its positions in every common encoding and scale (degrees, radians, 1e-5 to 1e-7
// degrees; north, east and down from any origin), its true UTC time in every common encoding
// (seconds to nanoseconds since 1970, since the GPS epoch, since 2000 and 2016, days, GPS
// weeks, years) and its identifiers. A field whose values track any of them is of that class,
// whatever its name. Byte arrays (event arguments, raw payloads) are searched as bytes, record
// by record. Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/log.h"
#include "privacy/classify.h"

namespace skykeep::privacy {

// What a flight is known to contain, taken from its own log (before redaction).
struct Facts {
  // The vehicle's track in the log's clock, in time order: degrees, and metres where the
  // track's topic has an altitude (NaN otherwise).
  std::vector<int64_t> t;
  std::vector<double> lat, lon, alt;
  // A box around every position the log holds (the vehicle's and other points), in degrees.
  bool positions = false;
  double lat_lo = 0, lat_hi = 0, lon_lo = 0, lon_hi = 0;
  // The log's clock + utc_offset_us = UTC, and the UTC span of the log's records.
  std::optional<int64_t> utc_offset_us;
  int64_t utc_lo = 0, utc_hi = 0;
  // Identifiers: as text (4 characters or more) and as the 8 bytes of numeric ones.
  std::vector<std::string> ids;
  std::vector<std::array<std::byte, 8>> numeric_ids;
};

// The facts of a log. utc_offset_us is what the vault knows of its clock (none: unknown).
Facts facts_of(const model::Log& log, std::optional<int64_t> utc_offset_us,
               std::vector<std::string> ids, std::vector<std::array<std::byte, 8>> numeric_ids);

// The track's north, east and down (metres from its first position) at the rows of a topic that
// judge_values samples (every step-th), NaN where the row's time is outside the track. Empty
// when the facts hold no track.
struct RowTrack {
  size_t step = 1;
  std::vector<double> n, e, d;  // [row / step]
};
RowTrack row_track(const model::Topic& t, const Facts& f);

// A numeric field judged by its values: identity (a 64-bit identifier of the vehicle's in any
// record), location (kAbsolute with its scale; kOpaque when it follows the track's north, east
// or down, in units no rule knows), telemetry
// kTime (with its encoding), kGpsWeek, kDatePart (a year); nullopt when its values track
// nothing the flight is known to contain.
std::optional<Classification> judge_values(const model::Topic& t, size_t field, const Facts& f,
                                           const RowTrack& track);

// A run of one-byte integer elements of one array field ("arguments[0]" ... "arguments[24]").
struct ByteArray {
  std::string name;  // "arguments"
  size_t first = 0;  // index of element 0 in the topic's fields
  size_t count = 0;
};
std::vector<ByteArray> byte_arrays(const model::Schema& s);

// What the bytes of one record of a byte array hold (a bit mask of kHolds*).
inline constexpr uint8_t kHoldsPosition = 1, kHoldsTime = 2, kHoldsIdentifier = 4;
uint8_t scan_bytes(const std::byte* bytes, size_t size, const Facts& f);
// A description of a mask: "a position, a time".
std::string holds_name(uint8_t holds);

// Whether a number of the given encoding (value = (utc_us - epoch_us) * per_us) falls within
// three days of the span the facts know; without a known span, within 2000-2100.
bool is_utc(double value, const TimeEncoding& e, const Facts& f);
// The common encodings of UTC that is_utc and judge_values try.
const std::vector<TimeEncoding>& utc_encodings();

}  // namespace skykeep::privacy
