// The SQLite catalog's logs, flights, events and vehicles: inserting a log with everything found
// in it, deleting one, and the logbook's queries (docs/vault.md, "Queries").
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/geo.h"
#include "base/hex.h"
#include "base/sha256.h"
#include "vault/sql_internal.h"
#include "vault/sqlite_internal.h"

namespace skykeep::vault {
namespace {

using analysis::Ch;

// Tracks in the catalog: simplified to within kTrackToleranceM, at most kTrackPoints points,
// stored as int32 pairs of 1e-7 degrees.
constexpr double kTrackToleranceM = 5;
constexpr size_t kTrackPoints = 500;

using Pt = analysis::Point;

void simplify(const std::vector<Pt>& in, size_t a, size_t b, double tol, std::vector<bool>* keep) {
  if (b <= a + 1) return;
  double worst = -1;
  size_t at = a;
  for (size_t i = a + 1; i < b; ++i) {
    double d = analysis::distance_to_segment_m(in[i].lat, in[i].lon, in[a].lat, in[a].lon,
                                               in[b].lat, in[b].lon);
    if (d > worst) worst = d, at = i;
  }
  if (worst <= tol) return;
  (*keep)[at] = true;
  simplify(in, a, at, tol, keep);
  simplify(in, at, b, tol, keep);
}

std::vector<std::byte> track_blob(const std::vector<Pt>& pts) {
  std::vector<Pt> out = pts;
  for (double tol = kTrackToleranceM; out.size() > kTrackPoints || tol == kTrackToleranceM;
       tol *= 2) {
    if (pts.size() < 3) break;
    std::vector<bool> keep(pts.size(), false);
    keep.front() = keep.back() = true;
    simplify(pts, 0, pts.size() - 1, tol, &keep);
    out.clear();
    for (size_t i = 0; i < pts.size(); ++i)
      if (keep[i]) out.push_back(pts[i]);
  }
  std::vector<std::byte> b(out.size() * 8);
  for (size_t i = 0; i < out.size(); ++i) {
    store_le(b.data() + i * 8, static_cast<int32_t>(std::lround(out[i].lat * 1e7)));
    store_le(b.data() + i * 8 + 4, static_cast<int32_t>(std::lround(out[i].lon * 1e7)));
  }
  return b;
}

std::vector<Pt> track_points(const void* p, int n) {
  std::vector<Pt> out;
  auto* b = static_cast<const std::byte*>(p);
  for (int i = 0; i + 8 <= n; i += 8)
    out.push_back({load_le<int32_t>(b + i) * 1e-7, load_le<int32_t>(b + i + 4) * 1e-7});
  return out;
}

// near(track, lat, lon, radius_m): 1 when the track passes within radius_m of the point.
void near_fn(sqlite3_context* ctx, int, sqlite3_value** v) {
  auto pts = track_points(sqlite3_value_blob(v[0]), sqlite3_value_bytes(v[0]));
  double lat = sqlite3_value_double(v[1]), lon = sqlite3_value_double(v[2]),
         r = sqlite3_value_double(v[3]);
  bool hit = pts.size() == 1 && analysis::geodesic_m(lat, lon, pts[0].lat, pts[0].lon) <= r;
  for (size_t i = 1; i < pts.size() && !hit; ++i)
    hit = analysis::distance_to_segment_m(lat, lon, pts[i - 1].lat, pts[i - 1].lon, pts[i].lat,
                                          pts[i].lon) <= r;
  sqlite3_result_int(ctx, hit);
}

bool segments_cross(Pt a, Pt b, Pt c, Pt d) {
  auto orient = [](Pt p, Pt q, Pt r) {
    double v = (q.lon - p.lon) * (r.lat - p.lat) - (q.lat - p.lat) * (r.lon - p.lon);
    return (v > 0) - (v < 0);
  };
  return orient(a, b, c) * orient(a, b, d) <= 0 && orient(c, d, a) * orient(c, d, b) <= 0;
}

// in_box(track, min_lat, min_lon, max_lat, max_lon): 1 when the track enters the box.
void in_box_fn(sqlite3_context* ctx, int, sqlite3_value** v) {
  auto pts = track_points(sqlite3_value_blob(v[0]), sqlite3_value_bytes(v[0]));
  double a = sqlite3_value_double(v[1]), o = sqlite3_value_double(v[2]),
         b = sqlite3_value_double(v[3]), p = sqlite3_value_double(v[4]);
  auto inside = [&](Pt q) { return q.lat >= a && q.lat <= b && q.lon >= o && q.lon <= p; };
  Pt corners[4] = {{a, o}, {a, p}, {b, p}, {b, o}};
  bool hit = false;
  for (size_t i = 0; i < pts.size() && !hit; ++i) {
    hit = inside(pts[i]);
    for (int e = 0; i > 0 && e < 4 && !hit; ++e)
      hit = segments_cross(pts[i - 1], pts[i], corners[e], corners[(e + 1) % 4]);
  }
  sqlite3_result_int(ctx, hit);
}

std::string evidence_json(const analysis::Event& e) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [k, val] : e.values)
    j.push_back({k, std::isfinite(val) ? nlohmann::json(val) : nlohmann::json()});
  return j.dump();
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t at = 0;
  while (!s.empty() && at <= s.size()) {
    size_t next = s.find(sep, at);
    out.push_back(s.substr(at, next == std::string::npos ? std::string::npos : next - at));
    if (next == std::string::npos) break;
    at = next + 1;
  }
  return out;
}

}  // namespace

