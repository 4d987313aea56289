#include "analysis/export.h"

#include <cmath>
#include <cstdio>

#include "analysis/checks/checks_internal.h"
#include "base/json_writer.h"
#include "base/text.h"
#include "base/utc.h"

namespace skykeep::analysis {
namespace {

struct TrackPoint {
  int64_t t;
  double lat, lon, alt;  // alt: NaN when unknown
};

std::vector<TrackPoint> track(const Signals& s, const Summary& f) {
  const Series &lat = s[Ch::kLat], &lon = s[Ch::kLon], &alt = s[Ch::kAltAmsl];
  std::vector<TrackPoint> out;
  for (size_t i = 0; i < lat.size(); ++i)
    if (lat.t[i] >= f.start_us && lat.t[i] <= f.end_us)
      out.push_back({lat.t[i], lat.v[i], lon.v[i],
                     i < alt.size() && alt.t[i] == lat.t[i] ? alt.v[i] : value_at(alt, lat.t[i])});
  return out;
}

std::string iso(int64_t us) { return format_utc(us, 3); }

std::string num(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Where the vehicle was at t, if the track has a fix near it.
std::optional<TrackPoint> position_at(const std::vector<TrackPoint>& tr, int64_t t) {
  for (size_t i = tr.size(); i-- > 0;)
    if (tr[i].t <= t) return tr[i];
  if (!tr.empty()) return tr.front();
  return std::nullopt;
}

std::string describe(const Summary& s, const ExportInfo& info) {
  std::string d = info.vehicle + ", " + std::to_string(std::lround(s.duration_s)) + " s";
  if (s.distance_m) d += ", " + num(*s.distance_m, 0) + " m flown";
  if (s.max_altitude_m) d += ", up to " + num(*s.max_altitude_m, 1) + " m above takeoff";
  return d + " (from " + info.log_name + ")";
}

}  // namespace

std::string to_gpx(const Signals& s, const Flight& f, const ExportInfo& info) {
  const Summary& sum = f.summary;
  auto tr = track(s, sum);
  std::string o =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gpx version=\"1.1\" creator=\"skykeep\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
      "  <metadata>\n    <name>" +
      xml_escape(info.name) + "</name>\n    <desc>" + xml_escape(describe(sum, info)) + "</desc>\n";
  if (sum.utc_start_us) o += "    <time>" + iso(*sum.utc_start_us) + "</time>\n";
  o += "  </metadata>\n";
  auto wpt = [&](const std::optional<Point>& p, int64_t t, const std::string& name,
                 const std::string& desc) {
    if (!p) return;
    o += "  <wpt lat=\"" + num(p->lat, 7) + "\" lon=\"" + num(p->lon, 7) + "\">";
    if (auto u = s.utc(t)) o += "<time>" + iso(*u) + "</time>";
    o += "<name>" + xml_escape(name) + "</name>";
    if (!desc.empty()) o += "<desc>" + xml_escape(desc) + "</desc>";
    o += "</wpt>\n";
  };
  wpt(sum.takeoff, sum.takeoff_us.value_or(sum.start_us), "takeoff", "");
  wpt(sum.landing, sum.landing_us.value_or(sum.end_us), "landing", "");
  for (const Event& e : f.events) {
    if (e.severity == Severity::kInfo) continue;
    if (auto p = position_at(tr, e.t)) wpt(Point{p->lat, p->lon}, e.t, e.kind, e.message);
  }
  o += "  <trk>\n    <name>" + xml_escape(info.name) + "</name>\n    <trkseg>\n";
  for (const auto& p : tr) {
    o += "      <trkpt lat=\"" + num(p.lat, 7) + "\" lon=\"" + num(p.lon, 7) + "\">";
    if (!std::isnan(p.alt)) o += "<ele>" + num(p.alt, 2) + "</ele>";
    if (auto u = s.utc(p.t)) o += "<time>" + iso(*u) + "</time>";
    o += "</trkpt>\n";
  }
  o += "    </trkseg>\n  </trk>\n</gpx>\n";
  return o;
}

std::string to_kml(const Signals& s, const Flight& f, const ExportInfo& info) {
  const Summary& sum = f.summary;
  auto tr = track(s, sum);
  std::string o =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n  <name>" +
      xml_escape(info.name) + "</name>\n  <description>" + xml_escape(describe(sum, info)) +
      "</description>\n";
  auto mark = [&](const std::optional<Point>& p, double alt, int64_t t, const std::string& name,
                  const std::string& desc) {
    if (!p) return;
    o += "  <Placemark>\n    <name>" + xml_escape(name) + "</name>\n";
    if (!desc.empty()) o += "    <description>" + xml_escape(desc) + "</description>\n";
    if (auto u = s.utc(t)) o += "    <TimeStamp><when>" + iso(*u) + "</when></TimeStamp>\n";
    o += "    <Point><coordinates>" + num(p->lon, 7) + "," + num(p->lat, 7) +
         (std::isnan(alt) ? "" : "," + num(alt, 2)) + "</coordinates></Point>\n  </Placemark>\n";
  };
  auto alt_at = [&](int64_t t) {
    auto p = position_at(tr, t);
    return p ? p->alt : NAN;
  };
  mark(sum.takeoff, alt_at(sum.takeoff_us.value_or(sum.start_us)),
       sum.takeoff_us.value_or(sum.start_us), "takeoff", "");
  mark(sum.landing, alt_at(sum.landing_us.value_or(sum.end_us)),
       sum.landing_us.value_or(sum.end_us), "landing", "");
  for (const Event& e : f.events) {
    if (e.severity == Severity::kInfo) continue;
    if (auto p = position_at(tr, e.t)) mark(Point{p->lat, p->lon}, p->alt, e.t, e.kind, e.message);
  }
  bool alts = !tr.empty() && !std::isnan(tr.front().alt);
  o += "  <Placemark>\n    <name>track</name>\n";
  if (sum.utc_start_us && sum.utc_end_us)
    o += "    <TimeSpan><begin>" + iso(*sum.utc_start_us) + "</begin><end>" + iso(*sum.utc_end_us) +
         "</end></TimeSpan>\n";
  o += std::string("    <LineString>\n      <altitudeMode>") +
       (alts ? "absolute" : "clampToGround") + "</altitudeMode>\n      <coordinates>\n";
  for (const auto& p : tr) {
    o += "        " + num(p.lon, 7) + "," + num(p.lat, 7);
    if (alts && !std::isnan(p.alt)) o += "," + num(p.alt, 2);
    o += "\n";
  }
  o += "      </coordinates>\n    </LineString>\n  </Placemark>\n</Document>\n</kml>\n";
  return o;
}

std::string to_geojson(const Signals& s, const Flight& f, const ExportInfo& info) {
  const Summary& sum = f.summary;
  auto tr = track(s, sum);
  JsonWriter j;
  auto coord = [&](double lat, double lon, double alt) {
    j.begin_array().value(std::round(lon * 1e7) / 1e7).value(std::round(lat * 1e7) / 1e7);
    if (!std::isnan(alt)) j.value(std::round(alt * 100) / 100);
    j.end_array();
  };
  auto point = [&](const std::optional<Point>& p, int64_t t, const std::string& kind,
                   const Event* e) {
    if (!p) return;
    auto at = position_at(tr, t);
    j.begin_object()
        .key("type")
        .value("Feature")
        .key("geometry")
        .begin_object()
        .key("type")
        .value("Point");
    j.key("coordinates");
    coord(p->lat, p->lon, at ? at->alt : NAN);
    j.end_object().key("properties").begin_object().key("kind").value(kind);
    j.key("time");
    if (auto u = s.utc(t))
      j.value(iso(*u));
    else
      j.null();
    if (e) j.key("severity").value(severity_name(e->severity)).key("message").value(e->message);
    j.end_object().end_object();
  };
  j.begin_object().key("type").value("FeatureCollection").key("features").begin_array();
  j.begin_object().key("type").value("Feature").key("geometry").begin_object();
  j.key("type").value("LineString").key("coordinates").begin_array();
  for (const auto& p : tr) coord(p.lat, p.lon, p.alt);
  j.end_array().end_object();
  j.key("properties")
      .begin_object()
      .key("name")
      .value(info.name)
      .key("vehicle")
      .value(info.vehicle);
  j.key("log").value(info.log_name).key("start");
  if (sum.utc_start_us)
    j.value(iso(*sum.utc_start_us));
  else
    j.null();
  j.key("end");
  if (sum.utc_end_us)
    j.value(iso(*sum.utc_end_us));
  else
    j.null();
  j.key("duration_s").value(sum.duration_s).key("distance_m");
  if (sum.distance_m)
    j.value(*sum.distance_m);
  else
    j.null();
  j.key("max_altitude_m");
  if (sum.max_altitude_m)
    j.value(*sum.max_altitude_m);
  else
    j.null();
  j.key("coordinate_times").begin_array();
  for (const auto& p : tr) {
    if (auto u = s.utc(p.t))
      j.value(iso(*u));
    else
      j.null();
  }
  j.end_array().end_object().end_object();
  point(sum.takeoff, sum.takeoff_us.value_or(sum.start_us), "takeoff", nullptr);
  point(sum.landing, sum.landing_us.value_or(sum.end_us), "landing", nullptr);
  for (const Event& e : f.events) {
    if (e.severity == Severity::kInfo) continue;
    if (auto p = position_at(tr, e.t)) point(Point{p->lat, p->lon}, e.t, e.kind, &e);
  }
  j.end_array().end_object();
  return j.str() + "\n";
}

std::string to_csv(const Signals& s, const Flight& f) {
  const Summary& sum = f.summary;
  std::string o = "time_utc,t_us";
  for (size_t c = 0; c < kChannels; ++c) o += std::string(",") + channel_name(static_cast<Ch>(c));
  o += "\r\n";
  for (int64_t t = sum.start_us; t <= sum.end_us; t += kBucketUs) {
    if (auto u = s.utc(t)) o += iso(*u);
    o += "," + std::to_string(t);
    for (size_t c = 0; c < kChannels; ++c) {
      double v = value_at(s.ch[c], t);
      o += ",";
      if (!std::isnan(v)) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.10g", v);
        o += buf;
      }
    }
    o += "\r\n";
  }
  return o;
}

}  // namespace skykeep::analysis
