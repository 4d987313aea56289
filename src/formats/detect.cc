#include "formats/detect.h"

#include <cstring>
#include <vector>

#include "base/file.h"
#include "formats/dataflash/reader.h"
#include "formats/log_sink.h"
#include "formats/mavlink/tlog_reader.h"
#include "formats/ulog/reader.h"

namespace skykeep::formats {

model::Format detect(Bytes prefix) {
  if (ulog::sniff(prefix)) return model::Format::kULog;
  if (dataflash::sniff(prefix)) return model::Format::kDataFlash;
  if (mavlink::sniff_tlog(prefix)) return model::Format::kTlog;
  return model::Format::kUnknown;
}

Result<std::unique_ptr<Reader>> make_reader(model::Format format, Sink& sink,
                                            const ReaderOptions& options) {
  switch (format) {
    case model::Format::kULog:
      return ulog::make_reader(sink);
    case model::Format::kDataFlash:
      return dataflash::make_reader(sink);
    case model::Format::kTlog:
      if (options.dialect) return mavlink::make_tlog_reader(sink, *options.dialect);
      return mavlink::make_tlog_reader(sink, options.mavlink_xml);
    default:
      return Status::InvalidArgument("not a flight log (no ULog, DataFlash or tlog signature)");
  }
}

Status prepare(ReaderOptions* options) {
  if (options->mavlink_xml.empty() || options->dialect) return Status::Ok();
  auto d = std::make_shared<mavlink::Dialect>(mavlink::Dialect::builtin());
  for (const auto& path : options->mavlink_xml) {
    Status s = d->load_xml(path);
    if (!s.ok()) return s;
  }
  options->dialect = std::move(d);
  return Status::Ok();
}

namespace {

class DetectingReader final : public Reader {
 public:
  DetectingReader(Sink& sink, const ReaderOptions& options) : sink_(sink), options_(options) {}

  Status feed(Bytes chunk) override {
    if (inner_) return inner_->feed(chunk);
    if (head_.empty() && chunk.size() >= kSniffBytes) return start(chunk, false);
    head_.insert(head_.end(), chunk.begin(), chunk.end());
    if (head_.size() < kSniffBytes) return Status::Ok();
    std::vector<std::byte> head = std::move(head_);
    return start(Bytes(head), false);
  }

  Status finish() override {
    if (!inner_) {
      if (head_.empty()) return Status::InvalidArgument("empty file");
      std::vector<std::byte> head = std::move(head_);
      Status s = start(Bytes(head), true);
      if (!s.ok()) return s;
    }
    return inner_->finish();
  }

 private:
  Status start(Bytes first, bool at_end) {
    model::Format f = detect(first);
    if (f == model::Format::kUnknown) {
      return Status::InvalidArgument(at_end && first.size() < 16
                                         ? "not a flight log: only " +
                                               std::to_string(first.size()) + " bytes"
                                         : "not a flight log (no ULog, DataFlash or tlog "
                                           "signature)");
    }
    auto r = make_reader(f, sink_, options_);
    if (!r) return r.error();
    inner_ = std::move(*r);
    return inner_->feed(first);
  }

  Sink& sink_;
  ReaderOptions options_;
  std::unique_ptr<Reader> inner_;
  std::vector<std::byte> head_;
};

}  // namespace

std::unique_ptr<Reader> make_detecting_reader(Sink& sink, const ReaderOptions& options) {
  return std::make_unique<DetectingReader>(sink, options);
}

Status read_log_bytes(Bytes data, const ReaderOptions& options, model::Log* log) {
  LogSink sink(log);
  auto reader = make_detecting_reader(sink, options);
  Status s = reader->feed(data);
  if (!s.ok()) return s;
  return reader->finish();
}

Status read_log_file(const std::string& path, const ReaderOptions& options, model::Log* log,
                     size_t keep_rows) {
  LogSink sink(log, keep_rows);
  auto reader = make_detecting_reader(sink, options);
  Status s;
  auto n = stream_file(path, size_t{1} << 20, [&](Bytes chunk) {
    s = reader->feed(chunk);
    return s.ok();
  });
  if (!n) return n.error();
  if (!s.ok()) return s;
  return reader->finish();
}

}  // namespace skykeep::formats