Result<int64_t> SqliteCatalog::vehicle_id(const model::Metadata& m) {
  sqlite3* db = db_;
  std::string uid = vehicle_uid(m);
  Stmt find(db, "SELECT id FROM vehicles WHERE uid = ?");
  find.bind(1, uid);
  if (find.step()) {
    int64_t id = find.i64(0);
    // The newest firmware seen wins.
    Stmt up(db, "UPDATE vehicles SET firmware = ? WHERE id = ? AND ? <> ''");
    up.bind(1, m.firmware_version).bind(2, id).bind(3, m.firmware_version);
    if (Status s = up.run(); !s.ok()) return s;
    return id;
  }
  if (Status s = find.status(); !s.ok()) return s;
  auto id = new_ids("vehicles", 1);
  if (!id) return id.error();
  Stmt ins(db,
           "INSERT INTO vehicles(id, uid, type, autopilot, hardware, firmware) VALUES(?, ?, ?, ?, "
           "?, ?)");
  ins.bind(1, *id)
      .bind(2, uid)
      .bind(3, m.vehicle_type)
      .bind(4, m.autopilot)
      .bind(5, m.hardware_version)
      .bind(6, m.firmware_version);
  if (Status s = ins.run(); !s.ok()) return s;
  return *id;
}

namespace {

// The words --text finds a flight by.
std::string search_body(const LogEntry& e, const analysis::Flight& f) {
  std::string body = e.name + " " + vehicle_uid(e.meta) + " " + e.meta.vehicle_type + " " +
                     e.meta.autopilot + " " + e.meta.firmware_version + " " +
                     e.meta.hardware_version;
  body += " " + join(f.summary.modes, " ");
  for (const auto& ev : f.events) body += "\n" + ev.kind + " " + ev.message;
  if (e.signals)
    for (const auto& t : e.signals->texts)
      if (t.t >= f.summary.start_us && t.t <= f.summary.end_us) body += "\n" + t.text;
  return body;
}

constexpr const char* kFlightColumns =
    "f.id, f.log_id, f.seq, l.name, l.format, v.uid, v.type, v.autopilot, l.firmware, "
    "f.battery_serial, f.start_us, f.end_us, f.log_start_us, f.log_end_us, f.duration_s, "
    "f.took_off, f.ended_armed, f.takeoff_us, f.landing_us, f.takeoff_lat, f.takeoff_lon, "
    "f.landing_lat, f.landing_lon, f.max_alt_m, f.max_hspeed, f.max_climb, f.max_sink, "
    "f.distance_m, f.battery_start, f.battery_end, f.min_voltage, f.consumed_mah, f.modes, "
    "f.event_mask, f.warnings, f.min_lat, f.min_lon, f.max_lat, f.max_lon";

FlightRow flight_row(const Stmt& q) {
  FlightRow r;
  int c = 0;
  r.id = q.i64(c++);
  r.log_id = q.i64(c++);
  r.seq = static_cast<int>(q.i64(c++));
  r.log_name = q.text(c++);
  r.format = q.text(c++);
  r.vehicle_uid = q.text(c++);
  r.vehicle_type = q.text(c++);
  r.autopilot = q.text(c++);
  r.firmware = q.text(c++);
  r.battery_serial = q.text(c++);
  analysis::Summary& s = r.summary;
  s.utc_start_us = q.opt_i64(c++);
  s.utc_end_us = q.opt_i64(c++);
  s.start_us = q.i64(c++);
  s.end_us = q.i64(c++);
  s.duration_s = q.f64(c++);
  s.took_off = q.i64(c++) != 0;
  s.ended_armed = q.i64(c++) != 0;
  s.takeoff_us = q.opt_i64(c++);
  s.landing_us = q.opt_i64(c++);
  auto point = [&](int col) -> std::optional<Pt> {
    if (q.null(col) || q.null(col + 1)) return std::nullopt;
    return Pt{q.f64(col), q.f64(col + 1)};
  };
  s.takeoff = point(c);
  c += 2;
  s.landing = point(c);
  c += 2;
  s.max_altitude_m = q.opt_f64(c++);
  s.max_hspeed_mps = q.opt_f64(c++);
  s.max_climb_mps = q.opt_f64(c++);
  s.max_sink_mps = q.opt_f64(c++);
  s.distance_m = q.opt_f64(c++);
  s.battery_start_pct = q.opt_f64(c++);
  s.battery_end_pct = q.opt_f64(c++);
  s.min_voltage_v = q.opt_f64(c++);
  s.consumed_mah = q.opt_f64(c++);
  std::string modes = q.text(c++);
  s.modes = split(modes, '|');
  r.event_mask = static_cast<uint64_t>(q.i64(c++));
  r.warnings = static_cast<int>(q.i64(c++));
  s.bbox_min = point(c);
  c += 2;
  s.bbox_max = point(c);
  return r;
}

}  // namespace

