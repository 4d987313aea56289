#include "web/api.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string_view>
#include <vector>

#include "analysis/recorder.h"
#include "base/json_writer.h"
#include "base/utc.h"
#include "formats/detect.h"
#include "formats/window_sink.h"
#include "present/present.h"
#include "privacy/policy.h"
#include "vault/audit.h"
#include "vault/catalog.h"
#include "vault/read.h"
#include "vault/reads.h"
#include "vault/share.h"
#include "web/downsample.h"

namespace skykeep::web {
namespace {

constexpr size_t kTrackPoints = 2000;  // a track keeps at most this many points
constexpr size_t kMaxBuckets = 4000;   // a plot request asks for at most this many pixels

Response json(std::string body, int status = 200) {
  return {status, "application/json", std::move(body), ""};
}

Response error(int status, const std::string& message) {
  JsonWriter j;
  j.begin_object().key("error").value(message).end_object();
  return json(j.str(), status);
}

Response error(const Status& s) {
  switch (s.code()) {
    case Status::Code::kNotFound:
      return error(404, s.message());
    case Status::Code::kInvalidArgument:
      return error(400, s.message());
    case Status::Code::kPermissionDenied:
      return error(403, s.message());
    default:
      return error(500, s.message());
  }
}

// Compact numbers: the JSON of a plot is mostly numbers.
void number(std::string& out, double v, const char* fmt) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[40];
  int n = std::snprintf(buf, sizeof buf, fmt, v);
  out.append(buf, static_cast<size_t>(n));
}

template <class F>
std::string number_array(size_t n, F at, const char* fmt) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ',';
    number(out, at(i), fmt);
  }
  out += ']';
  return out;
}

std::optional<double> query_number(const Request& r, const char* key) {
  auto it = r.query.find(key);
  if (it == r.query.end() || it->second.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(it->second.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string query_text(const Request& r, const char* key) {
  auto it = r.query.find(key);
  return it == r.query.end() ? std::string() : it->second;
}

std::optional<int64_t> parse_id(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The stored track of a flight: at most kTrackPoints of its positions, with the altitude above
// takeoff and the ground speed at each, times in seconds since arming.
void track_json(JsonWriter& j, const analysis::Signals& s, int64_t from, int64_t to,
                int64_t origin) {
  using analysis::Ch;
  const auto& lat = s[Ch::kLat];
  std::vector<size_t> rows;
  for (size_t i = 0; i < lat.size(); ++i)
    if (lat.t[i] >= from && lat.t[i] <= to && std::isfinite(lat.v[i])) rows.push_back(i);
  size_t stride = rows.size() <= kTrackPoints ? 1 : (rows.size() + kTrackPoints - 1) / kTrackPoints;
  std::vector<size_t> kept;
  for (size_t k = 0; k < rows.size(); k += stride) kept.push_back(rows[k]);
  if (!rows.empty() && kept.back() != rows.back()) kept.push_back(rows.back());
  auto at = [&](Ch c, int64_t t) {
    const auto& series = s[c];
    ptrdiff_t i = series.at_or_before(t);
    if (i < 0) i = series.at_or_after(t);
    return i < 0 ? NAN : series.v[static_cast<size_t>(i)];
  };
  j.key("track").begin_object();
  j.key("t").raw(number_array(
      kept.size(), [&](size_t k) { return static_cast<double>(lat.t[kept[k]] - origin) / 1e6; },
      "%.2f"));
  j.key("lat").raw(number_array(
      kept.size(), [&](size_t k) { return lat.v[kept[k]]; }, "%.7f"));
  j.key("lon").raw(number_array(
      kept.size(), [&](size_t k) { return at(Ch::kLon, lat.t[kept[k]]); }, "%.7f"));
  j.key("alt").raw(number_array(
      kept.size(), [&](size_t k) { return at(Ch::kAltRel, lat.t[kept[k]]); }, "%.1f"));
  j.key("speed").raw(number_array(
      kept.size(), [&](size_t k) { return at(Ch::kHSpeed, lat.t[kept[k]]); }, "%.2f"));
  j.end_object();
}

// Parameters as they stood when a flight began: the log's initial values with the changes
// logged up to that time applied.
std::map<std::string, double> params_at(const model::Log& log, int64_t t) {
  std::map<std::string, double> out;
  for (const auto& p : log.params.initial) out[p.name] = p.value;
  for (const auto& c : log.params.changes)
    if (c.time_us == model::kNoTime || c.time_us <= t) out[c.param.name] = c.param.value;
  return out;
}

// Collects a log's parameters and nothing else.
class ParamsSink final : public formats::Sink {
 public:
  explicit ParamsSink(model::Log* log) : log_(log) {}
  void on_param(model::Param p) override { log_->params.initial.push_back(std::move(p)); }
  void on_param_change(model::ParamChange c) override {
    log_->params.changes.push_back(std::move(c));
  }

 private:
  model::Log* log_;
};

// The cached value under key, made the most recent; nullptr when absent. The caller holds the
// cache's mutex.
template <class V>
std::shared_ptr<const V> take(std::list<std::pair<int64_t, std::shared_ptr<const V>>>& cache,
                              int64_t key) {
  for (auto it = cache.begin(); it != cache.end(); ++it)
    if (it->first == key) {
      cache.splice(cache.begin(), cache, it);
      return it->second;
    }
  return nullptr;
}

template <class V>
void keep(std::list<std::pair<int64_t, std::shared_ptr<const V>>>& cache, int64_t key,
          std::shared_ptr<const V> v, size_t most) {
  cache.emplace_front(key, std::move(v));
  while (cache.size() > std::max<size_t>(1, most)) cache.pop_back();
}

}  // namespace

Api::Api(vault::Vault& v, ApiOptions options) : vault_(v), options_(std::move(options)) {}
Api::~Api() = default;

Result<std::shared_ptr<const model::Log>> Api::original(int64_t flight_id) {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto log = take(originals_, flight_id)) return log;
  }
  std::lock_guard<std::mutex> load(load_mutex_);
  {  // another request may have loaded it meanwhile
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto log = take(originals_, flight_id)) return log;
  }
  auto d = vault::get_flight(vault_, flight_id);
  if (!d) return d.error();
  auto log = std::make_shared<model::Log>();
  if (Status s = vault::read_flight_window(vault_, *d, options_.reader, log.get(), {"ui original"});
      !s.ok())
    return s;
  std::lock_guard<std::mutex> lock(cache_mutex_);
  keep<model::Log>(originals_, flight_id, log, options_.cached_flights);
  return std::shared_ptr<const model::Log>(log);
}

