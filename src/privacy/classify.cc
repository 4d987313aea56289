#include "privacy/classify.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/utc.h"

namespace skykeep::privacy {

extern const char kNameRules[];  // privacy/name_rules.cc

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
// home and origins, rally and fence points, other aircraft, the pilot's phone and remote
// control (DJI AppGPS, RCGPS).
bool point_topic(const std::string& t) {
  for (const char* w : {"setpoint", "target", "mission", "home", "origin", "rally", "fence",
                        "waypoint", "transponder", "adsb", "traffic", "appgps", "rcgps"})
    if (t.find(w) != std::string::npos) return true;
  return t == "cmd" || t == "orgn" || t == "raly" || t == "fnce";
}

// ---------------------------------------------------------------------------------------------
// The rules table

struct Rule {
  enum class Kind { kField, kParam, kInfo } kind;
  DataClass cls;
  Role role;
  TimeEncoding time;
  std::string name;                 // "location/velocity", as written
  std::vector<std::string> topics;  // lower case (fields only)
  std::vector<std::string> names;   // lower case
};

struct Table {
  std::vector<Rule> rules;
  // Field rules by exact topic name, and those whose topic is a glob, each in table order.
  std::map<std::string, std::vector<const Rule*>, std::less<>> by_topic;
  std::vector<const Rule*> topic_globs;
  std::vector<const Rule*> params, infos;
};

bool parse_class(const std::string& s, Rule* r) {
  std::string cls = s.substr(0, s.find('/'));
  std::string role = s.find('/') == std::string::npos ? "" : s.substr(s.find('/') + 1);
  static const std::map<std::string, DataClass> kClasses = {{"identity", DataClass::kIdentity},
                                                            {"location", DataClass::kLocation},
                                                            {"telemetry", DataClass::kTelemetry},
                                                            {"text", DataClass::kText},
                                                            {"media", DataClass::kMedia}};
  static const std::map<std::string, Role> kRoles = {
      {"", Role::kPlain},           {"alt", Role::kAltitude},
      {"local", Role::kLocal},      {"velocity", Role::kVelocity},
      {"opaque", Role::kOpaque},    {"utc_us", Role::kTime},
      {"utc_s_2016", Role::kTime},  {"utc_ms", Role::kTime},
      {"gps_week", Role::kGpsWeek}, {"gps_week_ms", Role::kGpsWeekMs},
      {"date", Role::kDatePart},    {"event", Role::kEvent}};
  auto c = kClasses.find(cls);
  auto o = kRoles.find(role);
  if (c == kClasses.end() || o == kRoles.end()) return false;
  r->cls = c->second;
  r->role = o->second;
  r->name = s;
  if (role == "utc_s_2016") r->time = {1e-6, kY2016Us};
  if (role == "utc_ms") r->time = {1e-3, 0};
  return true;
}

std::vector<std::string> split(const std::string& s, char by) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, by))
    if (!cur.empty()) out.push_back(lower(cur));
  return out;
}

// Parsed once; the table is part of the program, so a mistake in it is a programming error.
const Table& table() {
  static const Table kTable = [] {
    Table out;
    std::istringstream in(kNameRules);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty() || line[0] == '#') continue;
      if (line[0] == ' ') {  // continues the rule above
        if (out.rules.empty()) std::abort();
        std::istringstream words(line);
        for (std::string w; words >> w;) out.rules.back().names.push_back(lower(w));
        continue;
      }
      std::istringstream words(line);
      std::string kind, cls, w;
      words >> kind >> cls;
      Rule r{kind == "field"   ? Rule::Kind::kField
             : kind == "param" ? Rule::Kind::kParam
                               : Rule::Kind::kInfo,
             DataClass::kUnclassified,
             Role::kPlain,
             {},
             "",
             {},
             {}};
      if ((kind != "field" && kind != "param" && kind != "info") || !parse_class(cls, &r)) {
        std::fprintf(stderr, "skykeep: name rule %d is malformed: %s\n", n, line.c_str());
        std::abort();
      }
      if (r.kind == Rule::Kind::kField) {
        words >> w;
        r.topics = split(w, ',');
      }
      words >> w;  // ":"
      while (words >> w) r.names.push_back(lower(w));
      out.rules.push_back(std::move(r));
    }
    for (const Rule& r : out.rules) {
      if (r.kind == Rule::Kind::kParam) {
        out.params.push_back(&r);
      } else if (r.kind == Rule::Kind::kInfo) {
        out.infos.push_back(&r);
      } else {
        bool glob = false;
        for (const auto& tp : r.topics) {
          if (tp.find_first_of("*?#") != std::string::npos)
            glob = true;
          else
            out.by_topic[tp].push_back(&r);
        }
        if (glob) out.topic_globs.push_back(&r);
      }
    }
    return out;
  }();
  return kTable;
}

