#include "model/log.h"

#include <cmath>
#include <cstring>

#include "base/endian.h"

namespace skykeep::model {

bool is_parameter_topic(std::string_view n) {
  return n == "PARM" || n == "PARAM_VALUE" || n == "PARAM_SET" || n == "PARAM_EXT_VALUE" ||
         n == "PARAM_EXT_SET";
}

std::string_view format_name(Format f) {
  switch (f) {
    case Format::kULog:
      return "ulog";
    case Format::kDataFlash:
      return "dataflash";
    case Format::kTlog:
      return "tlog";
    case Format::kDji:
      return "dji";
    case Format::kDjiCsv:
      return "dji_csv";
    default:
      return "unknown";
  }
}

std::string_view type_name(FieldType t) {
  switch (t) {
    case FieldType::kInt8:
      return "int8_t";
    case FieldType::kUInt8:
      return "uint8_t";
    case FieldType::kInt16:
      return "int16_t";
    case FieldType::kUInt16:
      return "uint16_t";
    case FieldType::kInt32:
      return "int32_t";
    case FieldType::kUInt32:
      return "uint32_t";
    case FieldType::kInt64:
      return "int64_t";
    case FieldType::kUInt64:
      return "uint64_t";
    case FieldType::kFloat32:
      return "float";
    case FieldType::kFloat64:
      return "double";
    case FieldType::kBool:
      return "bool";
    case FieldType::kChar:
      return "char";
    case FieldType::kFloat16:
      return "float16";
  }
  return "?";
}

int Schema::find(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field_name) return static_cast<int>(i);
  return -1;
}

namespace {

double half_to_double(uint16_t h) {
  int exp = (h >> 10) & 0x1f;
  int mant = h & 0x3ff;
  double v;
  if (exp == 0) {
    v = std::ldexp(mant, -24);
  } else if (exp == 31) {
    v = mant ? NAN : INFINITY;
  } else {
    v = std::ldexp(mant + 1024, exp - 25);
  }
  return (h & 0x8000) ? -v : v;
}

}  // namespace

double field_value(const Field& f, const std::byte* p) {
  double v;
  switch (f.type) {
    case FieldType::kInt8:
      v = load_le<int8_t>(p);
      break;
    case FieldType::kUInt8:
      v = load_le<uint8_t>(p);
      break;
    case FieldType::kBool:
      v = load_le<uint8_t>(p) != 0;
      break;
    case FieldType::kInt16:
      v = load_le<int16_t>(p);
      break;
    case FieldType::kUInt16:
      v = load_le<uint16_t>(p);
      break;
    case FieldType::kInt32:
      v = load_le<int32_t>(p);
      break;
    case FieldType::kUInt32:
      v = load_le<uint32_t>(p);
      break;
    case FieldType::kInt64:
      v = static_cast<double>(load_le<int64_t>(p));
      break;
    case FieldType::kUInt64:
      v = static_cast<double>(load_le<uint64_t>(p));
      break;
    case FieldType::kFloat32:
      v = load_le<float>(p);
      break;
    case FieldType::kFloat64:
      v = load_le<double>(p);
      break;
    case FieldType::kFloat16:
      v = half_to_double(load_le<uint16_t>(p));
      break;
    case FieldType::kChar:
      if (f.count > 1) return NAN;
      v = load_le<uint8_t>(p);
      break;
    default:
      return NAN;
  }
  return f.scale == 1.0 ? v : v * f.scale;
}

std::string_view field_text(const Field& f, const std::byte* p) {
  std::string_view s(reinterpret_cast<const char*>(p), f.width());
  size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

int64_t Topic::time_at(size_t row) const { return load_le<int64_t>(time.row(row)); }

std::string info_to_string(const InfoValue& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* u = std::get_if<uint64_t>(&v)) return std::to_string(*u);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", std::get<double>(v));
  return buf;
}

void ParseReport::add(uint64_t offset, std::string message) {
  if (issues.size() >= kMaxIssues) {
    ++issues_dropped;
    return;
  }
  issues.push_back({offset, std::move(message)});
}

size_t Log::column_bytes() const {
  size_t n = 0;
  for (const auto& t : topics) {
    n += t.time.bytes().size();
    for (const auto& c : t.columns) n += c.bytes().size();
  }
  return n;
}

const Topic* Log::find(std::string_view name, uint32_t instance) const {
  for (const Topic& t : topics)
    if (t.schema.name == name && t.schema.instance == instance) return &t;
  return nullptr;
}

const InfoItem* Log::find_info(std::string_view key) const {
  for (const InfoItem& i : info)
    if (i.key == key) return &i;
  return nullptr;
}

Log deep_copy(const Log& in) {
  Log out;
  out.meta = in.meta;
  out.info = in.info;
  out.params = in.params;
  out.texts = in.texts;
  out.dropouts = in.dropouts;
  out.report = in.report;
  out.native = in.native;
  for (const auto& t : in.topics) {
    Topic c;
    c.schema = t.schema;
    c.rows = t.rows;
    c.count = t.count;
    c.min_time = t.min_time;
    c.max_time = t.max_time;
    c.time.bytes().append(t.time.bytes().data(), t.rows * 8);
    for (const auto& col : t.columns) {
      Column k(col.width());
      k.bytes().append(col.bytes().data(), t.rows * col.width());
      c.columns.push_back(std::move(k));
    }
    out.topics.push_back(std::move(c));
  }
  return out;
}

}  // namespace skykeep::model
