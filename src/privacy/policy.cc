#include "privacy/policy.h"

#include <toml++/toml.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "base/hex.h"
#include "base/sha256.h"
#include "base/utc.h"

namespace skykeep::privacy {
namespace {

constexpr double kDegToRad = 0.017453292519943295;

std::optional<Level> parse_level(std::string_view s) {
  if (s == "none") return Level::kNone;
  if (s == "summary") return Level::kSummary;
  if (s == "coarse") return Level::kCoarse;
  if (s == "full") return Level::kFull;
  return std::nullopt;
}

std::string where(const toml::node& n) {
  const auto& src = n.source();
  return "line " + std::to_string(src.begin.line);
}

Status bad(const toml::node& n, const std::string& what) {
  return Status::InvalidArgument("policy, " + where(n) + ": " + what);
}

std::optional<double> number(const toml::node* n) {
  if (!n) return std::nullopt;
  if (auto f = n->value<double>()) return *f;
  return std::nullopt;
}

Result<Zone> parse_zone(const std::string& name, const toml::table& t) {
  auto bad_zone = [&name](const toml::node& n, const std::string& what) {
    return bad(n, "zone " + name + ": " + what);
  };
  Zone z;
  z.name = name;
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (key == "circle") {
      const toml::table* c = v.as_table();
      auto lat = c ? number(c->get("lat")) : std::nullopt,
           lon = c ? number(c->get("lon")) : std::nullopt,
           r = c ? number(c->get("radius_m")) : std::nullopt;
      if (!lat || !lon || !r || std::abs(*lat) > 90 || std::abs(*lon) > 180 || *r <= 0 ||
          c->size() != 3)
        return bad_zone(v, "circle = { lat = DEG, lon = DEG, radius_m = METRES }");
      z.circle = true;
      z.center = {*lat, *lon};
      z.radius_m = *r;
    } else if (key == "polygon") {
      const toml::array* a = v.as_array();
      if (!a || a->size() < 3)
        return bad_zone(v, "polygon = [[lat, lon], ...] with three corners or more");
      z.circle = false;
      for (const auto& p : *a) {
        const toml::array* ll = p.as_array();
        auto lat = ll && ll->size() == 2 ? number(ll->get(0)) : std::nullopt;
        auto lon = ll && ll->size() == 2 ? number(ll->get(1)) : std::nullopt;
        if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180)
          return bad_zone(p, "a corner is [lat, lon]");
        z.polygon.push_back({*lat, *lon});
      }
    } else {
      return bad_zone(v, "unknown key '" + key + "' (circle or polygon)");
    }
  }
  if (z.circle && z.radius_m <= 0)
    return Status::InvalidArgument("policy: zone " + name + " needs a circle or a polygon");
  return z;
}

Result<Recipient> parse_recipient(const std::string& name, const toml::table& t,
                                  const std::map<std::string, Zone>& zones) {
  auto bad_recipient = [&name](const toml::node& n, const std::string& what) {
    return bad(n, "recipient " + name + ": " + what);
  };
  Recipient r;
  r.name = name;
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    bool is_class = false;
    for (size_t c = 0; c < kClasses; ++c) {
      if (key != class_name(static_cast<DataClass>(c))) continue;
      is_class = true;
      auto s = v.value<std::string>();
      auto l = s ? parse_level(*s) : std::nullopt;
      if (!l) return bad_recipient(v, key + " is none, summary, coarse or full");
      r.levels[c] = *l;
    }
    if (is_class) continue;
    if (key == "grid_m") {
      auto g = number(&v);
      if (!g || *g < 1 || *g > 100000) return bad_recipient(v, "grid_m is 1 to 100000 metres");
      r.grid_m = *g;
    } else if (key == "zones") {
      const toml::array* a = v.as_array();
      if (!a) return bad_recipient(v, "zones = [\"name\", ...]");
      r.zones_named = true;
      for (const auto& z : *a) {
        auto s = z.value<std::string>();
        if (!s || !zones.count(*s))
          return bad_recipient(z, "no zone called " + (s ? *s : std::string("that")));
        r.zones.push_back(*s);
      }
    } else if (key == "time_slice") {
      const toml::array* a = v.as_array();
      auto from = a && a->size() == 2 ? a->get(0)->value<std::string>() : std::nullopt;
      auto to = a && a->size() == 2 ? a->get(1)->value<std::string>() : std::nullopt;
      std::optional<int64_t> f, e;
      if (from) f = parse_utc(*from);
      if (to) e = parse_utc(*to);
      if (!f.has_value() || !e.has_value() || e.value() < f.value())
        return bad_recipient(v, "time_slice = [\"FROM\", \"TO\"] (UTC, ISO 8601)");
      r.slice_from_us = f;
      r.slice_to_us = e;
    } else if (key == "time_shift_s") {
      auto s = v.value<int64_t>();
      if (!s || std::abs(*s) > int64_t{100} * 365 * 86400)
        return bad_recipient(v, "time_shift_s is whole seconds");
      r.time_shift_s = *s;
    } else if (key == "relative_track") {
      auto b = v.value<bool>();
      if (!b) return bad_recipient(v, "relative_track is true or false");
      r.relative_track = *b;
    } else if (key == "pseudonyms") {
      auto b = v.value<bool>();
      if (!b) return bad_recipient(v, "pseudonyms is true or false");
      r.pseudonyms = *b;
    } else {
      return bad_recipient(v, "unknown key '" + key + "'");
    }
  }
  return r;
}

}  // namespace

