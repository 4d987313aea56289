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
#include "web/assets.h"
#include "web/downsample.h"

namespace skykeep::web {
namespace {

constexpr size_t kTrackPoints = 2000;  // a track keeps at most this many points
constexpr size_t kMaxBuckets = 4000;   // a plot request asks for at most this many pixels

Response json(std::string body, int status = 200) {
  return {status, "application/json", std::move(body), "", ""};
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
    case Status::Code::kAlreadyExists:
      return error(409, s.message());
    case Status::Code::kNotSupported:
      return error(422, s.message());
    case Status::Code::kBusy:  // another skykeep is writing: try again
      return error(503, s.message());
    case Status::Code::kNoSpace:
      return error(507, s.message());
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
std::shared_ptr<const V> take(std::list<std::pair<std::string, std::shared_ptr<const V>>>& cache,
                              const std::string& key) {
  for (auto it = cache.begin(); it != cache.end(); ++it)
    if (it->first == key) {
      cache.splice(cache.begin(), cache, it);
      return it->second;
    }
  return nullptr;
}

template <class V>
void keep(std::list<std::pair<std::string, std::shared_ptr<const V>>>& cache, std::string key,
          std::shared_ptr<const V> v, size_t most) {
  cache.emplace_front(key, std::move(v));
  while (cache.size() > std::max<size_t>(1, most)) cache.pop_back();
}

// The logbook's filter from the query. Errors: InvalidArgument.
Result<vault::Filter> logbook_filter(const Request& r) {
  vault::Filter f;
  if (auto t = query_text(r, "text"); !t.empty()) f.text = t;
  if (auto t = query_text(r, "vehicle"); !t.empty()) f.vehicle = t;
  if (auto t = query_text(r, "event"); !t.empty()) {
    if (analysis::event_kind_index(t) < 0)
      return Status::InvalidArgument("unknown event kind '" + t + "'");
    f.event = t;
  }
  if (auto t = query_text(r, "since"); !t.empty()) {
    auto v = parse_utc(t);
    if (!v) return Status::InvalidArgument("since takes a UTC date like 2026-05-01");
    f.since_us = *v;
  }
  if (auto t = query_text(r, "until"); !t.empty()) {
    auto v = parse_utc_until(t);
    if (!v) return Status::InvalidArgument("until takes a UTC date like 2026-05-31");
    f.until_us = *v;
  }
  if (auto v = query_number(r, "min_duration_s")) f.min_duration_s = *v;
  if (auto v = query_number(r, "max_duration_s")) f.max_duration_s = *v;
  f.limit = 1000;
  if (auto v = query_number(r, "limit"); v && *v >= 1)
    f.limit = static_cast<size_t>(std::min(*v, 100000.0));
  return f;
}

// The JSON views of the answers: each writes what a handler got from the domain.

void stats_rows_json(JsonWriter& j, const char* name, const vault::Stats& s, bool total) {
  auto row = [&j](const vault::StatRow& r) {
    j.key("flights").value(r.flights).key("hours").value(r.hours);
    j.key("distance_km").value(r.distance_km);
  };
  j.key(name).begin_array();
  for (const auto& r : s.rows) {
    j.begin_object().key("key").value(r.key);
    row(r);
    j.end_object();
  }
  j.end_array();
  if (total) {
    j.key("total").begin_object();
    row(s.total);
    j.end_object();
  }
}

std::string stats_json(const vault::Stats& by_vehicle, const vault::Stats& by_month,
                       const std::vector<vault::VehicleRow>& vehicles) {
  JsonWriter j;
  j.begin_object();
  stats_rows_json(j, "by_vehicle", by_vehicle, true);
  stats_rows_json(j, "by_month", by_month, false);
  j.key("vehicles").begin_array();
  for (const auto& v : vehicles) {
    j.begin_object().key("uid").value(v.uid).key("type").value(v.type);
    j.key("autopilot").value(v.autopilot).key("flights").value(v.flights).end_object();
  }
  j.end_array().key("event_kinds").begin_array();
  for (const char* k : analysis::kEventKinds) j.value(k);
  j.end_array().end_object();
  return j.str();
}

std::string recipients_json(const privacy::Policy& p) {
  JsonWriter j;
  j.begin_object().key("policy_sha256").value(p.sha256).key("recipients").begin_array();
  for (const auto& [name, rec] : p.recipients) {
    j.begin_object().key("name").value(name).key("levels").begin_object();
    for (size_t c = 0; c < privacy::kClasses; ++c)
      j.key(privacy::class_name(static_cast<privacy::DataClass>(c)))
          .value(privacy::level_name(rec.levels[c]));
    j.end_object().end_object();
  }
  j.end_array().end_object();
  return j.str();
}

std::string audit_json(const std::vector<vault::AuditEntry>& entries,
                       const vault::AuditCheck& check, const std::string& checkpoint,
                       const std::string& verifier, size_t limit) {
  JsonWriter j;
  j.begin_object().key("verified").begin_object().key("ok").value(check.problems.empty());
  j.key("entries").value(check.entries).key("problems").begin_array();
  for (const auto& p : check.problems) j.value(p);
  j.end_array().end_object();
  j.key("checkpoint").value(checkpoint).key("verifier").value(verifier);
  j.key("total").value(static_cast<uint64_t>(entries.size()));
  j.key("entries").begin_array();  // newest first
  for (size_t k = 0; k < entries.size() && k < limit; ++k) {
    const auto& e = entries[entries.size() - 1 - k];
    j.begin_object().key("index").value(e.index).key("entry").raw(e.data).end_object();
  }
  j.end_array().end_object();
  return j.str();
}

std::string flight_json(const vault::FlightDetail& d, const analysis::Signals& s) {
  const analysis::Summary& sum = d.flight.summary;
  JsonWriter j;
  j.begin_object().key("flight");
  present::flight_json(j, d.flight);
  j.key("log_sha256").value(d.log_sha256).key("log_corrupt").value(d.log_corrupt);
  present::sources_json(j, d.sources);
  j.key("events").begin_array();
  for (const auto& e : d.events) present::event_json(j, e, sum, d.utc_offset_us);
  j.end_array();
  track_json(j, s, sum.start_us, sum.end_us, sum.start_us);
  j.key("channels").begin_array();
  for (size_t c = 0; c < analysis::kChannels; ++c) {
    if (s.ch[c].empty()) continue;
    j.begin_object().key("name").value(analysis::channel_name(static_cast<analysis::Ch>(c)));
    j.key("unit").value(analysis::channel_unit(static_cast<analysis::Ch>(c))).end_object();
  }
  j.end_array();
  j.key("messages").begin_array();
  for (const auto& m : s.texts) {
    if (m.t < sum.start_us - 10000000 || m.t > sum.end_us + 10000000) continue;
    j.begin_object().key("t").value(static_cast<double>(m.t - sum.start_us) / 1e6);
    j.key("severity").value(static_cast<int>(m.severity));
    j.key("severity_known").value(m.severity_known).key("text").value(m.text).end_object();
  }
  j.end_array();
  j.key("mode_names").begin_object();
  for (const auto& [code, name] : s.mode_names) j.key(std::to_string(code)).value(name);
  j.end_object().end_object();
  return j.str();
}

// What a plot request asks for: [from, to] in seconds since arming, the pixels, the names.
struct SeriesQuery {
  double from_s = 0, to_s = 0;
  size_t buckets = 1000;
  std::vector<std::string> names;
};

Result<SeriesQuery> series_query(const Request& r, double duration_s) {
  SeriesQuery q;
  q.from_s = query_number(r, "from").value_or(0);
  q.to_s = query_number(r, "to").value_or(duration_s);
  if (q.to_s < q.from_s) return Status::InvalidArgument("from must come before to");
  q.buckets = static_cast<size_t>(
      std::clamp(query_number(r, "width").value_or(1000), 10.0, double(kMaxBuckets)));
  std::string names = query_text(r, "names");
  if (names.empty())
    return Status::InvalidArgument("names takes one or more series, comma separated");
  q.names = split(names, ',');
  return q;
}

// One plot series as JSON: the samples kept of (time, value) rows in [from, to].
template <class Time, class Value>
std::string series_json(const std::string& name, const std::string& unit, size_t rows, Time time,
                        Value value, int64_t from, int64_t to, int64_t origin, size_t buckets,
                        const char* time_format) {
  std::vector<size_t> kept = min_max_buckets(rows, time, value, from, to, buckets);
  auto rel = [&](int64_t t) { return static_cast<double>(t - origin) / 1e6; };
  JsonWriter j;
  j.begin_object().key("name").value(name).key("unit").value(unit);
  j.key("t").raw(number_array(
      kept.size(), [&](size_t k) { return rel(time(kept[k])); }, time_format));
  j.key("v").raw(number_array(
      kept.size(), [&](size_t k) { return value(kept[k]); }, "%.7g"));
  j.end_object();
  return j.str();
}

std::string topics_json(const model::Log& log) {
  JsonWriter j;
  j.begin_object().key("topics").begin_array();
  for (const auto& t : log.topics) {
    bool numeric = false;
    for (const auto& f : t.schema.fields) numeric |= !f.is_text();
    if (t.rows == 0 || !numeric) continue;
    j.begin_object().key("topic").value(t.name());
    j.key("instance").value(static_cast<int64_t>(t.instance()));
    j.key("rows").value(static_cast<uint64_t>(t.rows)).key("fields").begin_array();
    for (const auto& f : t.schema.fields)
      if (!f.is_text())
        j.begin_object().key("name").value(f.name).key("unit").value(f.unit).end_object();
    j.end_array().end_object();
  }
  j.end_array().end_object();
  return j.str();
}

// Whether flight x began before flight y.
bool began_before(const vault::FlightRow& x, const vault::FlightRow& y) {
  if (x.log_id == y.log_id) return x.seq < y.seq;
  if (x.summary.utc_start_us && y.summary.utc_start_us)
    return *x.summary.utc_start_us < *y.summary.utc_start_us;
  return x.log_id < y.log_id;
}

// The same vehicle's previous flight: the latest that began before this one. With a UTC start,
// the catalog's newest-first order gives it among the first flights before that time; the
// whole list of the vehicle's flights is read only without one (or if those were all another
// vehicle's sharing the identifier's prefix).
Result<std::optional<vault::FlightRow>> previous_flight(vault::Vault& v,
                                                        const vault::FlightRow& flight) {
  std::optional<vault::FlightRow> prev;
  vault::Filter f;
  f.vehicle = flight.vehicle_uid;
  f.until_us = flight.summary.utc_start_us;
  f.limit = flight.summary.utc_start_us ? 50 : SIZE_MAX - 1;
  for (bool more = true; more && !prev;) {
    auto rows = vault::find_flights(v, f, &more);
    if (!rows) return rows.error();
    for (auto& row : *rows)
      if (row.vehicle_uid == flight.vehicle_uid && row.id != flight.id &&
          began_before(row, flight) && (!prev || began_before(*prev, row)))
        prev = std::move(row);
    f.limit = SIZE_MAX - 1;
  }
  return prev;
}

std::string params_json(const model::Log& log, int64_t start_us,
                        const std::map<std::string, double>& now,
                        const std::optional<vault::FlightRow>& prev,
                        const std::optional<std::map<std::string, double>>& then) {
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
  for (const auto& c : log.params.changes) {
    if (c.time_us == model::kNoTime || c.time_us <= start_us) continue;
    j.begin_object().key("t").value(static_cast<double>(c.time_us - start_us) / 1e6);
    j.key("name").value(c.param.name).key("value").value(c.param.value).end_object();
  }
  j.end_array().end_object();
  return j.str();
}

// A share's request from the query: the recipient (required) and the encoding.
Result<vault::ShareRequest> share_request(const Request& r, const formats::ReaderOptions& reader) {
  vault::ShareRequest req;
  req.flight = r.id;
  req.recipient = query_text(r, "recipient");
  req.as = query_text(r, "as").empty() ? "native" : query_text(r, "as");
  req.reader = reader;
  if (req.recipient.empty()) return Status::InvalidArgument("recipient is required");
  return req;
}

// The file name a written share is offered under: letters, digits, '.', '-', '_' only.
std::string share_filename(int64_t id, const std::string& recipient, const std::string& ext) {
  std::string name = "flight-" + std::to_string(id) + "-" + recipient + ext;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  return name;
}

Result<std::string> share_preview_json(const vault::ShareRequest& req, const vault::Shared& shared,
                                       const formats::ReaderOptions& reader) {
  JsonWriter j;
  j.begin_object().key("recipient").value(req.recipient);
  j.key("manifest").raw(shared.manifest.json(false));
  j.key("summary_only").value(shared.manifest.summary_only);
  j.key("bytes").value(static_cast<uint64_t>(shared.bytes.size()));
  j.key("extension").value(shared.extension);
  if (shared.manifest.summary_only) {
    j.key("summary").raw(
        std::string_view(reinterpret_cast<const char*>(shared.bytes.data()), shared.bytes.size()));
    j.key("track").null();
  } else {  // the track as the recipient would read it from the bytes that would leave
    model::Log copy;
    if (Status s = formats::read_log_bytes(Bytes(shared.bytes), reader, &copy); !s.ok()) return s;
    analysis::Signals sig = analysis::signals_of(copy);
    const auto& lat = sig[analysis::Ch::kLat];
    track_json(j, sig, INT64_MIN, INT64_MAX, lat.empty() ? 0 : lat.t.front());
  }
  j.end_object();
  return j.str();
}

}  // namespace

Api::Api(vault::Vault& v, ApiOptions options) : vault_(v), options_(std::move(options)) {}
Api::~Api() = default;

Result<std::shared_ptr<const model::Log>> Api::original(const vault::FlightDetail& d) {
  const auto& f = d.flight;
  const std::string key = d.log_sha256 + "/" + std::to_string(f.summary.start_us) + "-" +
                          std::to_string(f.summary.end_us);
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto log = take(originals_, key)) return log;
  }
  std::lock_guard<std::mutex> load(load_mutex_);
  {  // another request may have loaded it meanwhile
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto log = take(originals_, key)) return log;
  }
  auto log = std::make_shared<model::Log>();
  if (Status s = vault::read_flight_window(vault_, d, options_.reader, log.get(), {"ui original"});
      !s.ok())
    return s;
  std::lock_guard<std::mutex> lock(cache_mutex_);
  keep<model::Log>(originals_, key, log, options_.cached_flights);
  return std::shared_ptr<const model::Log>(log);
}

