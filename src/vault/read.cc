#include "vault/read.h"

#include <map>
#include <memory>
#include <mutex>

#include "analysis/signals_io.h"
#include "formats/detect.h"
#include "formats/log_sink.h"
#include "formats/mavlink/dialect.h"
#include "formats/window_sink.h"
#include "vault/blob.h"
#include "vault/catalog.h"

namespace skykeep::vault {

Result<analysis::Signals> load_signals(Vault& v, int64_t log_id) {
  auto l = log_blobs(v, log_id);
  if (!l) return l.error();
  std::vector<std::byte> plain;
  Status s = open_file(v.master(), Bytes(l->derived_key),
                       v.dir() + "/" + Vault::kBlobDir + "/" + l->derived_blob, [&](Bytes b) {
                         plain.insert(plain.end(), b.begin(), b.end());
                         return true;
                       });
  if (!s.ok()) return s;
  return analysis::decode(Bytes(plain));
}

namespace {

// The reader options for a kept log: the MAVLink dialect it was imported with when it has one
// (parsed once per set of definitions), else those given.
Result<formats::ReaderOptions> options_for(const LogBlobs& l, const formats::ReaderOptions& given) {
  if (l.dialect.empty()) return given;
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const mavlink::Dialect>> parsed;
  std::lock_guard<std::mutex> lock(mutex);
  auto& d = parsed[l.dialect];
  if (!d) {
    auto read = mavlink::Dialect::from_text(l.dialect);
    if (!read)
      return Status::Corruption("the MAVLink definitions kept with log " + l.name + ": " +
                                read.error().message());
    d = std::make_shared<const mavlink::Dialect>(std::move(*read));
  }
  formats::ReaderOptions o;
  o.dialect = d;
  return o;
}

}  // namespace

Status read_original(Vault& v, int64_t log_id, const formats::ReaderOptions& given,
                     formats::Sink& sink) {
  auto l = log_blobs(v, log_id);
  if (!l) return l.error();
  auto options = options_for(*l, given);
  if (!options) return options.error();
  auto reader = formats::make_detecting_reader(sink, *options);
  Status rs;
  Status s = open_file(v.master(), Bytes(l->wrapped_key),
                       v.dir() + "/" + Vault::kBlobDir + "/" + l->blob, [&](Bytes b) {
                         rs = reader->feed(b);
                         return rs.ok();
                       });
  if (!rs.ok()) return rs;
  if (!s.ok()) return s;
  return reader->finish();
}

Status read_window(Vault& v, int64_t log_id, int64_t from_us, int64_t to_us,
                   const formats::ReaderOptions& options, model::Log* log) {
  formats::LogSink sink(log);
  formats::WindowSink window(sink, from_us, to_us);
  return read_original(v, log_id, options, window);
}

}  // namespace skykeep::vault
