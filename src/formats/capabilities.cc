#include "formats/capabilities.h"

namespace skykeep::formats {
namespace {

constexpr FormatInfo kFormats[] = {
    {model::Format::kULog, "ulog", ".ulg", true, true, model::Format::kULog},
    {model::Format::kDataFlash, "dataflash", ".bin", true, true, model::Format::kDataFlash},
    {model::Format::kTlog, "tlog", ".tlog", true, true, model::Format::kTlog},
};
constexpr FormatInfo kUnknownFormat{};

}  // namespace

const FormatInfo& format_info(model::Format f) {
  for (const auto& i : kFormats)
    if (i.format == f) return i;
  return kUnknownFormat;
}

std::span<const FormatInfo> known_formats() { return kFormats; }

}  // namespace skykeep::formats
