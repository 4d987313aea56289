// Sharing policies as data: recipients with a level per data class, sensitive zones, and the
// rules a share follows (coarsening grid, time slice and shift, relative track, pseudonyms).
// Written in TOML (docs/privacy.md). With no policy, or for a recipient it does not name,
// everything is denied. Pure functions; thread-safe.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace skykeep::privacy {

enum class Level : uint8_t { kNone, kSummary, kCoarse, kFull };
// The five classes a policy grants levels of, and kUnclassified: what no rule positively
// classifies. Unclassified data leaves only to a recipient with "full" in all five (fail closed).
enum class DataClass : uint8_t { kIdentity, kLocation, kTelemetry, kText, kMedia, kUnclassified };
inline constexpr size_t kClasses = 5;  // the classes with levels (kUnclassified has none)
const char* level_name(Level l);       // "none", "summary", "coarse", "full"
const char* class_name(DataClass c);   // "identity", "location", ..., "unclassified"

struct LatLon {
  double lat = 0, lon = 0;
};

struct Zone {
  std::string name;
  bool circle = true;
  LatLon center;        // circle
  double radius_m = 0;  // circle
  std::vector<LatLon> polygon;
  // The zone's definition as text, for its secret (same definition, same secret).
  std::string canonical() const;
  bool contains(double lat, double lon) const;
};

struct Recipient {
  std::string name;
  std::array<Level, kClasses> levels{};  // all none unless the policy says otherwise
  double grid_m = 100;                   // coarsening grid
  std::vector<std::string> zones;        // the zones that apply, when zones_named
  bool zones_named = false;              // without a zones key, every zone of the policy applies
  std::optional<int64_t> slice_from_us, slice_to_us;  // UTC
  int64_t time_shift_s = 0;
  bool relative_track = false;
  bool pseudonyms = true;

  // The recipient's level for a class; for kUnclassified, "full" when every class is "full",
  // else "none".
  Level level(DataClass c) const {
    if (c != DataClass::kUnclassified) return levels[static_cast<size_t>(c)];
    for (Level l : levels)
      if (l != Level::kFull) return Level::kNone;
    return Level::kFull;
  }
};

struct Policy {
  std::map<std::string, Zone> zones;
  std::map<std::string, Recipient> recipients;
  std::string text;    // as written
  std::string sha256;  // hex, of text

  // The recipient, or PermissionDenied naming why nothing may leave.
  Result<Recipient> recipient(const std::string& name) const;
  // The zones that apply to a recipient.
  std::vector<Zone> zones_for(const Recipient& r) const;
};

// Errors: InvalidArgument with the line, for any key or value the policy does not know (a typo
// must not grant data).
Result<Policy> parse_policy(const std::string& toml);

// The policy written when the vault has none: denies everything, documents every key.
extern const char* const kPolicyTemplate;

}  // namespace skykeep::privacy