Result<std::shared_ptr<const analysis::Signals>> Api::signals(int64_t log_id) {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto s = take(signals_, log_id)) return s;
  }
  auto s = vault::load_signals(vault_, log_id);
  if (!s) return s.error();
  auto shared = std::make_shared<const analysis::Signals>(std::move(*s));
  std::lock_guard<std::mutex> lock(cache_mutex_);
  keep(signals_, log_id, shared, 8);
  return shared;
}

Response Api::handle(const Request& r) {
  if (r.method != "GET" && r.method != "HEAD") return error(405, "only GET is served");
  if (r.path == "config") return config();
  if (r.path == "flights") return logbook(r);
  if (r.path == "stats") return stats();
  if (r.path == "recipients") return recipients();
  if (r.path == "audit") return audit(r);
  std::vector<std::string> parts = split(r.path, '/');
  if (parts[0] != "flights" || parts.size() < 2 || parts.size() > 3)
    return error(404, "no such resource: " + r.path);
  auto id = parse_id(parts[1]);
  if (!id) return error(404, "'" + parts[1] + "' is not a flight number");
  const std::string sub = parts.size() > 2 ? parts[2] : "";
  if (sub == "topics") return topics(*id);
  if (sub == "share") return share(r, *id);
  if (sub == "share-preview") return share_preview(r, *id);
  if (!sub.empty() && sub != "series" && sub != "params")
    return error(404, "no such resource: " + r.path);
  auto d = vault::get_flight(vault_, *id);
  if (!d) return error(d.error());
  if (sub == "series") return series(r, *d);
  if (sub == "params") return params(*d);
  return flight(*d);
}

// GET config
Response Api::config() const {
  JsonWriter j;
  j.begin_object().key("tiles");
  if (options_.tiles.empty())
    j.null();
  else
    j.value(options_.tiles);
  j.key("vault").value(vault_.dir()).end_object();
  return json(j.str());
}

