// skykeep inspect FILE... [--json] [--mavlink-xml FILE]
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <string>

#include "base/json_writer.h"
#include "base/utc.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "formats/detect.h"

namespace skykeep::cli {
namespace {

// Rows kept per topic: enough for the metadata, bounded whatever the log's size.
constexpr size_t kSampleRows = 64;

const char* const kSeverity[] = {"EMERG", "ALERT",  "CRIT", "ERROR",
                                 "WARN",  "NOTICE", "INFO", "DEBUG"};

// The log's start: its own start time where it states one (ULog), else its earliest record.
int64_t log_start(const model::Log& log) {
  if (log.meta.start_time_us > 0) return log.meta.start_time_us;
  int64_t first = INT64_MAX;
  for (const auto& t : log.topics)
    if (t.min_time && *t.min_time > 0 && *t.min_time < first) first = *t.min_time;
  return first == INT64_MAX ? 0 : first;
}

int64_t log_end(const model::Log& log) {
  int64_t last = 0;
  for (const auto& t : log.topics)
    if (t.max_time && *t.max_time > last) last = *t.max_time;
  return last;
}

// (b - a) in seconds, computed in double so that no pair of times can overflow; 0 when b < a.
double seconds_between(int64_t a, int64_t b) {
  return b > a ? (static_cast<double>(b) - static_cast<double>(a)) / 1e6 : 0.0;
}

double rate_hz(const model::Topic& t) {
  if (!t.min_time || t.count < 2 || *t.max_time <= *t.min_time) return 0;
  return static_cast<double>(t.count - 1) * 1e6 /
         (static_cast<double>(*t.max_time) - static_cast<double>(*t.min_time));
}

void write_json(JsonWriter& j, const std::string& path, const model::Log& log) {
  j.begin_object();
  j.key("file").value(path);
  j.key("format").value(model::format_name(log.meta.format));
  j.key("bytes").value(log.report.bytes_total);
  const auto& m = log.meta;
  j.key("vehicle").begin_object();
  j.key("type").value(m.vehicle_type);
  j.key("autopilot").value(m.autopilot);
  j.key("firmware").value(m.firmware_version);
  j.key("hardware").value(m.hardware_version);
  j.key("vehicle_id").value(m.vehicle_id);
  j.key("board_id").value(m.board_id);
  j.end_object();
  j.key("utc_start_us");
  if (m.utc_start_us)
    j.value(*m.utc_start_us);
  else
    j.null();
  int64_t start = log_start(log), end = log_end(log);
  j.key("start_us").value(start);
  j.key("end_us").value(end);
  j.key("duration_s").value(seconds_between(start, end));
  j.key("topics").begin_array();
  for (const auto& t : log.topics) {
    j.begin_object();
    j.key("name").value(t.name());
    j.key("instance").value(static_cast<int64_t>(t.instance()));
    j.key("count").value(static_cast<uint64_t>(t.count));
    j.key("first_us");
    if (t.min_time)
      j.value(*t.min_time);
    else
      j.null();
    j.key("last_us");
    if (t.max_time)
      j.value(*t.max_time);
    else
      j.null();
    j.key("rate_hz").value(rate_hz(t));
    j.key("fields").value(static_cast<uint64_t>(t.schema.fields.size()));
    j.end_object();
  }
  j.end_array();
  j.key("params").value(static_cast<uint64_t>(log.params.initial.size()));
  j.key("param_changes").value(static_cast<uint64_t>(log.params.changes.size()));
  j.key("default_params").value(static_cast<uint64_t>(log.params.defaults.size()));
  j.key("logged_messages").value(static_cast<uint64_t>(log.texts.size()));
  j.key("messages").begin_array();
  for (const auto& msg : log.texts) {
    j.begin_object();
    j.key("time_us");
    if (msg.time_us != model::kNoTime)
      j.value(msg.time_us);
    else
      j.null();
    j.key("severity").value(kSeverity[msg.severity & 7]);
    if (msg.tagged) j.key("tag").value(static_cast<int64_t>(msg.tag));
    j.key("text").value(msg.text);
    j.end_object();
  }
  j.end_array();
  uint64_t drop_ms = 0;
  for (const auto& d : log.dropouts) drop_ms += d.duration_ms;
  j.key("dropouts").begin_object();
  j.key("count").value(static_cast<uint64_t>(log.dropouts.size()));
  j.key("total_ms").value(drop_ms);
  j.end_object();
  j.key("bad_packets").value(log.report.bad_packets);
  j.key("unknown_messages").value(log.report.unknown_messages);
  j.key("parse_report").begin_object();
  j.key("corrupt").value(log.report.corrupt());
  j.key("bytes_skipped").value(log.report.bytes_skipped);
  j.key("issues").begin_array();
  for (const auto& i : log.report.issues) {
    j.begin_object();
    j.key("offset").value(i.offset);
    j.key("message").value(i.message);
    j.end_object();
  }
  j.end_array();
  j.key("issues_not_listed").value(log.report.issues_dropped);
  j.end_object();
  j.end_object();
}

void print_text(const std::string& path, const model::Log& log) {
  const auto& m = log.meta;
  std::printf("%s\n", shown(path).c_str());
  std::printf("  format      %s, %" PRIu64 " bytes\n",
              std::string(model::format_name(m.format)).c_str(), log.report.bytes_total);
  auto show = [](const char* label, const std::string& v) {
    if (!v.empty()) std::printf("  %-11s %s\n", label, shown(v).c_str());
  };
  show("vehicle", m.vehicle_type);
  show("autopilot", m.autopilot);
  show("firmware", m.firmware_version);
  show("hardware", m.hardware_version);
  show("vehicle id", m.vehicle_id);
  show("board id", m.board_id);
  if (m.utc_start_us) show("utc start", format_utc(*m.utc_start_us));
  int64_t start = log_start(log), end = log_end(log);
  std::printf("  duration    %.1f s\n", seconds_between(start, end));
  std::printf("  topics      %zu\n", log.topics.size());
  std::vector<const model::Topic*> topics;
  for (const auto& t : log.topics) topics.push_back(&t);
  std::sort(topics.begin(), topics.end(), [](auto* a, auto* b) {
    return a->name() != b->name() ? a->name() < b->name() : a->instance() < b->instance();
  });
  size_t empty = 0;
  for (const auto* t : topics) {
    if (t->count == 0) {
      ++empty;
      continue;
    }
    std::printf("    %-40s %3u %9zu msgs %9.2f Hz %4zu fields\n", shown(t->name()).c_str(),
                t->instance(), t->count, rate_hz(*t), t->schema.fields.size());
  }
  if (empty) std::printf("    (%zu more subscribed, never written)\n", empty);
  std::printf("  parameters  %zu initial, %zu changed in flight, %zu defaults\n",
              log.params.initial.size(), log.params.changes.size(), log.params.defaults.size());
  std::printf("  messages    %zu\n", log.texts.size());
  size_t listed = 0;
  for (const auto& msg : log.texts) {
    if (++listed > 20) {
      std::printf("    ... %zu more\n", log.texts.size() - 20);
      break;
    }
    double t = msg.time_us == model::kNoTime ? 0 : seconds_between(start, msg.time_us);
    std::printf("    %9.3f s %-6s %s\n", t, kSeverity[msg.severity & 7], shown(msg.text).c_str());
  }
  uint64_t drop_ms = 0;
  for (const auto& d : log.dropouts) drop_ms += d.duration_ms;
  std::printf("  dropouts    %zu (%" PRIu64 " ms lost)\n", log.dropouts.size(), drop_ms);
  const auto& r = log.report;
  if (!r.corrupt()) {
    std::printf("  parse       clean\n");
  } else {
    std::printf("  parse       recovered from corruption: %" PRIu64 " bytes skipped, %" PRIu64
                " bad packets, %zu issues\n",
                r.bytes_skipped, r.bad_packets, r.issues.size() + r.issues_dropped);
    for (size_t i = 0; i < r.issues.size() && i < 10; ++i)
      std::printf("    at byte %" PRIu64 ": %s\n", r.issues[i].offset,
                  shown(r.issues[i].message).c_str());
  }
  if (r.unknown_messages)
    std::printf("  unknown     %" PRIu64 " messages of types this reader cannot name\n",
                r.unknown_messages);
}

}  // namespace

int inspect(const Args& args) {
  bool json = false;
  formats::ReaderOptions options;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--json") {
      json = true;
    } else if (args[i] == "--mavlink-xml") {
      if (i + 1 >= args.size())
        return fail("inspect", Status::InvalidArgument("--mavlink-xml needs a file"));
      options.mavlink_xml.push_back(args[++i]);
    } else if (args[i].rfind("--", 0) == 0) {
      return fail("inspect", Status::InvalidArgument("unknown option " + args[i]));
    } else {
      files.push_back(args[i]);
    }
  }
  if (files.empty()) return fail("inspect", Status::InvalidArgument("no file given"));
  if (Status s = formats::prepare(&options); !s.ok()) return fail("--mavlink-xml", s);
  int code = 0;
  JsonWriter j(true);
  if (json && files.size() > 1) j.begin_array();
  model::Log log;
  for (const auto& f : files) {
    Status s = formats::read_log_file(f, options, &log, kSampleRows);
    if (!s.ok()) {
      code = std::max(code, fail(f, s));
      if (json && files.size() > 1) {
        j.begin_object().key("file").value(f).key("error").value(s.message()).end_object();
      }
      continue;
    }
    if (json) {
      write_json(j, f, log);
    } else {
      print_text(f, log);
    }
    if (log.report.corrupt()) code = std::max(code, 1);
  }
  if (json && files.size() > 1) j.end_array();
  if (json && (files.size() > 1 || code < 2)) std::printf("%s\n", j.str().c_str());
  return code;
}

}  // namespace skykeep::cli
