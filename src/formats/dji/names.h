// Names of the numbers DJI records carry in enumerated fields (OSD.flycState, ...), shared by the
// record reader (which keeps the numbers) and the CSV reader (whose exports may hold only the
// names). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace skykeep::dji {

// The flight controller's state (OSD.flycState) by its number: "GPSAtti", "AutoTakeoff",
// "EngineStart", ... as the public format description names them; empty for a number it does
// not name.
std::string_view flight_mode_name(uint8_t flyc_state);

// The number of a flight mode named by any of the tools that export DJI records: the names
// above, TXTlogToCSV's ("GPS_Atti", "Novice", "ForceLanding") and Airdata's ("P-GPS",
// "Motors_Started", "Assisted_Takeoff"). Case-sensitive, as the exports write them.
std::optional<uint8_t> flight_mode_number(std::string_view name);

}  // namespace skykeep::dji