Result<std::shared_ptr<const analysis::Signals>> Api::signals(const vault::FlightDetail& d) {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto s = take(signals_, d.log_sha256)) return s;
  }
  auto s = vault::load_signals(vault_, d.flight.log_id);
  if (!s) return s.error();
  auto shared = std::make_shared<const analysis::Signals>(std::move(*s));
  std::lock_guard<std::mutex> lock(cache_mutex_);
  keep(signals_, d.log_sha256, shared, 8);
  return shared;
}

// GET (index.html): the interface's page.
Response Api::page(const Request&) {
  if (auto a = find_asset("index.html"))
    return {200, std::string(a->type), std::string(a->body), "", ""};
  return {200, "text/html; charset=utf-8",
          "<!doctype html><title>skykeep</title><p>This skykeep was built without its web "
          "interface (SKYKEEP_UI=OFF); the API is under api/.</p>",
          "", ""};
}

// GET assets/FILE: the interface's script and stylesheet.
Response Api::asset(const Request& r) {
  auto a = find_asset("assets/" + r.file);
  if (!a) return error(404, "no such file: assets/" + r.file);
  return {200, std::string(a->type), std::string(a->body), "", ""};
}

// GET api/config
Response Api::config(const Request&) {
  JsonWriter j;
  j.begin_object().key("tiles");
  if (options_.tiles.empty())
    j.null();
  else
    j.value(options_.tiles);
  j.key("vault").value(vault_.dir()).end_object();
  return json(j.str());
}