Status register_flight_functions(sqlite3* db) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  using Fn = void (*)(sqlite3_context*, int, sqlite3_value**);
  struct Function {
    const char* name;
    int args;
    Fn fn;
  };
  for (const Function& f : {Function{"near", 4, near_fn}, Function{"in_box", 5, in_box_fn}})
    if (int rc =
            sqlite3_create_function(db, f.name, f.args, flags, nullptr, f.fn, nullptr, nullptr);
        rc != SQLITE_OK)
      return db_status(db, rc);
  return Status::Ok();
}

Result<InsertedLog> SqliteCatalog::insert_log(const LogEntry& e) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  if (Status s = changing(); !s.ok()) return s;
  sqlite3* db = db_;
  if (auto kept = find_log(Bytes(e.sha256)); !kept || *kept)
    return kept ? Status::AlreadyExists("a log with these bytes is kept already") : kept.error();
  auto vid = vehicle_id(e.meta);
  if (!vid) return vid.error();
  auto log_id = new_ids("logs", 1);
  if (!log_id) return log_id.error();
  InsertedLog out;
  out.log_id = *log_id;
  Stmt log(db,
           "INSERT INTO logs(sha256, name, format, bytes, blob, wrapped_key, derived_blob, "
           "derived_key, imported_us, corrupt, report, vehicle_id, firmware, utc_offset_us, id, "
           "dialect, keychains, source_of) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
           "?, ?)");
  int64_t now = static_cast<int64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  log.bind_blob(1, Bytes(e.sha256)).bind(2, e.name).bind(3, e.format);
  log.bind(4, static_cast<int64_t>(e.bytes)).bind(5, e.blob).bind_blob(6, Bytes(e.wrapped_key));
  log.bind(7, e.derived_blob).bind_blob(8, Bytes(e.derived_key)).bind(9, now);
  log.bind(10, e.corrupt ? 1 : 0)
      .bind(11, e.report_json)
      .bind(12, *vid)
      .bind(13, e.meta.firmware_version);
  log.bind(14, e.signals ? e.signals->utc_offset_us : std::nullopt).bind(15, *log_id);
  // The dialect once per distinct set of definitions, named by its SHA-256.
  if (e.dialect.empty()) {
    log.bind_null(16);
  } else {
    Sha256 h;
    h.update(Bytes(reinterpret_cast<const std::byte*>(e.dialect.data()), e.dialect.size()));
    std::string name = to_hex(h.finish());
    Stmt d(db, "INSERT OR IGNORE INTO dialects(sha256, definitions) VALUES(?, ?)");
    d.bind(1, name).bind(2, e.dialect);
    if (Status s = d.run(); !s.ok()) return s;
    log.bind(16, name);
  }
  if (e.keychains.empty()) {
    log.bind_null(17);
  } else {
    log.bind(17, e.keychains);
  }
  log.bind(18, e.source_of);
  if (Status s = log.run(); !s.ok()) return s;
  if (Status s = insert_flights(*log_id, *vid, e, &out); !s.ok()) return s;
  return out;
}

