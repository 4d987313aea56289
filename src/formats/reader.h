// Push parsers: feed() the input in chunks of any size, then finish(). Memory stays bounded by
// the largest record of the format, whatever the chunking. Not thread-safe; one reader per input.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/status.h"
#include "formats/sink.h"

namespace skykeep::mavlink {
class Dialect;
}

namespace skykeep::formats {

struct ReaderOptions {
  // MAVLink XML definition files loaded on top of the built-in messages (includes followed).
  // Loaded for each reader unless `dialect` already holds them (see prepare()).
  std::vector<std::string> mavlink_xml;
  // The built-in messages plus mavlink_xml, loaded once and shared by every reader.
  std::shared_ptr<const mavlink::Dialect> dialect;
};

// Loads options->mavlink_xml once into options->dialect, so that many reads share it.
// Errors: an XML file that cannot be read or parsed (file and line named).
Status prepare(ReaderOptions* options);

class Reader {
 public:
  virtual ~Reader() = default;
  // Consumes bytes; views into them are not kept. A non-OK Status is fatal: not this format,
  // an unknown incompatible flag. Corruption is never fatal: it is reported in the ParseReport.
  virtual Status feed(Bytes chunk) = 0;
  // Ends the input: reports a truncated tail and calls Sink::on_end once.
  virtual Status finish() = 0;
};

}  // namespace skykeep::formats
