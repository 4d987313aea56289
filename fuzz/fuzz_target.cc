#include "fuzz_target.h"

#include <cstdio>
#include <cstdlib>

#include "analysis/export.h"
#include "analysis/recorder.h"
#include "analysis/signals_io.h"
#include "formats/detect.h"
#include "formats/log_sink.h"
#include "formats/writer.h"

namespace skykeep::fuzz {
namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

Status read(model::Format format, Bytes in, size_t chunk, model::Log* log) {
  formats::LogSink sink(log);
  auto reader = formats::make_reader(format, sink, {});
  if (!reader) return reader.error();
  while (!in.empty()) {
    size_t n = std::min(chunk, in.size());
    Status s = (*reader)->feed(in.first(n));
    if (!s.ok()) return s;
    in = in.subspan(n);
  }
  return (*reader)->finish();
}

}  // namespace

void exercise(model::Format format, const uint8_t* data, size_t size) {
  Bytes in(reinterpret_cast<const std::byte*>(data), size);
  model::Log whole, chunked;
  Status a = read(format, in, size ? size : 1, &whole);
  size_t chunk = size ? 1 + data[0] % 61 : 1;
  Status b = read(format, in, chunk, &chunked);
  check(a.ok() == b.ok(), "chunking changed whether the input reads");
  if (!a.ok()) return;
  check(whole.report.bytes_total == size, "every byte is accounted for");
  check(whole.report.bytes_skipped <= size, "no more bytes skipped than given");
  check(whole.topics.size() == chunked.topics.size(), "chunking changed the topics");
  for (size_t i = 0; i < whole.topics.size(); ++i)
    check(whole.topics[i].rows == chunked.topics[i].rows, "chunking changed a topic's rows");
  check(whole.column_bytes() <= 16 * size + (1u << 20), "memory in proportion to the input");
  // Whatever was read can be written and read again.
  auto written = formats::write_log(whole).value();
  model::Log again;
  Status c = formats::read_log_bytes(Bytes(written), {}, &again);
  check(written.empty() || c.ok(), "what a writer wrote reads back");
  // Whatever was read can be analysed: flights in order, events inside them, derived data that
  // decodes to itself, exports that do not fail.
  analysis::Signals sig = analysis::signals_of(whole);
  auto flights = analysis::analyze(sig);
  for (size_t i = 0; i < flights.size(); ++i) {
    const auto& f = flights[i];
    check(f.summary.start_us <= f.summary.end_us, "a flight ends after it starts");
    check(i == 0 || flights[i - 1].summary.start_us <= f.summary.start_us, "flights in time order");
    for (const auto& e : f.events)
      check(e.t >= f.summary.start_us && e.t <= f.summary.end_us, "events inside their flight");
    analysis::ExportInfo info{"fuzz", "fuzz", "fuzz"};
    check(!analysis::to_gpx(sig, f, info).empty() && !analysis::to_kml(sig, f, info).empty() &&
              !analysis::to_geojson(sig, f, info).empty(),
          "exports write something");
  }
  auto bytes = analysis::encode(sig);
  auto back = analysis::decode(Bytes(bytes));
  check(back.has_value() && analysis::encode(*back) == bytes, "derived data decodes to itself");
}

}  // namespace skykeep::fuzz