Status SqliteCatalog::insert_flights(int64_t log_id, int64_t vehicle_id, const LogEntry& e,
                                     InsertedLog* out) {
  sqlite3* db = db_;
  size_t events = 0;
  for (const auto& f : e.flights) events += f.events.size();
  auto first_flight = new_ids("flights", static_cast<int64_t>(e.flights.size()));
  if (!first_flight) return first_flight.error();
  auto first_event = new_ids("events", static_cast<int64_t>(events));
  if (!first_event) return first_event.error();
  int64_t next_event = *first_event;

  Stmt fl(db,
          "INSERT INTO flights(id, log_id, seq, vehicle_id, start_us, end_us, log_start_us, "
          "log_end_us, "
          "duration_s, took_off, ended_armed, takeoff_us, landing_us, takeoff_lat, takeoff_lon, "
          "landing_lat, landing_lon, max_alt_m, max_hspeed, max_climb, max_sink, distance_m, "
          "battery_start, battery_end, min_voltage, consumed_mah, battery_serial, modes, "
          "event_mask, warnings, min_lat, min_lon, max_lat, max_lon) VALUES(?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Stmt ev(db,
          "INSERT INTO events(id, flight_id, t_us, kind, severity, message, topic, evidence, "
          "text) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Stmt tr(db, "INSERT INTO flight_tracks(id, track) VALUES(?, ?)");
  Stmt area(
      db, "INSERT INTO flight_areas(id, min_lat, max_lat, min_lon, max_lon) VALUES(?, ?, ?, ?, ?)");
  Stmt text(db, "INSERT INTO flight_text(docid, body) VALUES(?, ?)");
  int seq = 0;
  for (const analysis::Flight& f : e.flights) {
    const analysis::Summary& s = f.summary;
    uint64_t mask = 0;
    int warnings = 0;
    for (const auto& x : f.events) {
      mask |= uint64_t{1} << analysis::event_kind_index(x.kind);
      warnings += x.severity != analysis::Severity::kInfo;
    }
    fl.reset();
    int c = 1;
    auto put = [&](const auto& v) { fl.bind(c++, v); };
    auto point = [&](const std::optional<Pt>& p) {
      put(p ? std::optional<double>(p->lat) : std::nullopt);
      put(p ? std::optional<double>(p->lon) : std::nullopt);
    };
    int64_t fid = *first_flight + seq;
    put(fid), put(log_id), put(++seq), put(vehicle_id), put(s.utc_start_us), put(s.utc_end_us);
    put(s.start_us), put(s.end_us), put(s.duration_s), put(s.took_off ? 1 : 0);
    put(s.ended_armed ? 1 : 0), put(s.takeoff_us), put(s.landing_us);
    point(s.takeoff);
    point(s.landing);
    put(s.max_altitude_m), put(s.max_hspeed_mps), put(s.max_climb_mps), put(s.max_sink_mps);
    put(s.distance_m), put(s.battery_start_pct), put(s.battery_end_pct), put(s.min_voltage_v);
    put(s.consumed_mah), put(e.signals ? e.signals->battery_serial : std::string());
    put(join(s.modes, "|")), put(static_cast<int64_t>(mask)), put(warnings);
    point(s.bbox_min);
    point(s.bbox_max);
    if (Status st = fl.run(); !st.ok()) return st;
    out->flights.push_back(fid);
    for (const auto& x : f.events) {
      ev.reset();
      ev.bind(1, next_event++)
          .bind(2, fid)
          .bind(3, x.t)
          .bind(4, x.kind)
          .bind(5, static_cast<int>(x.severity))
          .bind(6, x.message);
      ev.bind(7, x.topic).bind(8, evidence_json(x)).bind(9, x.text);
      if (Status st = ev.run(); !st.ok()) return st;
    }
    if (e.signals && s.bbox_min) {
      const auto &lat = (*e.signals)[Ch::kLat], &lon = (*e.signals)[Ch::kLon];
      std::vector<Pt> pts;
      for (size_t i = 0; i < lat.size(); ++i)
        if (lat.t[i] >= s.start_us && lat.t[i] <= s.end_us) pts.push_back({lat.v[i], lon.v[i]});
      tr.reset();
      tr.bind(1, fid).bind_blob(2, Bytes(track_blob(pts)));
      if (Status st = tr.run(); !st.ok()) return st;
      area.reset();
      area.bind(1, fid)
          .bind(2, s.bbox_min->lat)
          .bind(3, s.bbox_max->lat)
          .bind(4, s.bbox_min->lon)
          .bind(5, s.bbox_max->lon);
      if (Status st = area.run(); !st.ok()) return st;
    }
    text.reset();
    text.bind(1, fid).bind(2, search_body(e, f));
    if (Status st = text.run(); !st.ok()) return st;
  }
  return Status::Ok();
}
namespace {

// find_flights plans its own queries: SQLite 3.15's planner cannot estimate how selective a
// range or a search is, and picks poorly between the index that orders and the one that filters
// (docs/vault.md, "Queries"). A filter that matches at most kSmallSet flights drives the query
// by those flights; otherwise flights are scanned newest first until enough match.
constexpr size_t kSmallSet = 1000;

struct Row {
  int64_t id;
  std::optional<int64_t> start;
  int64_t vehicle;
  double duration;
  uint64_t mask;
  bool has_box;
  double min_lat, max_lat, min_lon, max_lon;  // the track's box, when it has one
};

// The ids a query returns, sorted; *capped when there were more than cap.
Result<std::vector<int64_t>> ids(sqlite3* db, const std::string& sql,
                                 const std::function<void(Stmt&)>& bind, size_t cap, bool* capped) {
  Stmt q(db, sql + (cap ? " LIMIT " + std::to_string(cap + 1) : std::string()));
  bind(q);
  std::vector<int64_t> out;
  while (q.step()) out.push_back(q.i64(0));
  if (Status s = q.status(); !s.ok()) return s;
  if (capped) *capped = cap && out.size() > cap;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool contains(const std::vector<int64_t>& sorted, int64_t id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

}  // namespace
Result<std::vector<FlightRow>> SqliteCatalog::find_flights(const Filter& f, bool* more) {
  uint64_t mask = 0;
  if (f.event) {
    int k = analysis::event_kind_index(*f.event);
    if (k < 0) return Status::InvalidArgument("unknown event kind '" + *f.event + "'");
    mask = uint64_t{1} << k;
  }
  std::lock_guard<std::recursive_mutex> lock(mu_);
  sqlite3* db = db_;
  // Filters that name a set of flights. Each is complete unless it was capped.
  std::vector<std::vector<int64_t>> sets;
  bool any_small = false;
  auto add_set = [&](Result<std::vector<int64_t>> r, bool capped) -> Status {
    if (!r) return r.error();
    if (capped) return Status::Ok();  // too many to drive by: checked while scanning instead
    any_small = any_small || r->size() <= kSmallSet;
    sets.push_back(std::move(*r));
    return Status::Ok();
  };
  std::vector<int64_t> vehicles;
  if (f.vehicle) {
    auto r = ids(
        db,
        "SELECT id FROM vehicles WHERE uid = ?1 OR substr(uid, 1, length(?1)) = ?1 OR CAST(id AS "
        "TEXT) = ?1",
        [&](Stmt& q) { q.bind(1, *f.vehicle); }, 0, nullptr);
    if (!r) return r.error();
    vehicles = std::move(*r);
    if (vehicles.empty()) {
      *more = false;
      return std::vector<FlightRow>{};
    }
    if (vehicles.size() > 1) {  // one vehicle is scanned along its own index instead
      std::string list;
      for (int64_t id : vehicles) list += (list.empty() ? "" : ",") + std::to_string(id);
      bool capped = false;
      auto r2 = ids(
          db, "SELECT id FROM flights WHERE vehicle_id IN (" + list + ")", [](Stmt&) {}, kSmallSet,
          &capped);
      if (Status s = add_set(std::move(r2), capped); !s.ok()) return s;
    }
  }
  if (f.min_duration_s || f.max_duration_s) {
    bool capped = false;
    auto r = ids(
        db, "SELECT id FROM flights WHERE duration_s >= ? AND duration_s <= ?",
        [&](Stmt& q) {
          q.bind(1, f.min_duration_s.value_or(0)).bind(2, f.max_duration_s.value_or(1e300));
        },
        kSmallSet, &capped);
    if (Status s = add_set(std::move(r), capped); !s.ok()) return s;
  }
  if (f.event) {
    bool capped = false;
    auto r = ids(
        db, "SELECT flight_id FROM events WHERE kind = ?", [&](Stmt& q) { q.bind(1, *f.event); },
        kSmallSet, &capped);
    if (Status s = add_set(std::move(r), capped); !s.ok()) return s;
  }
  // Area filters: the area index finds flights whose box comes near, the track decides. A large
  // area is not collected but checked flight by flight while scanning.
  struct Area {
    std::string cond;  // on flight_areas a (the track read only where needed), parameters ?1..?7
    std::vector<double> params;
    double min_lat, max_lat, min_lon, max_lon;  // the box the area lies in
    bool box;  // a box query: a flight whose box lies inside it is in it
  };
  std::vector<Area> areas;
  if (f.near) {
    double dlat = f.near->radius_m / 111320.0;
    double dlon = dlat / std::max(0.01, std::cos(f.near->lat * 0.017453292519943295));
    areas.push_back(
        {"a.max_lat >= ?1 AND a.min_lat <= ?2 AND a.max_lon >= ?3 AND a.min_lon <= ?4 AND "
         "near((SELECT track FROM flight_tracks WHERE id = a.id), ?5, ?6, ?7)",
         {f.near->lat - dlat, f.near->lat + dlat, f.near->lon - dlon, f.near->lon + dlon,
          f.near->lat, f.near->lon, f.near->radius_m},
         f.near->lat - dlat,
         f.near->lat + dlat,
         f.near->lon - dlon,
         f.near->lon + dlon,
         false});
  }
  if (f.bbox) {
    const auto& b = *f.bbox;
    // A track whose box lies inside the query's is in it; the others are checked.
    areas.push_back(
        {"a.max_lat >= ?1 AND a.min_lat <= ?2 AND a.max_lon >= ?3 AND a.min_lon <= ?4 AND "
         "((a.min_lat >= ?1 AND a.max_lat <= ?2 AND a.min_lon >= ?3 AND a.max_lon <= ?4) OR "
         "in_box((SELECT track FROM flight_tracks WHERE id = a.id), ?1, ?3, ?2, ?4))",
         {b.min_lat, b.max_lat, b.min_lon, b.max_lon},
         b.min_lat,
         b.max_lat,
         b.min_lon,
         b.max_lon,
         true});
  }
  std::vector<std::pair<std::unique_ptr<Stmt>, const Area*>> lazy;
  for (const Area& a : areas) {
    auto bind = [&a](Stmt& q) {
      for (size_t i = 0; i < a.params.size(); ++i) q.bind(static_cast<int>(i + 1), a.params[i]);
    };
    bool capped = false;
    auto r = ids(db, "SELECT a.id FROM flight_areas a WHERE " + a.cond, bind, kSmallSet, &capped);
    if (Status st = add_set(std::move(r), capped); !st.ok()) return st;
    if (capped)
      lazy.push_back(
          {std::make_unique<Stmt>(db, "SELECT 1 FROM flight_areas a WHERE a.id = ?9 AND " + a.cond),
           &a});
  }
  if (f.text) {
    // Each word a quoted phrase (its parts in order): every word must be there, and nothing a
    // person types is taken as search syntax.
    std::string query;
    std::stringstream words(*f.text);
    for (std::string w; words >> w;) {
      std::string quoted = "\"";
      for (char c : w) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      query += (query.empty() ? "" : " ") + quoted + "\"";
    }
    if (query.empty()) return Status::InvalidArgument("--text needs a word");
    auto r = ids(
        db, "SELECT docid FROM flight_text WHERE flight_text MATCH ?",
        [&](Stmt& q) { q.bind(1, query); }, 0, nullptr);
    if (!r) return r.error();
    if (Status s = add_set(std::move(r), false); !s.ok()) return s;
  }

  auto keep = [&](const Row& r) {
    if (f.since_us && (!r.start || *r.start < *f.since_us)) return false;
    if (f.until_us && (!r.start || *r.start >= *f.until_us)) return false;
    if (f.vehicle && !contains(vehicles, r.vehicle)) return false;
    if (f.min_duration_s && r.duration < *f.min_duration_s) return false;
    if (f.max_duration_s && r.duration > *f.max_duration_s) return false;
    if (mask && !(r.mask & mask)) return false;
    for (const auto& set : sets)
      if (!contains(set, r.id)) return false;
    for (auto& [q, area] : lazy) {
      // The flight's box first: most flights are far away, some lie wholly inside a box query.
      if (!r.has_box || r.max_lat < area->min_lat || r.min_lat > area->max_lat ||
          r.max_lon < area->min_lon || r.min_lon > area->max_lon)
        return false;
      if (area->box && r.min_lat >= area->min_lat && r.max_lat <= area->max_lat &&
          r.min_lon >= area->min_lon && r.max_lon <= area->max_lon)
        continue;
      q->reset();
      for (size_t i = 0; i < area->params.size(); ++i)
        q->bind(static_cast<int>(i + 1), area->params[i]);
      q->bind(9, r.id);
      if (!q->step()) return false;
    }
    return true;
  };
  auto read_row = [](const Stmt& q) {
    return Row{q.i64(0),   q.opt_i64(1), q.i64(2), q.f64(3), static_cast<uint64_t>(q.i64(4)),
               !q.null(5), q.f64(5),     q.f64(6), q.f64(7), q.f64(8)};
  };
  std::vector<int64_t> picked;
  size_t want = f.limit + 1;
  if (any_small) {
    // Drive by the smallest set: look each flight up, filter, order newest first.
    auto smallest = std::min_element(sets.begin(), sets.end(),
                                     [](auto& a, auto& b) { return a.size() < b.size(); });
    Stmt q(db,
           "SELECT id, start_us, vehicle_id, duration_s, event_mask, min_lat, max_lat, min_lon, "
           "max_lon FROM flights WHERE id = ?");
    std::vector<Row> rows;
    for (int64_t id : *smallest) {
      q.reset();
      q.bind(1, id);
      if (q.step()) {
        Row r = read_row(q);
        if (keep(r)) rows.push_back(r);
      }
    }
    if (Status s = q.status(); !s.ok()) return s;
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      if (a.start.has_value() != b.start.has_value())
        return a.start.has_value();  // unknown times last
      if (a.start != b.start) return *a.start > *b.start;
      return a.id > b.id;
    });
    for (size_t i = 0; i < rows.size() && picked.size() < want; ++i) picked.push_back(rows[i].id);
  } else {
    // Newest first along an index that holds every column the filters test (one vehicle's own,
    // or all flights'), stopping once enough flights match.
    bool one = vehicles.size() == 1;
    std::string sql = std::string(
                          "SELECT id, start_us, vehicle_id, duration_s, event_mask, min_lat, "
                          "max_lat, min_lon, max_lon FROM flights INDEXED BY ") +
                      (one ? "flights_vehicle WHERE vehicle_id = ?3" : "flights_order WHERE 1");
    if (f.since_us || f.until_us) sql += " AND start_us >= ?1 AND start_us < ?2";
    sql += one ? " ORDER BY vehicle_id DESC, start_us DESC, id DESC"
               : " ORDER BY start_us DESC, id DESC";
    Stmt q(db, sql);
    if (f.since_us || f.until_us)
      q.bind(1, f.since_us.value_or(INT64_MIN)).bind(2, f.until_us.value_or(INT64_MAX));
    if (one) q.bind(3, vehicles[0]);
    while (picked.size() < want && q.step()) {
      Row r = read_row(q);
      if (keep(r)) picked.push_back(r.id);
    }
    if (Status s = q.status(); !s.ok()) return s;
  }
  *more = picked.size() > f.limit;
  if (*more) picked.pop_back();
  Stmt detail(db, std::string("SELECT ") + kFlightColumns +
                      " FROM flights f JOIN logs l ON l.id = f.log_id JOIN vehicles v ON v.id = "
                      "f.vehicle_id WHERE f.id = ?");
  std::vector<FlightRow> out;
  for (int64_t id : picked) {
    detail.reset();
    detail.bind(1, id);
    if (detail.step()) out.push_back(flight_row(detail));
    if (Status s = detail.status(); !s.ok()) return s;
  }
  return out;
}

Result<FlightDetail> SqliteCatalog::get_flight(int64_t id) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  sqlite3* db = db_;
  Stmt q(db,
         std::string("SELECT ") + kFlightColumns +
             ", l.sha256, l.corrupt, l.imported_us, l.utc_offset_us FROM flights f JOIN logs l ON "
             "l.id = f.log_id JOIN vehicles v ON v.id = f.vehicle_id WHERE f.id = ?");
  q.bind(1, id);
  if (!q.step()) {
    if (Status s = q.status(); !s.ok()) return s;
    return Status::NotFound("no flight " + std::to_string(id) + " in the vault");
  }
  FlightDetail d;
  d.flight = flight_row(q);
  auto sha = q.blob(39);
  d.log_sha256.resize(sha.size() * 2 + 1);
  sodium_bin2hex(d.log_sha256.data(), d.log_sha256.size(),
                 reinterpret_cast<const uint8_t*>(sha.data()), sha.size());
  d.log_sha256.pop_back();
  d.log_corrupt = q.i64(40) != 0;
  d.imported_us = q.i64(41);
  d.utc_offset_us = q.opt_i64(42);
  Stmt src(db,
           "SELECT id, name, format, sha256 FROM logs WHERE id = ?1 OR source_of = ?1 "
           "ORDER BY id <> ?1, id");
  src.bind(1, d.flight.log_id);
  while (src.step()) {
    auto h = src.blob(3);
    d.sources.push_back({src.i64(0), src.text(1), src.text(2),
                         to_hex(reinterpret_cast<const uint8_t*>(h.data()), h.size())});
  }
  if (Status s = src.status(); !s.ok()) return s;
  Stmt ev(db,
          "SELECT t_us, kind, severity, message, topic, evidence, text FROM events WHERE flight_id "
          "= ? ORDER BY t_us, id");
  ev.bind(1, id);
  while (ev.step()) {
    analysis::Event e;
    e.t = ev.i64(0);
    e.kind = ev.text(1);
    e.severity = static_cast<analysis::Severity>(ev.i64(2));
    e.message = ev.text(3);
    e.topic = ev.text(4);
    auto j = nlohmann::json::parse(ev.text(5), nullptr, false);
    if (j.is_array())
      for (const auto& kv : j)
        if (kv.is_array() && kv.size() == 2 && kv[0].is_string())
          e.values.push_back(
              {kv[0].get<std::string>(), kv[1].is_number() ? kv[1].get<double>() : NAN});
    e.text = ev.text(6);
    d.events.push_back(std::move(e));
  }
  if (Status s = ev.status(); !s.ok()) return s;
  return d;
}

