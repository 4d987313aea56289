// Writers: Sinks that encode what they receive as a log of one format, and replay(), which
// pushes a whole model::Log through any Sink. Together: write any Log in any of the formats.
// Not thread-safe; an Output is written only from the writer's thread.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "formats/sink.h"
#include "model/log.h"

namespace skykeep::formats {

// Where a writer's bytes go.
class Output {
 public:
  virtual ~Output() = default;
  virtual void write(Bytes data) = 0;
};

class VectorOutput final : public Output {
 public:
  void write(Bytes data) override { bytes.insert(bytes.end(), data.begin(), data.end()); }
  std::vector<std::byte> bytes;
};

// Buffered file output. Errors are sticky and reported by close().
class FileOutput final : public Output {
 public:
  static Result<std::unique_ptr<FileOutput>> create(const std::string& path);
  ~FileOutput() override;
  void write(Bytes data) override;
  // Flushes and closes; the first write or close error, if any.
  Status close();

 private:
  FileOutput(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  std::FILE* f_;
  std::string path_;
  bool failed_ = false;
};

// A Sink that writes the format. Topics a format cannot carry (a PX4 topic in a tlog) are
// skipped and counted in skipped_topics().
class Writer : public Sink {
 public:
  virtual size_t skipped_topics() const { return 0; }
};

// The writer of a format skykeep can write (formats/capabilities.h), or nullptr.
std::unique_ptr<Writer> make_writer(model::Format format, Output& out);

// Pushes the whole log through sink in an order every writer accepts: format, start time, info,
// native definitions, every topic, initial and default parameters, then records, parameter
// changes, text messages and dropouts merged by time, then on_end with the log's report.
void replay(const model::Log& log, Sink& sink);

// Encodes log in format (its own when kUnknown). Errors: NotSupported for a format skykeep cannot
// write.
Result<std::vector<std::byte>> write_log(const model::Log& log,
                                         model::Format format = model::Format::kUnknown);

}  // namespace skykeep::formats
