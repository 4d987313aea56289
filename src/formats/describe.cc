#include "formats/describe.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "base/numeric.h"

namespace skykeep::formats {
namespace {

std::string info_string(const model::Log& log, std::string_view key) {
  const model::InfoItem* i = log.find_info(key);
  return i ? model::info_to_string(i->value) : std::string();
}

const model::Param* find_param(const model::Log& log, std::string_view name) {
  for (const auto& p : log.params.initial)
    if (p.name == name) return &p;
  return nullptr;
}

// Unix microseconds at the log's first record, from a topic carrying GPS UTC time.
void utc_from_gps_topic(model::Log* log, std::string_view topic, std::string_view field,
                        double field_to_us) {
  for (const auto& t : log->topics) {
    if (t.name() != topic) continue;
    int f = t.schema.find(field);
    if (f < 0) continue;
    for (size_t r = 0; r < t.rows; ++r) {
      double utc = t.value(static_cast<size_t>(f), r) * field_to_us;
      int64_t when = t.time_at(r);
      if (utc > 1e15 && utc < 4e15 && when != model::kNoTime) {  // 2001..2096: a real fix
        int64_t first = log->meta.start_time_us;
        for (const auto& o : log->topics)
          if (o.min_time && (first == 0 || *o.min_time < first)) first = *o.min_time;
        int64_t since_start, start;
        if (__builtin_sub_overflow(when, first, &since_start) ||
            __builtin_sub_overflow(static_cast<int64_t>(utc), since_start, &start))
          continue;
        log->meta.utc_start_us = start;
        return;
      }
    }
  }
}

void describe_ulog(model::Log* log) {
  log->meta.autopilot = info_string(*log, "sys_name");
  if (log->meta.autopilot.empty()) log->meta.autopilot = "PX4";
  if (const auto* rel = log->find_info("ver_sw_release")) {
    int64_t v = 0;
    if (auto* i = std::get_if<int64_t>(&rel->value)) v = *i;
    if (auto* u = std::get_if<uint64_t>(&rel->value)) v = static_cast<int64_t>(*u);
    uint32_t r = static_cast<uint32_t>(v);
    if (r >> 24) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "v%u.%u.%u", r >> 24, (r >> 16) & 0xff, (r >> 8) & 0xff);
      log->meta.firmware_version = buf;
    }
  }
  if (log->meta.firmware_version.empty()) log->meta.firmware_version = info_string(*log, "ver_sw");
  log->meta.hardware_version = info_string(*log, "ver_hw");
  log->meta.vehicle_id = info_string(*log, "sys_uuid");
  log->meta.board_id = info_string(*log, "ver_hw_subtype");
  if (const model::Param* p = find_param(*log, "MAV_TYPE"))
    log->meta.vehicle_type = std::string(vehicle_type_name(saturate<int>(p->value)));
  utc_from_gps_topic(log, "vehicle_gps_position", "time_utc_usec", 1.0);
  if (!log->meta.utc_start_us) utc_from_gps_topic(log, "sensor_gps", "time_utc_usec", 1.0);
}