Result<Stats> SqliteCatalog::stats(StatsBy by) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  sqlite3* db = db_;
  const char* key =
      by == StatsBy::kVehicle
          ? "v.uid"
          : "COALESCE(strftime('%Y-%m', f.start_us / 1000000, 'unixepoch'), 'unknown')";
  Stmt q(
      db,
      std::string("SELECT ") + key +
          ", count(*), total(f.duration_s) / 3600.0, total(f.distance_m) / 1000.0 FROM flights f "
          "JOIN vehicles v ON v.id = f.vehicle_id GROUP BY 1 ORDER BY 1");
  Stats out;
  while (q.step()) {
    StatRow r{q.text(0), q.i64(1), q.f64(2), q.f64(3)};
    out.total.flights += r.flights;
    out.total.hours += r.hours;
    out.total.distance_km += r.distance_km;
    out.rows.push_back(std::move(r));
  }
  if (Status s = q.status(); !s.ok()) return s;
  out.total.key = "total";
  Stmt b(db,
         "SELECT battery_serial, count(*), min(min_voltage) FROM flights WHERE battery_serial <> "
         "'' GROUP BY 1 ORDER BY 1");
  while (b.step()) out.batteries.push_back({b.text(0), b.i64(1), b.opt_f64(2)});
  if (Status s = b.status(); !s.ok()) return s;
  return out;
}