// GET flights: the logbook, filtered; the listing is a read on the audit record.
Response Api::logbook(const Request& r) {
  vault::Filter f;
  if (auto t = query_text(r, "text"); !t.empty()) f.text = t;
  if (auto t = query_text(r, "vehicle"); !t.empty()) f.vehicle = t;
  if (auto t = query_text(r, "event"); !t.empty()) {
    if (analysis::event_kind_index(t) < 0) return error(400, "unknown event kind '" + t + "'");
    f.event = t;
  }
  if (auto t = query_text(r, "since"); !t.empty()) {
    auto v = parse_utc(t);
    if (!v) return error(400, "since takes a UTC date like 2026-05-01");
    f.since_us = *v;
  }
  if (auto t = query_text(r, "until"); !t.empty()) {
    auto v = parse_utc_until(t);
    if (!v) return error(400, "until takes a UTC date like 2026-05-31");
    f.until_us = *v;
  }
  if (auto v = query_number(r, "min_duration_s")) f.min_duration_s = *v;
  if (auto v = query_number(r, "max_duration_s")) f.max_duration_s = *v;
  f.limit = 1000;
  if (auto v = query_number(r, "limit"); v && *v >= 1)
    f.limit = static_cast<size_t>(std::min(*v, 100000.0));
  auto list = vault::list_flights(vault_, f, {"ui logbook"});
  if (!list) return error(list.error());
  const auto* rows = &list->flights;
  bool more = list->more;
  JsonWriter j;
  j.begin_object().key("flights").begin_array();
  for (const auto& row : *rows) present::flight_json(j, row);
  j.end_array().key("more").value(more).end_object();
  return json(j.str());
}

// GET stats: totals by vehicle and month, the vehicles, the event kinds.
Response Api::stats() {
  JsonWriter j;
  j.begin_object();
  for (auto [name, by] : {std::pair{"by_vehicle", vault::StatsBy::kVehicle},
                          std::pair{"by_month", vault::StatsBy::kMonth}}) {
    auto s = vault::stats(vault_, by);
    if (!s) return error(s.error());
    j.key(name).begin_array();
    for (const auto& row : s->rows)
      j.begin_object()
          .key("key")
          .value(row.key)
          .key("flights")
          .value(row.flights)
          .key("hours")
          .value(row.hours)
          .key("distance_km")
          .value(row.distance_km)
          .end_object();
    j.end_array();
    if (by == vault::StatsBy::kVehicle)
      j.key("total")
          .begin_object()
          .key("flights")
          .value(s->total.flights)
          .key("hours")
          .value(s->total.hours)
          .key("distance_km")
          .value(s->total.distance_km)
          .end_object();
  }
  auto vs = vault::vehicles(vault_);
  if (!vs) return error(vs.error());
  j.key("vehicles").begin_array();
  for (const auto& v : *vs)
    j.begin_object()
        .key("uid")
        .value(v.uid)
        .key("type")
        .value(v.type)
        .key("autopilot")
        .value(v.autopilot)
        .key("flights")
        .value(v.flights)
        .end_object();
  j.end_array().key("event_kinds").begin_array();
  for (const char* k : analysis::kEventKinds) j.value(k);
  j.end_array().end_object();
  return json(j.str());
}

// GET recipients: the policy's recipients and their levels.
Response Api::recipients() {
  auto p = vault::load_policy(vault_);
  if (!p) return error(p.error());
  JsonWriter j;
  j.begin_object().key("policy_sha256").value(p->sha256).key("recipients").begin_array();
  for (const auto& [name, rec] : p->recipients) {
    j.begin_object().key("name").value(name).key("levels").begin_object();
    for (size_t c = 0; c < privacy::kClasses; ++c)
      j.key(privacy::class_name(static_cast<privacy::DataClass>(c)))
          .value(privacy::level_name(rec.levels[c]));
    j.end_object().end_object();
  }
  j.end_array().end_object();
  return json(j.str());
}

// GET audit: the entries, newest first, and whether the log verifies.
Response Api::audit(const Request& r) {
  auto entries = vault::audit_entries(vault_);
  if (!entries) return error(entries.error());
  auto check = vault::verify_audit(vault_, std::nullopt);
  if (!check) return error(check.error());
  auto checkpoint = vault::latest_checkpoint(vault_);
  if (!checkpoint) return error(checkpoint.error());
  size_t limit =
      static_cast<size_t>(std::clamp(query_number(r, "limit").value_or(500), 1.0, 100000.0));
  JsonWriter j;
  j.begin_object().key("verified").begin_object().key("ok").value(check->problems.empty());
  j.key("entries").value(check->entries).key("problems").begin_array();
  for (const auto& p : check->problems) j.value(p);
  j.end_array().end_object();
  j.key("checkpoint").value(*checkpoint).key("verifier").value(vault::audit_verifier(vault_));
  j.key("total").value(static_cast<uint64_t>(entries->size()));
  j.key("entries").begin_array();  // newest first
  for (size_t k = 0; k < entries->size() && k < limit; ++k) {
    const auto& e = (*entries)[entries->size() - 1 - k];
    j.begin_object().key("index").value(e.index).key("entry").raw(e.data).end_object();
  }
  j.end_array().end_object();
  return json(j.str());
}

