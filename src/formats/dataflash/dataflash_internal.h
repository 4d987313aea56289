// ArduPilot DataFlash wire constants and format-character table, shared by reader and writer.
// Layout: docs/formats.md#dataflash. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.h"

namespace skykeep::dataflash {

inline constexpr uint8_t kHead1 = 0xA3;
inline constexpr uint8_t kHead2 = 0x95;
inline constexpr uint8_t kFmtType = 0x80;
inline constexpr uint8_t kFmtLength =
    89;  // header 3 + type 1 + length 1 + name 4 + format 16 + columns 64

struct CharType {
  model::FieldType type;
  uint32_t count;  // elements (a: 32 int16; n/N/Z: text of 4/16/64 chars)
  bool text;
  double scale;
};

// The storage of one format character, or nullopt for an unknown one.
std::optional<CharType> char_type(char c);

// Lays out a FMT's fields: names from the comma-separated columns, types from the format
// characters. Returns the payload size the format string implies, or nullopt when a character
// is unknown. The time column (TimeUS, or TimeMS scaled to microseconds) goes to *time.
std::optional<uint32_t> layout(std::string_view format, std::string_view columns,
                               std::vector<model::Field>* fields,
                               std::optional<model::Field>* time);

}  // namespace skykeep::dataflash
