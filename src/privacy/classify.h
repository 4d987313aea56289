// Which data class each field, information item and parameter of a log belongs to, by its name
// (docs/privacy.md, "Data classes"): the rules of privacy/name_rules.cc, and latitude/longitude
// pairs found by their names. A name no rule knows is unclassified (fail closed); the values of
// fields are judged too, by privacy/detect.h. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/log.h"
#include "privacy/policy.h"

namespace skykeep::privacy {

// What a rule knows of a field beyond its class; it decides the field's treatment.
enum class Role : uint8_t {
  kPlain,
  kLatitude,   // of a PositionPair (position_fields)
  kLongitude,  // of a PositionPair
  kAltitude,   // metres above sea level or a reference
  kLocal,      // metres in a local frame, from an origin
  kVelocity,   // a derivative of position: velocity, course, acceleration over ground
  kOpaque,     // bears location in a way no rule can coarsen (state vectors, innovations)
  kAbsolute,   // holds latitude or longitude, found by its values (Classification::scale)
  kTime,       // an absolute time in Classification::time, where its values are UTC
  kGpsWeek,    // GPS week number
  kGpsWeekMs,  // milliseconds of the GPS week
  kDatePart,   // a part of a calendar date or time of day (year, month, ..., second)
  kEvent,      // PX4 event records (libevents): a message id, its arguments, its log level
};
const char* role_name(Role r);  // "plain", "latitude", ..., "event"

// An encoding of UTC: value = (utc_us - epoch_us) * per_us.
struct TimeEncoding {
  double per_us = 1;
  int64_t epoch_us = 0;
};

struct Classification {
  DataClass cls = DataClass::kUnclassified;
  Role role = Role::kPlain;
  TimeEncoding time;  // kTime
  double scale = 1;   // kAbsolute: stored value = degrees * scale
  std::string rule;   // which rule decided, as the manifest says it ("name: location/velocity")
};

// By name, every field of a topic in order. A field of a PositionPair is location (kLatitude,
// kLongitude) before any rule.
std::vector<Classification> classify_topic(const model::Schema& topic);
// One field of a topic (its index in topic.fields); for many, classify_topic is cheaper.
Classification classify_field(const model::Schema& topic, size_t field);
Classification classify_info(const model::InfoItem& i);
Classification classify_param(const std::string& name);

// The positions a topic carries. Each latitude/longitude pair has the factor that turns its stored
// value into degrees (1e-7 for integers without a declared scale, the convention of PX4 and
// MAVLink) and says whether it places the vehicle itself or another point (an origin, home, a
// setpoint, a mission, rally or fence item, another aircraft). Altitudes that go with them, in
// metres after k.
struct PositionPair {
  int lat = -1, lon = -1;
  double k = 1;
  bool vehicle = true;
};
struct AltField {
  int index = -1;
  double k = 1;
};
struct PositionFields {
  std::vector<PositionPair> pairs;
  std::vector<AltField> alts;  // above sea level or a reference
  std::vector<int> local;      // local frame coordinates (metres)
};
PositionFields position_fields(const model::Schema& topic);
// Metres per stored unit of an altitude field: integers without a declared scale are
// millimetres (MAVLink's and PX4's convention), everything else its own scale.
double altitude_factor(const model::Field& f);

// A glob as the name rules use it, matched without regard to case: '*' any run of characters,
// '?' one character, '#' one or more digits.
bool glob_match(std::string_view pattern, std::string_view name);

}  // namespace skykeep::privacy
