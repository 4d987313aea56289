#include "present/present.h"

#include <cmath>
#include <cstdio>

#include "base/utc.h"

namespace skykeep::present {

std::string utc_iso(int64_t us) { return format_utc(us); }

std::string utc_iso_ms(int64_t us) { return format_utc(us, 3); }

std::string duration_text(double s) {
  long t = std::lround(s);
  char buf[32];
  if (t < 60)
    std::snprintf(buf, sizeof buf, "%lds", t);
  else if (t < 3600)
    std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
  return buf;
}

namespace {

void opt(JsonWriter& j, const char* key, const std::optional<double>& v) {
  j.key(key);
  if (v)
    j.value(*v);
  else
    j.null();
}

void point(JsonWriter& j, const char* key, const std::optional<analysis::Point>& p) {
  j.key(key);
  if (!p) {
    j.null();
    return;
  }
  j.begin_object().key("lat").value(p->lat).key("lon").value(p->lon).end_object();
}

}  // namespace

void flight_json(JsonWriter& j, const vault::FlightRow& f) {
  const analysis::Summary& s = f.summary;
  j.begin_object();
  j.key("id").value(f.id);
  j.key("log").begin_object().key("id").value(f.log_id).key("name").value(f.log_name);
  j.key("format").value(f.format).key("flight").value(f.seq).end_object();
  j.key("vehicle").begin_object().key("uid").value(f.vehicle_uid).key("type").value(f.vehicle_type);
  j.key("autopilot").value(f.autopilot).key("firmware").value(f.firmware).end_object();
  j.key("start_utc");
  if (s.utc_start_us)
    j.value(utc_iso(*s.utc_start_us));
  else
    j.null();
  j.key("end_utc");
  if (s.utc_end_us)
    j.value(utc_iso(*s.utc_end_us));
  else
    j.null();
  j.key("start_us");
  if (s.utc_start_us)
    j.value(*s.utc_start_us);
  else
    j.null();
  j.key("log_start_us").value(s.start_us).key("log_end_us").value(s.end_us);
  j.key("duration_s").value(s.duration_s);
  j.key("took_off").value(s.took_off).key("ended_armed").value(s.ended_armed);
  point(j, "takeoff", s.takeoff);
  point(j, "landing", s.landing);
  opt(j, "max_altitude_m", s.max_altitude_m);
  opt(j, "max_hspeed_mps", s.max_hspeed_mps);
  opt(j, "max_vspeed_mps", s.max_vspeed_mps());
  opt(j, "max_climb_mps", s.max_climb_mps);
  opt(j, "max_sink_mps", s.max_sink_mps);
  opt(j, "distance_m", s.distance_m);
  j.key("battery").begin_object();
  opt(j, "start_pct", s.battery_start_pct);
  opt(j, "end_pct", s.battery_end_pct);
  opt(j, "min_voltage_v", s.min_voltage_v);
  opt(j, "consumed_mah", s.consumed_mah);
  j.key("serial");
  if (f.battery_serial.empty())
    j.null();
  else
    j.value(f.battery_serial);
  j.end_object();
  j.key("modes").begin_array();
  for (const auto& m : s.modes) j.value(m);
  j.end_array();
  j.key("event_kinds").begin_array();
  for (size_t k = 0; k < std::size(analysis::kEventKinds); ++k)
    if (f.event_mask >> k & 1) j.value(analysis::kEventKinds[k]);
  j.end_array();
  j.key("warnings").value(f.warnings);
  j.end_object();
}

void event_json(JsonWriter& j, const analysis::Event& e, const analysis::Summary& flight,
                std::optional<int64_t> utc_offset_us) {
  j.begin_object();
  j.key("time_utc");
  if (utc_offset_us)
    j.value(utc_iso_ms(e.t + *utc_offset_us));
  else
    j.null();
  j.key("t_us").value(e.t);
  j.key("since_start_s").value(static_cast<double>(e.t - flight.start_us) / 1e6);
  j.key("kind").value(e.kind).key("severity").value(analysis::severity_name(e.severity));
  j.key("message").value(e.message);
  j.key("evidence").begin_object().key("topic").value(e.topic).key("values").begin_object();
  for (const auto& [k, v] : e.values) j.key(k).value(v);
  j.end_object().end_object();
  if (!e.text.empty()) j.key("text").value(e.text);
  j.end_object();
}

std::string evidence_text(const analysis::Event& e) {
  std::string out;
  for (const auto& [k, v] : e.values) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    out += (out.empty() ? "" : ", ") + k + "=" + buf;
  }
  return e.topic + (out.empty() ? "" : ": " + out);
}

void sources_json(JsonWriter& j, const std::vector<vault::Source>& sources) {
  j.key("sources").begin_array();
  for (const vault::Source& s : sources)
    j.begin_object()
        .key("log")
        .value(s.log_id)
        .key("name")
        .value(s.name)
        .key("format")
        .value(s.format)
        .key("sha256")
        .value(s.sha256)
        .end_object();
  j.end_array();
}

}  // namespace skykeep::present