bool any_match(const std::vector<std::string>& patterns, std::string_view name) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return glob_match(p, name); });
}

Classification from(const Rule& r) {
  Classification c;
  c.cls = r.cls;
  c.role = r.role;
  c.time = r.time;
  c.rule = "name: " + r.name;
  return c;
}

}  // namespace

const char* role_name(Role r) {
  static const char* k[] = {"plain",       "latitude",  "longitude", "altitude", "local",
                            "velocity",    "opaque",    "absolute",  "time",     "gps week",
                            "gps week ms", "date part", "event"};
  return k[static_cast<size_t>(r)];
}

bool glob_match(std::string_view p, std::string_view s) {
  // Iterative matching with one backtrack point for '*' (and one for '#').
  size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  auto low = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
    } else if (pi < p.size() && p[pi] == '#' && digit(s[si])) {
      // One or more digits: take them all (a '#' is always followed by a non-digit in a rule).
      while (si < s.size() && digit(s[si])) ++si;
      ++pi;
    } else if (pi < p.size() && (p[pi] == '?' || low(p[pi]) == low(s[si]))) {
      ++pi;
      ++si;
    } else if (star_p != std::string_view::npos) {
      pi = star_p + 1;
      si = ++star_s;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

namespace {

std::vector<Classification> classify_uncached(const model::Schema& topic) {
  std::vector<Classification> out(topic.fields.size());
  std::vector<bool> decided(topic.fields.size());
  for (const auto& p : position_fields(topic).pairs) {
    for (int i : {p.lat, p.lon}) {
      out[static_cast<size_t>(i)] = {DataClass::kLocation,
                                     i == p.lat ? Role::kLatitude : Role::kLongitude,
                                     {},
                                     1,
                                     "name: latitude and longitude"};
      decided[static_cast<size_t>(i)] = true;
    }
  }
  const Table& t = table();
  std::string tname = lower(topic.name);
  // The rules naming this topic, exactly or by a glob, in table order.
  std::vector<const Rule*> rules;
  if (auto exact = t.by_topic.find(tname); exact != t.by_topic.end()) rules = exact->second;
  for (const Rule* r : t.topic_globs)
    if (any_match(r->topics, tname)) rules.push_back(r);
  std::sort(rules.begin(), rules.end());
  rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
  for (size_t f = 0; f < topic.fields.size(); ++f) {
    if (decided[f]) continue;
    out[f] = {DataClass::kUnclassified, Role::kPlain, {}, 1, "no rule names it"};
    for (const Rule* r : rules)
      if (any_match(r->names, topic.fields[f].name)) {
        out[f] = from(*r);
        break;
      }
  }
  return out;
}

}  // namespace

std::vector<Classification> classify_topic(const model::Schema& topic) {
  // A share classifies each topic several times (its identifiers, its values, its altitude):
  // the answer depends on the names alone, so it is kept, for every thread, by those names.
  static std::mutex mutex;
  static std::unordered_map<std::string, std::vector<Classification>> cache;
  std::string key = topic.name;
  for (const auto& f : topic.fields) key += '\0' + f.name;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  auto out = classify_uncached(topic);
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() > 4096) cache.clear();  // bounded: a few logs' worth of topics
  cache.emplace(std::move(key), out);
  return out;
}

Classification classify_field(const model::Schema& topic, size_t field) {
  return classify_topic(topic)[field];
}

Classification classify_info(const model::InfoItem& i) {
  for (const Rule* r : table().infos)
    if (any_match(r->names, i.key)) return from(*r);
  return {DataClass::kUnclassified, Role::kPlain, {}, 1, "no rule names it"};
}

Classification classify_param(const std::string& name) {
  // A log holds a thousand parameters, several times over (initial values, changes, records):
  // answers are kept by name, for every thread.
  static std::mutex mutex;
  static std::unordered_map<std::string, Classification> cache;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(name); it != cache.end()) return it->second;
  }
  Classification out{DataClass::kUnclassified, Role::kPlain, {}, 1, "no rule names it"};
  for (const Rule* r : table().params)
    if (any_match(r->names, name)) {
      out = from(*r);
      break;
    }
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() > 65536) cache.clear();  // bounded
  cache.emplace(name, out);
  return out;
}

double altitude_factor(const model::Field& f) {
  bool integer = f.type != model::FieldType::kFloat32 && f.type != model::FieldType::kFloat64;
  return integer && f.scale == 1.0 ? 1e-3 : 1.0;
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
  return out;
}

}  // namespace skykeep::privacy
