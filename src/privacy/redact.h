// Redaction as a pure function Log -> Log: what a recipient may receive of one flight, by the
// policy's levels and rules (docs/privacy.md). Also the egress manifest: every topic and field
// that leaves, with what was removed and by which rule. Thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "model/log.h"
#include "privacy/policy.h"

namespace skykeep::privacy {

// A zone as shares see it: a disk that contains the zone, its center moved and its radius grown
// by the zone's own secret, so that where tracks stop reveals neither the zone nor its center.
struct Exclusion {
  std::string zone;
  double lat = 0, lon = 0, radius_m = 0;
  bool contains(double lat, double lon) const;
};
// The zone's exclusion disk for a 32-byte secret (the same secret, the same disk).
Exclusion exclusion(const Zone& z, const std::array<uint8_t, 32>& secret);

// A position snapped to a grid of grid_m metres: the latitude a whole number of
// grid_m / 111320 degree steps, the longitude a whole number of steps of the same length at the
// snapped latitude (so the step says nothing of the true latitude). NaN stays NaN.
LatLon snap_to_grid(LatLon p, double grid_m);

struct Rules {
  Recipient recipient;
  std::vector<Exclusion> exclusions;
  std::array<uint8_t, 32> pseudonym_key{};         // this recipient's
  int64_t from_us = INT64_MIN, to_us = INT64_MAX;  // the flight, in the log's clock
  std::optional<int64_t> utc_offset_us;            // log clock + offset = UTC
};

struct Removal {
  std::string what;  // "records of vehicle_gps_position", "text messages", "field lat"
  std::string rule;  // "zone home", "time window", "location: none", ...
  uint64_t count = 0;
};

struct FieldOut {
  std::string name;
  DataClass cls;
  std::string treatment;  // "kept", "coarsened to 100 m", "pseudonym", "removed (zeroed)", ...
  std::string rule;       // which rule classified it: "name: location/velocity", "value: ..."
};

struct TopicOut {
  std::string name;
  uint32_t instance = 0;
  uint64_t records = 0;
  std::optional<int64_t> first_us, last_us;  // UTC where the log has it, else the log's clock
  bool utc = false;
  std::vector<FieldOut> fields;
};

struct Manifest {
  std::string recipient, policy_sha256;
  std::array<Level, kClasses> levels{};
  std::vector<TopicOut> topics;
  uint64_t texts = 0, params = 0, positions = 0;
  std::vector<Removal> removed;
  // What no rule classifies (fields as "topic.field", "parameter NAME", "information item
  // KEY"): it leaves only to a recipient with "full" in every class.
  std::vector<std::string> unclassified;
  bool summary_only = false;  // the recipient gets the flight's summary and nothing of the log
  uint64_t bytes = 0;         // of the output, once written
  std::string output_sha256;  // hex, once written
  std::string json(bool pretty = true) const;
};

struct Redacted {
  model::Log log;
  Manifest manifest;
};

// Requires rules from a recipient the policy names. Pure: the same log and rules give the same
// result; redacting a redacted log with the same rules changes nothing.
Redacted redact(const model::Log& in, const Rules& rules);

// A pseudonym of an identifier for a recipient's key: "anon-" and 12 hex digits, the last four a
// check on the first eight (so that a pseudonym is recognised and kept as it is).
std::string pseudonym(const std::array<uint8_t, 32>& key, std::string_view id);
bool is_pseudonym(const std::array<uint8_t, 32>& key, std::string_view s);

}  // namespace skykeep::privacy
