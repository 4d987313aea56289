// MAVLink telemetry log (.tlog) push reader: each packet preceded by an 8-byte big-endian Unix
// microsecond timestamp; MAVLink 1 and 2, signed and zero-truncated packets; CRC with CRC_EXTRA;
// resynchronises after a bad packet and counts it. Spec: docs/formats.md#tlog. Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "formats/mavlink/dialect.h"
#include "formats/reader.h"

namespace skykeep::mavlink {

// Reader over the built-in messages plus the given XML dialect files (errors if one cannot load).
Result<std::unique_ptr<formats::Reader>> make_tlog_reader(formats::Sink& sink,
                                                          const std::vector<std::string>& xml);
// Reader over an already loaded dialect, which must outlive it.
std::unique_ptr<formats::Reader> make_tlog_reader(formats::Sink& sink, const Dialect& dialect);

// True when the bytes look like a tlog: a timestamp then a MAVLink start byte, twice.
bool sniff_tlog(Bytes prefix);

}  // namespace skykeep::mavlink