// GET flights/ID: summary, events, track, channels, messages; a read on the record.
Response Api::flight(const vault::FlightDetail& d) {
  const analysis::Summary& sum = d.flight.summary;
  const int64_t id = d.flight.id;
  auto s = signals(d.flight.log_id);
  if (!s) return error(s.error());
  if (auto read = vault::read_flight(vault_, id, {"ui flight"}); !read) return error(read.error());
  JsonWriter j;
  j.begin_object().key("flight");
  present::flight_json(j, d.flight);
  j.key("log_sha256").value(d.log_sha256).key("log_corrupt").value(d.log_corrupt);
  j.key("events").begin_array();
  for (const auto& e : d.events) present::event_json(j, e, sum, d.utc_offset_us);
  j.end_array();
  track_json(j, **s, sum.start_us, sum.end_us, sum.start_us);
  j.key("channels").begin_array();
  for (size_t c = 0; c < analysis::kChannels; ++c) {
    const auto& series = (**s).ch[c];
    if (series.empty()) continue;
    j.begin_object().key("name").value(analysis::channel_name(static_cast<analysis::Ch>(c)));
    j.key("unit").value(analysis::channel_unit(static_cast<analysis::Ch>(c))).end_object();
  }
  j.end_array();
  j.key("messages").begin_array();
  for (const auto& m : (**s).texts) {
    if (m.t < sum.start_us - 10000000 || m.t > sum.end_us + 10000000) continue;
    j.begin_object().key("t").value(static_cast<double>(m.t - sum.start_us) / 1e6);
    j.key("severity")
        .value(static_cast<int>(m.severity))
        .key("severity_known")
        .value(m.severity_known);
    j.key("text").value(m.text).end_object();
  }
  j.end_array();
  j.key("mode_names").begin_object();
  for (const auto& [code, name] : (**s).mode_names) j.key(std::to_string(code)).value(name);
  j.end_object().end_object();
  return json(j.str());
}

// GET flights/ID/series: derived channels or fields of the original, downsampled.
Response Api::series(const Request& r, const vault::FlightDetail& d) {
  const analysis::Summary& sum = d.flight.summary;
  const int64_t id = d.flight.id;
  const double duration = static_cast<double>(sum.end_us - sum.start_us) / 1e6;
  double from_s = query_number(r, "from").value_or(0),
         to_s = query_number(r, "to").value_or(duration);
  if (to_s < from_s) return error(400, "from must come before to");
  size_t buckets = static_cast<size_t>(
      std::clamp(query_number(r, "width").value_or(1000), 10.0, double(kMaxBuckets)));
  const int64_t from = sum.start_us + static_cast<int64_t>(from_s * 1e6);
  const int64_t to = sum.start_us + static_cast<int64_t>(to_s * 1e6);
  std::string names = query_text(r, "names");
  if (names.empty()) return error(400, "names takes one or more series, comma separated");
  std::shared_ptr<const analysis::Signals> sig;
  std::shared_ptr<const model::Log> log;
  JsonWriter j;
  j.begin_object().key("from").value(from_s).key("to").value(to_s).key("series").begin_array();
  for (const auto& name : split(names, ',')) {
    std::vector<size_t> kept;
    std::string unit, times, values;
    auto rel = [&](int64_t t) { return static_cast<double>(t - sum.start_us) / 1e6; };
    if (auto ch = analysis::channel_by_name(name)) {
      if (!sig) {
        auto s = signals(d.flight.log_id);
        if (!s) return error(s.error());
        sig = *s;
      }
      const auto& series = (*sig)[*ch];
      kept = min_max_buckets(
          series.size(), [&](size_t i) { return series.t[i]; },
          [&](size_t i) { return series.v[i]; }, from, to, buckets);
      times = number_array(
          kept.size(), [&](size_t k) { return rel(series.t[kept[k]]); }, "%.3f");
      values = number_array(
          kept.size(), [&](size_t k) { return series.v[kept[k]]; }, "%.7g");
      unit = analysis::channel_unit(*ch);
    } else {  // TOPIC/INSTANCE/FIELD of the original log
      auto p = split(name, '/');
      std::optional<int64_t> instance = p.size() == 3 ? parse_id(p[1]) : std::nullopt;
      if (!instance)
        return error(400, "'" + name + "' is neither a channel nor TOPIC/INSTANCE/FIELD");
      if (!log) {
        auto o = original(id);
        if (!o) return error(o.error());
        log = *o;
      }
      const model::Topic* topic = log->find(p[0], static_cast<uint32_t>(*instance));
      int field = topic ? topic->schema.find(p[2]) : -1;
      if (field < 0) return error(404, "no series " + name + " in flight " + std::to_string(id));
      const model::Topic& tp = *topic;
      const size_t rows = tp.rows;
      kept = min_max_buckets(
          rows, [&](size_t i) { return tp.time_at(i); },
          [&](size_t i) { return tp.value(static_cast<size_t>(field), i); }, from, to, buckets);
      times = number_array(
          kept.size(), [&](size_t k) { return rel(tp.time_at(kept[k])); }, "%.4f");
      values = number_array(
          kept.size(), [&](size_t k) { return tp.value(static_cast<size_t>(field), kept[k]); },
          "%.7g");
      unit = tp.schema.fields[static_cast<size_t>(field)].unit;
    }
    j.begin_object()
        .key("name")
        .value(name)
        .key("unit")
        .value(unit)
        .key("t")
        .raw(times)
        .key("v")
        .raw(values)
        .end_object();
  }
  j.end_array().end_object();
  return json(j.str());
}