Result<std::vector<VehicleRow>> SqliteCatalog::vehicles() {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_,
         "SELECT v.id, v.uid, v.type, v.autopilot, v.hardware, v.firmware, "
         "(SELECT count(*) FROM flights f WHERE f.vehicle_id = v.id), "
         "(SELECT count(*) FROM logs l WHERE l.vehicle_id = v.id), "
         "(SELECT total(duration_s) / 3600.0 FROM flights f WHERE f.vehicle_id = v.id), "
         "(SELECT min(start_us) FROM flights f WHERE f.vehicle_id = v.id), "
         "(SELECT max(start_us) FROM flights f WHERE f.vehicle_id = v.id) "
         "FROM vehicles v ORDER BY v.id");
  std::vector<VehicleRow> out;
  while (q.step()) {
    VehicleRow r;
    r.id = q.i64(0);
    r.uid = q.text(1);
    r.type = q.text(2);
    r.autopilot = q.text(3);
    r.hardware = q.text(4);
    r.firmware = q.text(5);
    r.flights = q.i64(6);
    r.logs = q.i64(7);
    r.hours = q.f64(8);
    r.first_us = q.opt_i64(9);
    r.last_us = q.opt_i64(10);
    if (r.logs > 0) out.push_back(std::move(r));
  }
  if (Status s = q.status(); !s.ok()) return s;
  return out;
}

