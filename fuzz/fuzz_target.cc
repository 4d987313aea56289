#include "fuzz_target.h"

#include <cstdio>
#include <cstdlib>

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
  auto written = formats::write_log(whole);
  model::Log again;
  Status c = formats::read_log_bytes(Bytes(written), {}, &again);
  check(written.empty() || c.ok(), "what a writer wrote reads back");
}

}  // namespace skykeep::fuzz