void describe_dataflash(model::Log* log) {
  log->meta.autopilot = "ArduPilot";
  for (const auto& m : log->texts) {
    const std::string& s = m.text;
    for (const char* v :
         {"ArduCopter", "ArduPlane", "ArduSub", "ArduRover", "Rover", "AntennaTracker", "Blimp"}) {
      if (s.rfind(v, 0) == 0 && log->meta.firmware_version.empty()) {
        log->meta.firmware_version =
            s.substr(0, s.find(" (") == std::string::npos ? s.size() : s.find(" ("));
        std::string_view kind(v);
        log->meta.vehicle_type = kind == "ArduCopter"       ? "multirotor"
                                 : kind == "ArduPlane"      ? "fixed wing"
                                 : kind == "ArduSub"        ? "submarine"
                                 : kind == "Blimp"          ? "airship"
                                 : kind == "AntennaTracker" ? "antenna tracker"
                                                            : "ground rover";
      }
    }
    if (s.rfind("ChibiOS:", 0) == 0 || s.rfind("NuttX:", 0) == 0) continue;
    // "<board> <24 hex digit id>" is how ArduPilot names the board and its unique id.
    size_t sp = s.rfind(' ');
    if (log->meta.board_id.empty() && sp != std::string::npos && s.size() - sp - 1 >= 24 &&
        s.find_first_not_of("0123456789ABCDEF ", sp) == std::string::npos) {
      log->meta.hardware_version = s.substr(0, s.find(' '));
      std::string id = s.substr(s.find(' ') + 1);
      id.erase(std::remove(id.begin(), id.end(), ' '), id.end());
      log->meta.board_id = id;
    }
  }
  if (const model::Topic* ver = log->find("VER")) {
    int fw = ver->schema.find("FWS");
    if (fw >= 0 && ver->rows && log->meta.firmware_version.empty())
      log->meta.firmware_version = std::string(ver->text(static_cast<size_t>(fw), 0));
  }
  // GPS week and milliseconds of week to Unix time: GPS epoch 1980-01-06, 18 leap seconds.
  for (const auto& t : log->topics) {
    if (t.name() != "GPS" || log->meta.utc_start_us) continue;
    int wk = t.schema.find("GWk"), ms = t.schema.find("GMS");
    if (wk < 0 || ms < 0) continue;
    for (size_t r = 0; r < t.rows; ++r) {
      double week = t.value(static_cast<size_t>(wk), r);
      if (week < 1000 || week > 5000 || t.time_at(r) == model::kNoTime) continue;
      double unix_s =
          315964800.0 + week * 604800.0 + t.value(static_cast<size_t>(ms), r) / 1000.0 - 18;
      int64_t first = INT64_MAX;
      for (const auto& o : log->topics)
        if (o.min_time && *o.min_time < first) first = *o.min_time;
      int64_t since_start, start;
      if (!std::isfinite(unix_s) || __builtin_sub_overflow(t.time_at(r), first, &since_start) ||
          __builtin_sub_overflow(saturate<int64_t>(unix_s * 1e6), since_start, &start))
        continue;
      log->meta.utc_start_us = start;
      break;
    }
  }
}

void describe_tlog(model::Log* log) {
  for (const auto& t : log->topics) {
    uint8_t comp = t.schema.source & 0xff;
    if (t.name() == "HEARTBEAT" && t.rows && log->meta.vehicle_type.empty() &&
        (t.schema.source >> 8) != 255 && comp == 1) {
      int type = t.schema.find("type"), ap = t.schema.find("autopilot");
      log->meta.vehicle_type =
          std::string(vehicle_type_name(saturate<int>(t.value(static_cast<size_t>(type), 0))));
      int a = saturate<int>(t.value(static_cast<size_t>(ap), 0));
      log->meta.autopilot = a == 3    ? "ArduPilot"
                            : a == 12 ? "PX4"
                                      : "MAVLink autopilot " + std::to_string(a);
    }
    if (t.name() == "AUTOPILOT_VERSION" && t.rows) {
      int sw = t.schema.find("flight_sw_version"), uid = t.schema.find("uid");
      auto v = saturate<uint32_t>(t.value(static_cast<size_t>(sw), 0));
      char buf[32];
      std::snprintf(buf, sizeof buf, "%u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff);
      log->meta.firmware_version = buf;
      uint64_t id;
      std::memcpy(&id, t.columns[static_cast<size_t>(uid)].row(0), 8);
      if (id) {
        std::snprintf(buf, sizeof buf, "%016llX", static_cast<unsigned long long>(id));
        log->meta.board_id = buf;
      }
    }
  }
  int64_t first = INT64_MAX;
  for (const auto& t : log->topics)
    if (t.min_time && *t.min_time < first) first = *t.min_time;
  if (first != INT64_MAX && first > 946684800000000) log->meta.utc_start_us = first;  // after 2000
}

}  // namespace

std::string_view vehicle_type_name(int t) {
  switch (t) {
    case 1:
      return "fixed wing";
    case 2:
      return "quadrotor";
    case 3:
      return "coaxial helicopter";
    case 4:
      return "helicopter";
    case 7:
      return "airship";
    case 10:
      return "ground rover";
    case 11:
      return "surface boat";
    case 12:
      return "submarine";
    case 13:
      return "hexarotor";
    case 14:
      return "octorotor";
    case 15:
      return "tricopter";
    case 19:
    case 20:
    case 21:
    case 22:
    case 23:
    case 24:
    case 25:
      return "VTOL";
    default:
      return "unknown";
  }
}

void describe(model::Log* log) {
  switch (log->meta.format) {
    case model::Format::kULog:
      describe_ulog(log);
      break;
    case model::Format::kDataFlash:
      describe_dataflash(log);
      break;
    case model::Format::kTlog:
      describe_tlog(log);
      break;
    default:
      break;
  }
}

}  // namespace skykeep::formats