const char* level_name(Level l) {
  static const char* k[] = {"none", "summary", "coarse", "full"};
  return k[static_cast<size_t>(l)];
}

const char* class_name(DataClass c) {
  static const char* k[] = {"identity", "location", "telemetry", "text", "media", "unclassified"};
  return k[static_cast<size_t>(c)];
}

std::string Zone::canonical() const {
  char buf[96];
  std::string s = name + (circle ? " circle" : " polygon");
  if (circle) {
    std::snprintf(buf, sizeof buf, " %.7f %.7f %.3f", center.lat, center.lon, radius_m);
    s += buf;
  }
  for (const auto& p : polygon) {
    std::snprintf(buf, sizeof buf, " %.7f %.7f", p.lat, p.lon);
    s += buf;
  }
  return s;
}

bool Zone::contains(double lat, double lon) const {
  if (circle) {
    double k = std::cos(center.lat * kDegToRad);
    double dn = (lat - center.lat) * 111320.0, de = (lon - center.lon) * 111320.0 * k;
    return std::hypot(dn, de) <= radius_m;
  }
  bool in = false;  // even-odd rule
  for (size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
    const LatLon &a = polygon[i], &b = polygon[j];
    if ((a.lat > lat) != (b.lat > lat) &&
        lon < (b.lon - a.lon) * (lat - a.lat) / (b.lat - a.lat) + a.lon)
      in = !in;
  }
  return in;
}

Result<Recipient> Policy::recipient(const std::string& name) const {
  auto it = recipients.find(name);
  if (it == recipients.end())
    return Status::PermissionDenied(
        recipients.empty()
            ? "no sharing policy: nothing may leave (skykeep policy edit)"
            : "the policy names no recipient '" + name + "': nothing may leave for it");
  return it->second;
}

std::vector<Zone> Policy::zones_for(const Recipient& r) const {
  std::vector<Zone> out;
  if (!r.zones_named) {
    for (const auto& [n, z] : zones) out.push_back(z);
  } else {
    for (const auto& n : r.zones) out.push_back(zones.at(n));
  }
  return out;
}

Result<Policy> parse_policy(const std::string& text) {
  Policy p;
  p.text = text;
  Sha256 h;
  h.update(as_bytes(text));
  p.sha256 = to_hex(h.finish());
  toml::table t;
  try {
    t = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument("policy, line " + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (key != "zones" && key != "recipients")
      return bad(v, "unknown section '" + key + "' (zones, recipients)");
  }
  if (const toml::table* zs = t["zones"].as_table()) {
    for (const auto& [k, v] : *zs) {
      const toml::table* zt = v.as_table();
      if (!zt) return bad(v, "zones." + std::string(k.str()) + " is a table");
      auto z = parse_zone(std::string(k.str()), *zt);
      if (!z) return z.error();
      p.zones[z->name] = *z;
    }
  }
  if (const toml::table* rs = t["recipients"].as_table()) {
    for (const auto& [k, v] : *rs) {
      const toml::table* rt = v.as_table();
      if (!rt) return bad(v, "recipients." + std::string(k.str()) + " is a table");
      auto r = parse_recipient(std::string(k.str()), *rt, p.zones);
      if (!r) return r.error();
      p.recipients[r->name] = *r;
    }
  }
  return p;
}

const char* const kPolicyTemplate =
    R"toml(# skykeep sharing policy. Nothing leaves the vault for a recipient this file does not name.
# Levels per data class: none, summary, coarse, full (docs/privacy.md).
#
# [zones.home]
# circle = { lat = 47.397742, lon = 8.545594, radius_m = 200 }
#
# [zones.depot]
# polygon = [[47.40, 8.50], [47.41, 8.50], [47.41, 8.52]]
#
# [recipients.insurer]
# identity = "summary"      # serials, UUIDs, board ids, pilot
# location = "coarse"       # every position, home, mission and fence points
# telemetry = "full"        # everything else the log records
# text = "none"             # the autopilot's messages
# media = "none"            # images and camera records
# grid_m = 100              # coarse positions snap to this grid
# zones = ["home"]          # default: every zone; [] for none
# time_slice = ["2026-01-01T00:00:00Z", "2026-12-31T23:59:59Z"]
# time_shift_s = 0
# relative_track = false    # move the track to an arbitrary origin, keeping its shape
# pseudonyms = true         # identifiers become pseudonyms of this recipient
)toml";

}  // namespace skykeep::privacy
