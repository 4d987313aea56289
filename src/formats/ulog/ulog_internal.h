// ULog wire constants and the format-definition parser shared by the reader and the writer.
// Layout: docs/formats.md#ulog. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.h"

namespace skykeep::ulog {

inline constexpr uint8_t kMagic[7] = {'U', 'L', 'o', 'g', 0x01, 0x12, 0x35};
inline constexpr uint8_t kSyncMagic[8] = {0x2F, 0x73, 0x13, 0x20, 0x25, 0x0C, 0xBB, 0x12};
inline constexpr size_t kHeaderSize = 16;
inline constexpr size_t kMsgHeaderSize = 3;
inline constexpr uint64_t kIncompatDataAppended = 1;  // bit 0 of incompat_flags[0]

enum MsgType : uint8_t {
  kFlagBits = 'B',
  kFormat = 'F',
  kInfo = 'I',
  kInfoMulti = 'M',
  kParam = 'P',
  kParamDefault = 'Q',
  kAddLogged = 'A',
  kRemoveLogged = 'R',
  kData = 'D',
  kLogging = 'L',
  kLoggingTagged = 'C',
  kSync = 'S',
  kDropout = 'O',
};

// One field of a format message as written: "type[N] name". Views into the format's text.
struct FormatField {
  std::string_view type;  // "float", "uint8_t", or a nested format's name
  uint32_t array = 0;     // 0: not an array
  std::string_view name;
};

// A parsed format message. Its names are views into the text it was parsed from, which must
// outlive it.
struct FormatDef {
  std::string_view name;
  std::vector<FormatField> fields;
};

// The name of a format message's format ("name" of "name:..."), empty when there is none.
std::string_view format_name(std::string_view text);

// Parses "name:type field;type[3] field2;". nullopt when malformed. The result views `text`.
std::optional<FormatDef> parse_format(std::string_view text);

// A basic type by its ULog name, or nullopt for a nested format name.
std::optional<model::FieldType> basic_type(std::string_view name);

// Flattens format `name` into fields at byte offsets (nested types inlined, arrays expanded to
// name[i], char arrays kept as one text field, _padding fields dropped). Fills payload_size, and
// min_size, the size without trailing padding. Errors as a message: unknown type, recursion.
struct Layout {
  std::vector<model::Field> fields;
  std::optional<model::Field> timestamp;  // top-level "timestamp" field
  uint32_t payload_size = 0;
  uint32_t min_size = 0;
};
std::optional<Layout> flatten(const std::map<std::string, FormatDef, std::less<>>& formats,
                              std::string_view name, std::string* error);

// The schema of a subscription to format `name` with that layout.
model::Schema schema_of(const std::string& name, uint32_t instance, const Layout& layout);

}  // namespace skykeep::ulog
