// The shape of one topic's records: typed, named fields at byte offsets inside a record payload.
// Readers describe every format's records this way; the model stores one column per field.
// Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skykeep::model {

// kDji: a DJI app's flight record (DJIFlightRecord_*.txt); kDjiCsv: a CSV export of one
// (TXTlogToCSV columns with or without units, or Airdata UAV's export).
enum class Format : uint8_t { kUnknown, kULog, kDataFlash, kTlog, kDji, kDjiCsv };
// "ulog", "dataflash", "tlog", "dji", "dji_csv", "unknown"
std::string_view format_name(Format f);

// Topics whose records are parameters rather than measurements: DataFlash PARM, MAVLink
// PARAM_VALUE, PARAM_SET, PARAM_EXT_VALUE and PARAM_EXT_SET.
bool is_parameter_topic(std::string_view topic_name);

enum class FieldType : uint8_t {
  kInt8,
  kUInt8,
  kInt16,
  kUInt16,
  kInt32,
  kUInt32,
  kInt64,
  kUInt64,
  kFloat32,
  kFloat64,
  kBool,
  kChar,
  kFloat16,
};
// Bytes of one element of the type.
constexpr uint32_t type_size(FieldType t) {
  switch (t) {
    case FieldType::kInt16:
    case FieldType::kUInt16:
    case FieldType::kFloat16:
      return 2;
    case FieldType::kInt32:
    case FieldType::kUInt32:
    case FieldType::kFloat32:
      return 4;
    case FieldType::kInt64:
    case FieldType::kUInt64:
    case FieldType::kFloat64:
      return 8;
    default:
      return 1;
  }
}
std::string_view type_name(FieldType t);  // "int8_t" ... "double", "bool", "char", "float16"

struct Field {
  std::string name;  // arrays are flattened to "name[i]", nested types to "outer.inner"
  FieldType type = FieldType::kUInt8;
  uint32_t offset = 0;  // byte offset inside the record payload
  uint32_t count = 1;   // > 1 only for fixed-width text (kChar): stored as one string field
  std::string unit;     // as the format states it ("m/s", "deg"), empty when it states none
  double scale = 1.0;   // physical value = raw * scale (DataFlash c/C/e/E/L and FMTU multipliers)

  uint32_t width() const { return type_size(type) * count; }
  bool is_text() const { return type == FieldType::kChar; }
};

struct Schema {
  std::string name;
  uint32_t instance = 0;
  uint32_t payload_size = 0;  // bytes in one record payload, padding included
  std::vector<Field> fields;  // data fields in payload order; padding and time excluded
  std::optional<Field> time;  // the time field inside the payload, scale = microseconds/unit
  // Format-native identity, so a writer of the same format can reproduce the record framing:
  // ULog: the format (struct) name; DataFlash: type byte and format characters;
  // MAVLink: message id, CRC_EXTRA and (sysid << 8 | compid) of the sender.
  std::string native_format;
  uint32_t native_id = 0;
  uint32_t source = 0;
  uint8_t crc_extra = 0;

  // Index of the field called name, or -1.
  int find(std::string_view field_name) const;
};

}  // namespace skykeep::model
