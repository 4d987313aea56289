// What skykeep can do with each log format: read it, and write it natively (a copy or a share in
// the log's own format), with the file extension of such a copy. Writers and shares choose from
// this table, never from a default (docs/formats.md, "Formats"). Pure; thread-safe.
#pragma once

#include <span>

#include "model/schema.h"

namespace skykeep::formats {

struct FormatInfo {
  model::Format format = model::Format::kUnknown;
  const char* name = "unknown";  // as model::format_name
  const char* extension = "";    // of a native copy: ".ulg", ".bin", ".tlog"
  bool read = false;
  bool write = false;  // skykeep's own writer reproduces the format
  // The format a native copy or share of such a log is written in: the format itself where
  // skykeep writes it, the CSV export columns for a DJI record, kUnknown where there is none.
  model::Format native_copy = model::Format::kUnknown;
};

// The format's entry (kUnknown has one: nothing can be done with it).
const FormatInfo& format_info(model::Format f);
// Every format skykeep knows.
std::span<const FormatInfo> known_formats();

}  // namespace skykeep::formats