// GET flights/ID/topics: the original's topics with numeric fields.
Response Api::topics(int64_t id) {
  auto o = original(id);
  if (!o) return error(o.error());
  JsonWriter j;
  j.begin_object().key("topics").begin_array();
  for (const auto& t : (**o).topics) {
    bool numeric = false;
    for (const auto& f : t.schema.fields) numeric |= !f.is_text();
    if (t.rows == 0 || !numeric) continue;
    j.begin_object()
        .key("topic")
        .value(t.name())
        .key("instance")
        .value(static_cast<int64_t>(t.instance()));
    j.key("rows").value(static_cast<uint64_t>(t.rows)).key("fields").begin_array();
    for (const auto& f : t.schema.fields)
      if (!f.is_text())
        j.begin_object().key("name").value(f.name).key("unit").value(f.unit).end_object();
    j.end_array().end_object();
  }
  j.end_array().end_object();
  return json(j.str());
}

// GET flights/ID/params: parameters as the flight began, against the vehicle's previous flight.
Response Api::params(const vault::FlightDetail& d) {
  const analysis::Summary& sum = d.flight.summary;
  const int64_t id = d.flight.id;
  auto o = original(id);
  if (!o) return error(o.error());
  auto now = params_at(**o, sum.start_us);
  // The same vehicle's previous flight: the latest that began before this one. With a UTC start,
  // the catalog's newest-first order gives it among the first flights before that time; the
  // whole list of the vehicle's flights is read only without one (or if those were all
  // another vehicle's sharing the identifier's prefix).
  auto earlier = [](const vault::FlightRow& x, const vault::FlightRow& y) {  // x began before y
    if (x.log_id == y.log_id) return x.seq < y.seq;
    if (x.summary.utc_start_us && y.summary.utc_start_us)
      return *x.summary.utc_start_us < *y.summary.utc_start_us;
    return x.log_id < y.log_id;
  };
  std::vector<vault::FlightRow> rows;
  const vault::FlightRow* prev = nullptr;
  vault::Filter f;
  f.vehicle = d.flight.vehicle_uid;
  f.until_us = sum.utc_start_us;
  f.limit = sum.utc_start_us ? 50 : SIZE_MAX - 1;
  for (bool more = true; more && !prev;) {
    auto found = vault::find_flights(vault_, f, &more);
    if (!found) return error(found.error());
    rows = std::move(*found);
    for (const auto& row : rows)
      if (row.vehicle_uid == d.flight.vehicle_uid && row.id != id && earlier(row, d.flight) &&
          (!prev || earlier(*prev, row)))
        prev = &row;
    f.limit = SIZE_MAX - 1;
  }
  std::optional<std::map<std::string, double>> then;
  if (prev) {
    model::Log plog;
    ParamsSink sink(&plog);
    formats::WindowSink window(sink, prev->summary.start_us, prev->summary.end_us);
    if (Status s =
            vault::read_flight_original(vault_, *prev, options_.reader, window, {"ui parameters"});
        !s.ok())
      return error(s);
    then = params_at(plog, prev->summary.start_us);
  }
  JsonWriter j;
  j.begin_object().key("previous");
  if (prev) {
    j.begin_object().key("id").value(prev->id).key("start_utc");
    if (prev->summary.utc_start_us)
      j.value(present::utc_iso(*prev->summary.utc_start_us));
    else
      j.null();
    j.end_object();
  } else {
    j.null();
  }
  size_t changed = 0;
  j.key("params").begin_array();
  for (const auto& [name, value] : now) {
    j.begin_object().key("name").value(name).key("value").value(value).key("previous");
    std::optional<double> was;
    if (then) {
      auto it = then->find(name);
      if (it != then->end()) was = it->second;
    }
    if (was)
      j.value(*was);
    else
      j.null();
    bool differs = then && (!was || (*was != value && !(std::isnan(*was) && std::isnan(value))));
    changed += differs;
    j.key("changed").value(differs).end_object();
  }
  j.end_array().key("removed").begin_array();
  if (then)
    for (const auto& [name, value] : *then)
      if (!now.count(name))
        j.begin_object().key("name").value(name).key("value").value(value).end_object();
  j.end_array().key("changed").value(static_cast<uint64_t>(changed));
  j.key("changes").begin_array();
  for (const auto& c : (**o).params.changes) {
    if (c.time_us == model::kNoTime || c.time_us <= sum.start_us) continue;
    j.begin_object().key("t").value(static_cast<double>(c.time_us - sum.start_us) / 1e6);
    j.key("name").value(c.param.name).key("value").value(c.param.value).end_object();
  }
  j.end_array().end_object();
  return json(j.str());
}

