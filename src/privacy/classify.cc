#include "privacy/classify.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace skykeep::privacy {
namespace {

std::string lower(std::string_view s) {
  std::string o(s);
  std::transform(o.begin(), o.end(), o.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return o;
}

// The leaf of a flattened name: "current.lat" -> "lat", "lat[0]" -> "lat".
std::string leaf(const std::string& name) {
  std::string s = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
  return lower(s.substr(0, s.find('[')));
}

// What surrounds the leaf of a flattened name: "a.b.lat[2]" -> "a.b." and "[2]".
std::string outer(const std::string& name) {
  return name.substr(0, name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
}
std::string index_of(const std::string& name) {
  size_t dot = name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1;
  size_t b = name.find('[', dot);
  return b == std::string::npos ? std::string() : name.substr(b);
}

bool is_lat(const std::string& l) {
  return l == "lat" || l == "latitude" || l == "latitude_deg" || l == "ref_lat" || l == "lat_int" ||
         l == "home_lat";
}
bool is_lon(const std::string& l) {
  return l == "lon" || l == "lng" || l == "longitude" || l == "longitude_deg" || l == "ref_lon" ||
         l == "lon_int" || l == "home_lon";
}
// The longitude names that go with a latitude name (none when it is not one).
std::vector<std::string> lon_of(const std::string& l) {
  if (l == "lat") return {"lon", "lng"};
  if (l == "latitude") return {"longitude"};
  if (l == "latitude_deg") return {"longitude_deg"};
  if (l == "ref_lat") return {"ref_lon"};
  if (l == "lat_int") return {"lon_int"};
  if (l == "home_lat") return {"home_lon"};
  return {};
}

// Topics whose positions are points other than the vehicle: setpoints, targets, missions,
// home and origins, rally and fence points.
bool point_topic(const std::string& t) {
  for (const char* w :
       {"setpoint", "target", "mission", "home", "origin", "rally", "fence", "waypoint"})
    if (t.find(w) != std::string::npos) return true;
  return t == "cmd" || t == "orgn" || t == "raly" || t == "fnce";
}

bool is_alt(const std::string& l) {
  return l == "alt" || l == "altitude" || l == "altitude_msl_m" || l == "altitude_ellipsoid_m" ||
         l == "alt_ellipsoid" || l == "ref_alt" || l == "relhomealt" || l == "reloriginalt" ||
         l == "relative_alt" || l == "terrain_alt" || l == "alt_msl";
}

// Topics whose x/y/z (or PN/PE/PD) place the vehicle in a local frame: with the frame's origin
// they are positions, and alone they still draw the track.
bool local_frame(const std::string& topic) {
  std::string t = lower(topic);
  return t.find("local_position") != std::string::npos || t == "xkf1" || t == "nkf1" ||
         t == "mission_item" || t == "mission_item_int" || t == "home_position" ||
         t.find("setpoint") != std::string::npos || t == "position_target_local_ned" ||
         t == "vision_position_estimate" || t == "odometry" || t == "vehicle_odometry" ||
         t == "set_position_target_local_ned";
}

bool local_coord(const std::string& topic, const std::string& l) {
  std::string t = lower(topic);
  if (t == "xkf1" || t == "nkf1") return l == "pn" || l == "pe" || l == "pd";
  return l == "x" || l == "y" || l == "z" || l == "delta_xy" || l == "delta_z" ||
         l == "dist_bottom";
}

bool media_topic(const std::string& topic) {
  std::string t = lower(topic);
  return t.find("camera") != std::string::npos || t == "cam" || t == "trig";
}

bool identity_name(const std::string& l) {
  return l.find("serial") != std::string::npos || l.find("uuid") != std::string::npos ||
         l == "uid" || l == "uid2" || l == "board_id" || l == "vehicle_id" ||
         l.find("pilot") != std::string::npos;
}

}  // namespace

DataClass classify_field(const model::Schema& topic, const model::Field& f) {
  std::string l = leaf(f.name);
  if (is_lat(l) || is_lon(l)) return DataClass::kLocation;
  if (local_frame(topic.name) && local_coord(topic.name, l)) return DataClass::kLocation;
  if (is_alt(l)) {
    for (const auto& o : topic.fields) {
      std::string ol = leaf(o.name);
      if (is_lat(ol) || is_lon(ol)) return DataClass::kLocation;
    }
  }
  if (identity_name(l)) return DataClass::kIdentity;
  std::string t = lower(topic.name);
  if (f.is_text() &&
      (t == "statustext" || t == "msg" || t.find("log_message") != std::string::npos ||
       t.find("mavlink_log") != std::string::npos || t == "logging"))
    return DataClass::kText;
  if (media_topic(topic.name)) return DataClass::kMedia;
  return DataClass::kTelemetry;
}

DataClass classify_info(const model::InfoItem& i) {
  std::string k = lower(i.key);
  if (identity_name(k) || k == "ver_hw_subtype" || k.find("serial") != std::string::npos)
    return DataClass::kIdentity;
  if (k.find("lat") != std::string::npos || k.find("lon") != std::string::npos)
    return DataClass::kLocation;
  if (k.rfind("ver_", 0) == 0 || k.rfind("sys_", 0) == 0 || k == "time_ref_utc" ||
      k.rfind("replay", 0) == 0)
    return DataClass::kTelemetry;
  return DataClass::kText;  // boot console output, notes, perf dumps: free text
}

DataClass classify_param(const std::string& name) {
  std::string n = lower(name);
  auto has_word = [&](const char* w) {
    size_t at = n.find(w);
    size_t len = std::char_traits<char>::length(w);
    return at != std::string::npos && (at == 0 || n[at - 1] == '_') &&
           (at + len == n.size() || n[at + len] == '_' ||
            std::isdigit(static_cast<unsigned char>(n[at + len])));
  };
  if (has_word("lat") || has_word("lon") || has_word("lng")) return DataClass::kLocation;
  if (n.find("serial_num") != std::string::npos || n.find("uuid") != std::string::npos ||
      has_word("uid"))
    return DataClass::kIdentity;
  return DataClass::kTelemetry;
}

PositionFields position_fields(const model::Schema& topic) {
  PositionFields out;
  const auto& fs = topic.fields;
  std::string t = lower(topic.name);
  auto integer = [&](int i) {
    return !fs[i].is_text() && fs[i].type != model::FieldType::kFloat32 &&
           fs[i].type != model::FieldType::kFloat64 && fs[i].scale == 1.0;
  };
  bool points_only = point_topic(t);
  // Mission items carry their position in x (latitude) and y (longitude).
  if (t == "mission_item_int" || t == "mission_item") {
    int x = topic.find("x"), y = topic.find("y");
    if (x >= 0 && y >= 0) out.pairs.push_back({x, y, integer(x) ? 1e-7 : 1.0, false});
  }
  for (size_t i = 0; i < fs.size(); ++i) {
    std::string l = leaf(fs[i].name);
    auto lon_leaves = lon_of(l);
    if (lon_leaves.empty()) continue;
    // The longitude of the same place in the record ("current.lat" with "current.lon",
    // "lat[2]" with "lon[2]").
    for (size_t j = 0; j < fs.size(); ++j) {
      std::string lj = leaf(fs[j].name);
      if (j == i || std::find(lon_leaves.begin(), lon_leaves.end(), lj) == lon_leaves.end())
        continue;
      if (outer(fs[i].name) != outer(fs[j].name) || index_of(fs[i].name) != index_of(fs[j].name))
        continue;
      bool vehicle = !points_only && l.rfind("ref_", 0) != 0 && l.rfind("home_", 0) != 0;
      out.pairs.push_back({static_cast<int>(i), static_cast<int>(j),
                           integer(static_cast<int>(i)) ? 1e-7 : 1.0, vehicle});
      break;
    }
  }
  for (size_t i = 0; i < fs.size(); ++i) {
    std::string l = leaf(fs[i].name);
    if (is_alt(l) && !out.pairs.empty())
      out.alts.push_back({static_cast<int>(i), integer(static_cast<int>(i)) ? 1e-3 : 1.0});
    bool mission_xy = (t == "mission_item_int" || t == "mission_item") && (l == "x" || l == "y");
    if (local_frame(topic.name) && local_coord(topic.name, l) && !mission_xy)
      out.local.push_back(static_cast<int>(i));
  }
  return out;
}

}  // namespace skykeep::privacy
