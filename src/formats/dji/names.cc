#include "formats/dji/names.h"

#include <array>
#include <utility>

namespace skykeep::dji {
namespace {

// Numbers 20-22, 34, 40 and 42 are not named by any public description.
constexpr std::array<std::pair<uint8_t, std::string_view>, 38> kFlightModes{{
    {0, "Manual"},
    {1, "Atti"},
    {2, "AttiCourseLock"},
    {3, "AttiHover"},
    {4, "Hover"},
    {5, "GPSBlake"},
    {6, "GPSAtti"},
    {7, "GPSCourseLock"},
    {8, "GPSHomeLock"},
    {9, "GPSHotPoint"},
    {10, "AssistedTakeoff"},
    {11, "AutoTakeoff"},
    {12, "AutoLanding"},
    {13, "AttiLanding"},
    {14, "GPSWaypoint"},
    {15, "GoHome"},
    {16, "ClickGo"},
    {17, "Joystick"},
    {18, "GPSAttiWristband"},
    {19, "Cinematic"},
    {23, "AttiLimited"},
    {24, "Draw"},
    {25, "GPSFollowMe"},
    {26, "ActiveTrack"},
    {27, "TapFly"},
    {28, "Pano"},
    {29, "Farming"},
    {30, "FPV"},
    {31, "GPSSport"},
    {32, "GPSNovice"},
    {33, "ConfirmLanding"},
    {35, "TerrainTracking"},
    {36, "NaviAdvGoHome"},
    {37, "NaviAdvLanding"},
    {38, "Tripod"},
    {39, "TrackHeadlock"},
    {41, "EngineStart"},
    {43, "GPSGentle"},
}};

// Names the export tools use where they differ from the ones above.
constexpr std::array<std::pair<std::string_view, uint8_t>, 16> kAliases{{
    {"GPS_Atti", 6},
    {"P-GPS", 6},
    {"Atti_Hover", 3},
    {"GPS_Blake", 5},
    {"Assisted_Takeoff", 10},
    {"Auto_Takeoff", 11},
    {"Auto_Landing", 12},
    {"Atti_Landing", 13},
    {"Go_Home", 15},
    {"Sport", 31},
    {"Novice", 32},
    {"ForceLanding", 33},
    {"Force_Landing", 33},
    {"Motors_Started", 41},
    {"Tripod_GPS", 38},
    {"Gentle", 43},
}};

}  // namespace

std::string_view flight_mode_name(uint8_t flyc_state) {
  for (const auto& [n, name] : kFlightModes)
    if (n == flyc_state) return name;
  return {};
}

std::optional<uint8_t> flight_mode_number(std::string_view name) {
  for (const auto& [n, s] : kFlightModes)
    if (s == name) return n;
  for (const auto& [s, n] : kAliases)
    if (s == name) return n;
  return std::nullopt;
}

}  // namespace skykeep::dji
