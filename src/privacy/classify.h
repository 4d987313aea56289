// Which data class each field, info item and parameter of a log belongs to (docs/privacy.md,
// "Data classes"): positions of every kind are location; serials, UUIDs and board ids identity;
// the autopilot's messages text; camera records media; everything else telemetry. Pure.
#pragma once

#include "model/log.h"
#include "privacy/policy.h"

namespace skykeep::privacy {

DataClass classify_field(const model::Schema& topic, const model::Field& f);
DataClass classify_info(const model::InfoItem& i);
DataClass classify_param(const std::string& name);
// The positions a topic carries. Each latitude/longitude pair has the factor that turns its stored
// value into degrees (1e-7 for integers without a declared scale, the convention of PX4 and
// MAVLink) and says whether it places the vehicle itself or another point (an origin, home, a
// setpoint, a mission, rally or fence item). Altitudes that go with them, in metres after k.
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

}  // namespace skykeep::privacy
