#include "formats/dataflash/dataflash_internal.h"

namespace skykeep::dataflash {

std::optional<CharType> char_type(char c) {
  using model::FieldType;
  switch (c) {
    case 'a':
      return CharType{FieldType::kInt16, 32, false, 1.0};
    case 'b':
      return CharType{FieldType::kInt8, 1, false, 1.0};
    case 'B':
      return CharType{FieldType::kUInt8, 1, false, 1.0};
    case 'h':
      return CharType{FieldType::kInt16, 1, false, 1.0};
    case 'H':
      return CharType{FieldType::kUInt16, 1, false, 1.0};
    case 'i':
      return CharType{FieldType::kInt32, 1, false, 1.0};
    case 'I':
      return CharType{FieldType::kUInt32, 1, false, 1.0};
    case 'f':
      return CharType{FieldType::kFloat32, 1, false, 1.0};
    case 'd':
      return CharType{FieldType::kFloat64, 1, false, 1.0};
    case 'n':
      return CharType{FieldType::kChar, 4, true, 1.0};
    case 'N':
      return CharType{FieldType::kChar, 16, true, 1.0};
    case 'Z':
      return CharType{FieldType::kChar, 64, true, 1.0};
    case 'c':
      return CharType{FieldType::kInt16, 1, false, 0.01};
    case 'C':
      return CharType{FieldType::kUInt16, 1, false, 0.01};
    case 'e':
      return CharType{FieldType::kInt32, 1, false, 0.01};
    case 'E':
      return CharType{FieldType::kUInt32, 1, false, 0.01};
    case 'L':
      return CharType{FieldType::kInt32, 1, false, 1e-7};
    case 'M':
      return CharType{FieldType::kUInt8, 1, false, 1.0};
    case 'q':
      return CharType{FieldType::kInt64, 1, false, 1.0};
    case 'Q':
      return CharType{FieldType::kUInt64, 1, false, 1.0};
    case 'g':
      return CharType{FieldType::kFloat16, 1, false, 1.0};
    default:
      return std::nullopt;
  }
}

std::optional<uint32_t> layout(std::string_view format, std::string_view columns,
                               std::vector<model::Field>* fields,
                               std::optional<model::Field>* time) {
  fields->clear();
  time->reset();
  uint32_t off = 0;
  size_t col_start = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    auto ct = char_type(format[i]);
    if (!ct) return std::nullopt;
    std::string name;
    if (col_start <= columns.size()) {
      size_t comma = columns.find(',', col_start);
      name = std::string(columns.substr(
          col_start, comma == std::string_view::npos ? std::string_view::npos : comma - col_start));
      col_start = comma == std::string_view::npos ? columns.size() + 1 : comma + 1;
    }
    if (name.empty()) name = "col" + std::to_string(i);
    uint32_t elem = model::type_size(ct->type);
    if (!time->has_value() && ((name == "TimeUS" && (format[i] == 'Q' || format[i] == 'q')) ||
                               (name == "TimeMS" && (format[i] == 'I' || format[i] == 'i')))) {
      *time = model::Field{name, ct->type, off, 1, "us", name == "TimeMS" ? 1000.0 : 1.0};
      off += elem;
      continue;
    }
    if (ct->text) {
      fields->push_back(model::Field{name, ct->type, off, ct->count, {}, 1.0});
      off += ct->count;
    } else if (ct->count > 1) {
      for (uint32_t k = 0; k < ct->count; ++k) {
        fields->push_back(
            model::Field{name + "[" + std::to_string(k) + "]", ct->type, off, 1, {}, ct->scale});
        off += elem;
      }
    } else {
      fields->push_back(model::Field{name, ct->type, off, 1, {}, ct->scale});
      off += elem;
    }
  }
  return off;
}

}  // namespace skykeep::dataflash