// GET flights/ID/share: the share's bytes, to save; recorded as a share.
Response Api::share(const Request& r, int64_t id) {
  vault::ShareRequest req;
  req.flight = id;
  req.recipient = query_text(r, "recipient");
  req.as = query_text(r, "as").empty() ? "native" : query_text(r, "as");
  req.reader = options_.reader;
  if (req.recipient.empty()) return error(400, "recipient is required");
  auto shared = vault::share(vault_, req);
  if (!shared) return error(shared.error());
  Response out{
      200, "application/octet-stream",
      std::string(reinterpret_cast<const char*>(shared->bytes.data()), shared->bytes.size()), ""};
  out.filename = "flight-" + std::to_string(id) + "-" + req.recipient + shared->extension;
  for (char& c : out.filename)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  return out;
}

// GET flights/ID/share-preview: the manifest and the track read back from the bytes that would
// leave.
Response Api::share_preview(const Request& r, int64_t id) {
  vault::ShareRequest req;
  req.flight = id;
  req.recipient = query_text(r, "recipient");
  req.dry_run = true;
  req.reader = options_.reader;
  if (req.recipient.empty()) return error(400, "recipient is required");
  auto shared = vault::share(vault_, req);
  if (!shared) return error(shared.error());
  JsonWriter j;
  j.begin_object()
      .key("recipient")
      .value(req.recipient)
      .key("manifest")
      .raw(shared->manifest.json(false));
  j.key("summary_only").value(shared->manifest.summary_only);
  j.key("bytes")
      .value(static_cast<uint64_t>(shared->bytes.size()))
      .key("extension")
      .value(shared->extension);
  if (shared->manifest.summary_only) {
    j.key("summary").raw(std::string_view(reinterpret_cast<const char*>(shared->bytes.data()),
                                          shared->bytes.size()));
    j.key("track").null();
  } else {  // the track as the recipient would read it from the bytes that would leave
    model::Log copy;
    if (Status s = formats::read_log_bytes(Bytes(shared->bytes), options_.reader, &copy); !s.ok())
      return error(s);
    analysis::Signals sig = analysis::signals_of(copy);
    const auto& lat = sig[analysis::Ch::kLat];
    int64_t first = lat.empty() ? 0 : lat.t.front();
    track_json(j, sig, INT64_MIN, INT64_MAX, first);
  }
  j.end_object();
  return json(j.str());
}

}  // namespace skykeep::web