namespace {

LogBlobs blobs_row(const Stmt& q) {
  return {q.i64(0),  q.text(1), q.text(2), q.text(3), q.text(4),
          q.blob(5), q.blob(6), q.blob(7), q.text(8), q.text(9)};
}

constexpr const char* kBlobColumns =
    "SELECT id, name, format, blob, derived_blob, sha256, wrapped_key, derived_key, "
    "(SELECT definitions FROM dialects WHERE dialects.sha256 = logs.dialect), "
    "coalesce(keychains, '') FROM logs";

}  // namespace

Result<LogBlobs> SqliteCatalog::log_blobs(int64_t log_id) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, std::string(kBlobColumns) + " WHERE id = ?");
  q.bind(1, log_id);
  if (q.step()) return blobs_row(q);
  if (Status s = q.status(); !s.ok()) return s;
  return Status::NotFound("no log " + std::to_string(log_id) + " in the vault");
}

Result<std::vector<LogBlobs>> SqliteCatalog::all_log_blobs() {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, std::string(kBlobColumns) + " ORDER BY id");
  std::vector<LogBlobs> out;
  while (q.step()) out.push_back(blobs_row(q));
  if (Status s = q.status(); !s.ok()) return s;
  return out;
}

Result<std::optional<int64_t>> SqliteCatalog::find_log(Bytes sha256) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, "SELECT id FROM logs WHERE sha256 = ?");
  q.bind_blob(1, sha256);
  if (q.step()) return std::optional<int64_t>(q.i64(0));
  if (Status s = q.status(); !s.ok()) return s;
  return std::optional<int64_t>();
}