// GET api/flights: the logbook, filtered; the listing is a read on the audit record.
Response Api::logbook(const Request& r) {
  auto f = logbook_filter(r);
  if (!f) return error(f.error());
  auto list = vault::list_flights(vault_, *f, {"ui logbook"});
  if (!list) return error(list.error());
  JsonWriter j;
  j.begin_object().key("flights").begin_array();
  for (const auto& row : list->flights) present::flight_json(j, row);
  j.end_array().key("more").value(list->more).end_object();
  return json(j.str());
}

// GET api/stats: totals by vehicle and month, the vehicles, the event kinds.
Response Api::stats(const Request&) {
  auto by_vehicle = vault::read_stats(vault_, vault::StatsBy::kVehicle, {"ui stats"});
  if (!by_vehicle) return error(by_vehicle.error());
  auto by_month = vault::stats(vault_, vault::StatsBy::kMonth);
  if (!by_month) return error(by_month.error());
  auto vehicles = vault::vehicles(vault_);
  if (!vehicles) return error(vehicles.error());
  return json(stats_json(*by_vehicle, *by_month, *vehicles));
}

// GET api/recipients: the policy's recipients and their levels.
Response Api::recipients(const Request&) {
  auto p = vault::read_policy(vault_, {"ui recipients"});
  if (!p) return error(p.error());
  return json(recipients_json(*p));
}

