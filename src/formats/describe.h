// Fills Log::meta (vehicle, autopilot, versions, identifiers, UTC start) from what each format
// records: ULog info and parameters, DataFlash VER/MSG/GPS, MAVLink HEARTBEAT and
// AUTOPILOT_VERSION. Pure function of the Log; thread-compatible.
#pragma once

#include "model/log.h"

namespace skykeep::formats {

void describe(model::Log* log);

// MAVLink MAV_TYPE (also PX4's MAV_TYPE parameter) as a word: "quadrotor", "fixed wing", ...
std::string_view vehicle_type_name(int mav_type);

}  // namespace skykeep::formats
