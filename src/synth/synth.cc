#include "synth/synth.h"

#include <charconv>
#include <cmath>

#include "formats/writer.h"
#include "synth/emitter_internal.h"

namespace skykeep::synth {
namespace {

class CountingOutput final : public formats::Output {
 public:
  explicit CountingOutput(formats::Output& inner) : inner_(inner) {}
  void write(Bytes d) override {
    bytes += d.size();
    inner_.write(d);
  }
  uint64_t bytes = 0;

 private:
  formats::Output& inner_;
};

uint64_t run(const Options& o, formats::Sink& sink, const CountingOutput* out) {
  std::unique_ptr<Emitter> e;
  switch (o.format) {
    case model::Format::kDataFlash:
      e = make_dataflash_emitter(sink, o);
      break;
    case model::Format::kTlog:
      e = make_tlog_emitter(sink, o);
      break;
    case model::Format::kDjiCsv:
      e = make_dji_emitter(sink, o);
      break;
    default:
      e = make_ulog_emitter(sink, o);
  }
  e->begin();
  int64_t t0 = 0;
  for (int i = 0;; ++i) {
    if (i >= o.flights && (!out || out->bytes >= o.min_bytes)) break;
    Flight f(o.seed, i, o.lat, o.lon, o.alt_amsl, t0, o);
    size_t next_fault = 0;
    bool was_armed = false;
    Mode was_mode = Mode::kPosition;
    size_t next_mode = 0;
    bool warned_ground = false, warned_air = false, changed_param = false, dropped = false;
    int64_t mission_mid = 0;
    for (const auto& [t, m] : f.mode_changes())
      if (m == Mode::kMission && !mission_mid) mission_mid = t + 30000000;
    for (int64_t t = f.start_us(); t <= f.end_us(); t += Emitter::kTickUs) {
      State s = f.at(t);
      if (s.armed != was_armed) {
        e->armed(s, s.armed);
        e->text(
            t, 6,
            s.armed ? "[commander] Armed by external command" : "[commander] Disarmed by landing");
        was_armed = s.armed;
      }
      while (next_mode < f.mode_changes().size() && f.mode_changes()[next_mode].first <= t) {
        Mode m = f.mode_changes()[next_mode++].second;
        if (m != was_mode || next_mode == 1) {
          e->mode(s, m);
          if (next_mode > 1)
            e->text(t, 6, std::string("[commander] Mode changed to ") + mode_name(m));
          was_mode = m;
        }
      }
      if (o.warnings && !warned_ground && t >= f.start_us() + 12000000) {
        warned_ground = true;
        e->text(t, 4, "[commander] Preflight: compass calibration is more than a year old");
      }
      if (mission_mid && t >= mission_mid) {
        if (o.warnings && !warned_air) {
          warned_air = true;
          e->text(t, 4, "[navigator] High wind estimate: 9.5 m/s, mission speed reduced");
        }
        if (!changed_param) {
          changed_param = true;
          e->param_change(t, "MPC_XY_CRUISE", 8.0);
        }
      }
      if (!dropped && mission_mid && t >= mission_mid + 20000000) {
        dropped = true;
        e->dropout(t, 12);
      }
      for (; next_fault < f.fault_messages().size() && f.fault_messages()[next_fault].t_us <= t;
           ++next_fault)
        e->text(t, f.fault_messages()[next_fault].severity, f.fault_messages()[next_fault].text);
      e->tick(s, f);
    }
    t0 = f.end_us() + Emitter::kTickUs;
  }
  sink.on_end(model::ParseReport{});
  return e->records();
}

}  // namespace

uint64_t synthesize(const Options& o, formats::Sink& sink) { return run(o, sink, nullptr); }

Result<uint64_t> synthesize_file(const Options& o, const std::string& path) {
  auto file = formats::FileOutput::create(path);
  if (!file) return file.error();
  CountingOutput out(**file);
  auto writer = formats::make_writer(o.format, out);
  if (!writer)
    return Status::NotSupported(std::string("skykeep cannot write ") +
                                std::string(model::format_name(o.format)) + " logs");
  uint64_t n = run(o, *writer, &out);
  Status s = (*file)->close();
  if (!s.ok()) return s;
  return n;
}

std::vector<std::byte> synthesize_bytes(const Options& o) {
  formats::VectorOutput vec;
  CountingOutput out(vec);
  auto writer = formats::make_writer(o.format, out);
  if (!writer) return {};
  run(o, *writer, &out);
  return std::move(vec.bytes);
}

const char* const kFaultNames =
    "gps-jamming, gps-spoofing, gps-no-fix, low-battery, vibration or crash";

bool set_fault(std::string_view name, Options::Faults* f) {
  constexpr std::pair<std::string_view, bool Options::Faults::*> kFaults[] = {
      {"gps-jamming", &Options::Faults::gps_jamming},
      {"gps-spoofing", &Options::Faults::gps_spoofing},
      {"gps-no-fix", &Options::Faults::gps_no_fix},
      {"low-battery", &Options::Faults::low_battery},
      {"vibration", &Options::Faults::vibration},
      {"crash", &Options::Faults::crash}};
  for (const auto& [n, member] : kFaults) {
    if (n != name) continue;
    f->*member = true;
    return true;
  }
  return false;
}

std::optional<uint64_t> parse_size(const std::string& text) {
  if (text.empty()) return std::nullopt;
  uint64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p == text.data()) return std::nullopt;
  std::string_view unit(p, static_cast<size_t>(text.data() + text.size() - p));
  uint64_t mul = 1;
  if (unit == "" || unit == "B")
    mul = 1;
  else if (unit == "K" || unit == "k" || unit == "KiB")
    mul = 1ull << 10;
  else if (unit == "M" || unit == "MiB")
    mul = 1ull << 20;
  else if (unit == "G" || unit == "GiB")
    mul = 1ull << 30;
  else
    return std::nullopt;
  if (n > (UINT64_MAX / mul)) return std::nullopt;
  return n * mul;
}

}  // namespace skykeep::synth