// GET api/audit: the entries, newest first, and whether the log verifies.
Response Api::audit(const Request& r) {
  const double limit = std::clamp(query_number(r, "limit").value_or(500), 1.0, 100000.0);
  auto entries = vault::audit_entries(vault_);
  if (!entries) return error(entries.error());
  auto check = vault::verify_audit(vault_, std::nullopt);
  if (!check) return error(check.error());
  auto checkpoint = vault::latest_checkpoint(vault_);
  if (!checkpoint) return error(checkpoint.error());
  return json(audit_json(*entries, *check, *checkpoint, vault::audit_verifier(vault_),
                         static_cast<size_t>(limit)));
}

// GET api/flights/ID: summary, events, track, channels, messages; a read on the record.
Response Api::flight(const Request& r) {
  auto d = vault::read_flight(vault_, r.id, {"ui flight"});
  if (!d) return error(d.error());
  auto s = signals(*d);
  if (!s) return error(s.error());
  return json(flight_json(*d, **s));
}

// GET api/flights/ID/series: derived channels or fields of the original, downsampled.
Response Api::series(const Request& r) {
  auto d = vault::get_flight(vault_, r.id);
  if (!d) return error(d.error());
  const analysis::Summary& sum = d->flight.summary;
  auto q = series_query(r, static_cast<double>(sum.end_us - sum.start_us) / 1e6);
  if (!q) return error(q.error());
  const int64_t from = sum.start_us + static_cast<int64_t>(q->from_s * 1e6);
  const int64_t to = sum.start_us + static_cast<int64_t>(q->to_s * 1e6);
  JsonWriter j;
  j.begin_object().key("from").value(q->from_s).key("to").value(q->to_s);
  j.key("series").begin_array();
  for (const auto& name : q->names) {
    auto one = one_series(*d, name, from, to, q->buckets);
    if (!one) return error(one.error());
    j.raw(*one);
  }
  j.end_array().end_object();
  return json(j.str());
}