Result<std::pair<LogBlobs, std::vector<int64_t>>> SqliteCatalog::log_of_flight(int64_t flight_id) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, std::string(kBlobColumns) + " WHERE id = (SELECT log_id FROM flights WHERE id = ?)");
  q.bind(1, flight_id);
  if (!q.step()) {
    if (Status s = q.status(); !s.ok()) return s;
    return Status::NotFound("no flight " + std::to_string(flight_id) + " in the vault");
  }
  std::pair<LogBlobs, std::vector<int64_t>> out{blobs_row(q), {}};
  Stmt fl(db_, "SELECT id FROM flights WHERE log_id = ? ORDER BY id");
  fl.bind(1, out.first.id);
  while (fl.step()) out.second.push_back(fl.i64(0));
  if (Status s = fl.status(); !s.ok()) return s;
  return out;
}

Status SqliteCatalog::delete_flights(int64_t log_id) {
  const char* steps[] = {
      "DELETE FROM events WHERE flight_id IN (SELECT id FROM flights WHERE log_id = ?1)",
      "DELETE FROM flight_tracks WHERE id IN (SELECT id FROM flights WHERE log_id = ?1)",
      "DELETE FROM flight_areas WHERE id IN (SELECT id FROM flights WHERE log_id = ?1)",
      "DELETE FROM flight_text WHERE docid IN (SELECT id FROM flights WHERE log_id = ?1)",
      "DELETE FROM flights WHERE log_id = ?1",
  };
  for (const char* sql : steps) {
    Stmt st(db_, sql);
    st.bind(1, log_id);
    if (Status s = st.run(); !s.ok()) return s;
  }
  // Merge the search index so the deleted flights' words leave it too.
  return exec(db_, "INSERT INTO flight_text(flight_text) VALUES('optimize')");
}

Status SqliteCatalog::delete_log(int64_t log_id) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  if (Status s = changing(); !s.ok()) return s;
  if (Status s = delete_flights(log_id); !s.ok()) return s;
  Stmt st(db_, "DELETE FROM logs WHERE id = ?1");
  st.bind(1, log_id);
  return st.run();
}

Result<InsertedLog> SqliteCatalog::replace_analysis(int64_t log_id, const LogEntry& e) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  if (Status s = changing(); !s.ok()) return s;
  int64_t vehicle = 0;
  {
    Stmt q(db_, "SELECT vehicle_id FROM logs WHERE id = ?");
    q.bind(1, log_id);
    if (!q.step()) {
      if (Status s = q.status(); !s.ok()) return s;
      return Status::NotFound("no log " + std::to_string(log_id) + " in the vault");
    }
    vehicle = q.i64(0);
  }
  if (Status s = delete_flights(log_id); !s.ok()) return s;
  Stmt up(db_,
          "UPDATE logs SET derived_blob = ?, derived_key = ?, corrupt = ?, report = ?, "
          "utc_offset_us = ?, keychains = ? WHERE id = ?");
  up.bind(1, e.derived_blob).bind_blob(2, Bytes(e.derived_key)).bind(3, e.corrupt ? 1 : 0);
  up.bind(4, e.report_json).bind(5, e.signals ? e.signals->utc_offset_us : std::nullopt);
  if (e.keychains.empty()) {
    up.bind_null(6);
  } else {
    up.bind(6, e.keychains);
  }
  up.bind(7, log_id);
  if (Status s = up.run(); !s.ok()) return s;
  InsertedLog out;
  out.log_id = log_id;
  if (Status s = insert_flights(log_id, vehicle, e, &out); !s.ok()) return s;
  return out;
}

Result<std::vector<LogBlobs>> SqliteCatalog::sources_of(int64_t log_id) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Stmt q(db_, std::string(kBlobColumns) + " WHERE source_of = ? ORDER BY id");
  q.bind(1, log_id);
  std::vector<LogBlobs> out;
  while (q.step()) out.push_back(blobs_row(q));
  if (Status s = q.status(); !s.ok()) return s;
  return out;
}

}  // namespace skykeep::vault
