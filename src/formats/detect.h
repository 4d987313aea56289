// Format detection by content (never by file name) and the whole-input helpers that read any
// supported log into a model::Log. Thread-compatible: each call has its own reader.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "formats/reader.h"
#include "model/log.h"

namespace skykeep::formats {

// Bytes detection wants to see; fewer are enough at the end of the input.
inline constexpr size_t kSniffBytes = 1024;

// The format of a log from its first bytes, or kUnknown.
model::Format detect(Bytes prefix);

// A reader for a known format. Errors: InvalidArgument for kUnknown, or a MAVLink XML file that
// cannot be loaded.
Result<std::unique_ptr<Reader>> make_reader(model::Format format, Sink& sink,
                                            const ReaderOptions& options);

// A reader that detects the format from the first bytes it is fed, then streams on.
std::unique_ptr<Reader> make_detecting_reader(Sink& sink, const ReaderOptions& options);

// Reads a whole log into *log through the streaming reader (chunks of 1 MiB). A non-OK Status
// means unreadable (not a log, empty, no permission, unknown incompatible flag); corruption that
// was recovered from is in log->report. *log may be a reused Log (its memory is kept).
// keep_rows bounds the rows stored per topic (see LogSink).
Status read_log_file(const std::string& path, const ReaderOptions& options, model::Log* log,
                     size_t keep_rows = SIZE_MAX);
Status read_log_bytes(Bytes data, const ReaderOptions& options, model::Log* log);

}  // namespace skykeep::formats