// One series of a plot: a derived channel, or TOPIC/INSTANCE/FIELD of the original log.
Result<std::string> Api::one_series(const vault::FlightDetail& d, const std::string& name,
                                    int64_t from, int64_t to, size_t buckets) {
  const int64_t origin = d.flight.summary.start_us;
  if (auto ch = analysis::channel_by_name(name)) {
    auto sig = signals(d);
    if (!sig) return sig.error();
    const auto& s = (**sig)[*ch];
    return series_json(
        name, analysis::channel_unit(*ch), s.size(), [&](size_t i) { return s.t[i]; },
        [&](size_t i) { return s.v[i]; }, from, to, origin, buckets, "%.3f");
  }
  auto p = split(name, '/');
  std::optional<int64_t> instance = p.size() == 3 ? parse_id(p[1]) : std::nullopt;
  if (!instance)
    return Status::InvalidArgument("'" + name + "' is neither a channel nor TOPIC/INSTANCE/FIELD");
  auto log = original(d);
  if (!log) return log.error();
  const model::Topic* t = (**log).find(p[0], static_cast<uint32_t>(*instance));
  const int field = t ? t->schema.find(p[2]) : -1;
  if (field < 0)
    return Status::NotFound("no series " + name + " in flight " + std::to_string(d.flight.id));
  const auto f = static_cast<size_t>(field);
  return series_json(
      name, t->schema.fields[f].unit, t->rows, [&](size_t i) { return t->time_at(i); },
      [&](size_t i) { return t->value(f, i); }, from, to, origin, buckets, "%.4f");
}

// GET api/flights/ID/topics: the original's topics with numeric fields.
Response Api::topics(const Request& r) {
  auto d = vault::get_flight(vault_, r.id);
  if (!d) return error(d.error());
  auto log = original(*d);
  if (!log) return error(log.error());
  return json(topics_json(**log));
}

// GET api/flights/ID/params: parameters as the flight began, against the vehicle's previous
// flight (whose reading is a read on the record).
Response Api::params(const Request& r) {
  auto d = vault::get_flight(vault_, r.id);
  if (!d) return error(d.error());
  auto log = original(*d);
  if (!log) return error(log.error());
  auto prev = previous_flight(vault_, d->flight);
  if (!prev) return error(prev.error());
  std::optional<std::map<std::string, double>> then;
  if (*prev) {
    const vault::FlightRow& p = **prev;
    model::Log plog;
    ParamsSink sink(&plog);
    formats::WindowSink window(sink, p.summary.start_us, p.summary.end_us);
    if (Status s =
            vault::read_flight_original(vault_, p, options_.reader, window, {"ui parameters"});
        !s.ok())
      return error(s);
    then = params_at(plog, p.summary.start_us);
  }
  const int64_t start = d->flight.summary.start_us;
  return json(params_json(**log, start, params_at(**log, start), *prev, then));
}

// POST api/flights/ID/share: the share's bytes, to save; recorded as a share.
Response Api::share(const Request& r) {
  auto req = share_request(r, options_.reader);
  if (!req) return error(req.error());
  auto shared = vault::share(vault_, *req);
  if (!shared) return error(shared.error());
  const auto* bytes = reinterpret_cast<const char*>(shared->bytes.data());
  return {200, "application/octet-stream", std::string(bytes, shared->bytes.size()),
          share_filename(r.id, req->recipient, shared->extension), ""};
}

// GET api/flights/ID/share-preview: the manifest and the track read back from the bytes that
// would leave; recorded as a preview.
Response Api::share_preview(const Request& r) {
  auto req = share_request(r, options_.reader);
  if (!req) return error(req.error());
  req->dry_run = true;
  auto shared = vault::share(vault_, *req);
  if (!shared) return error(shared.error());
  auto body = share_preview_json(*req, *shared, options_.reader);
  if (!body) return error(body.error());
  return json(std::move(*body));
}

}  // namespace skykeep::web
