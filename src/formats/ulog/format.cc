#include <charconv>
#include <cstring>

#include "formats/ulog/ulog_internal.h"

namespace skykeep::ulog {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\0'))
    s.remove_suffix(1);
  return s;
}

struct Flattener {
  const std::map<std::string, FormatDef, std::less<>>& formats;
  std::string* error;
  Layout out;

  // prefix + name, with "[i]" for an element of an array (i < 0: not an array).
  static std::string join(const std::string& prefix, std::string_view name, long i) {
    char index[16];
    size_t n = 0;
    if (i >= 0) {  // "[i]" without a temporary string
      index[n++] = '[';
      n = static_cast<size_t>(std::to_chars(index + n, index + sizeof index - 1, i).ptr - index);
      index[n++] = ']';
    }
    std::string out(prefix.size() + name.size() + n, '\0');
    std::memcpy(out.data(), prefix.data(), prefix.size());
    std::memcpy(out.data() + prefix.size(), name.data(), name.size());
    std::memcpy(out.data() + prefix.size() + name.size(), index, n);
    return out;
  }

  bool too_large(const FormatDef& def, uint64_t end) {
    if (end <= 65535) return false;
    *error = "format " + std::string(def.name) + " is larger than a ULog message can be";
    return true;
  }

  // Appends the fields of `def` at byte offset `base` with names prefixed by `prefix`; returns
  // the size of the struct, or nullopt on error. Work is bounded by the 64 KiB a message holds.
  std::optional<uint32_t> add(const FormatDef& def, uint32_t base, const std::string& prefix,
                              int depth, bool top) {
    if (depth > 16) {
      *error =
          "format nesting deeper than 16 levels (recursive format " + std::string(def.name) + "?)";
      return std::nullopt;
    }
    uint32_t off = 0;
    for (const FormatField& f : def.fields) {
      uint32_t n = f.array == 0 ? 1 : f.array;
      bool padding = f.name.substr(0, 8) == "_padding";
      if (auto bt = basic_type(f.type)) {
        uint32_t size = model::type_size(*bt);
        if (too_large(def, uint64_t{base} + off + uint64_t{size} * n)) return std::nullopt;
        if (padding) {
          off += size * n;
        } else if (*bt == model::FieldType::kChar && f.array > 0) {
          out.fields.emplace_back(
              model::Field{join(prefix, f.name, -1), *bt, base + off, n, {}, 1.0});
          off += n;
        } else if (top && f.name == "timestamp" && f.array == 0 && !out.timestamp &&
                   (size == 8 || size == 4)) {
          out.timestamp = model::Field{std::string(f.name), *bt, base + off, 1, "us", 1.0};
          off += size;
        } else {
          for (uint32_t i = 0; i < n; ++i) {
            out.fields.push_back(model::Field{
                join(prefix, f.name, f.array > 0 ? long{i} : -1), *bt, base + off, 1, {}, 1.0});
            off += size;
          }
        }
        continue;
      }
      auto it = formats.find(f.type);
      if (it == formats.end()) {
        *error = "format " + std::string(def.name) + " uses undefined type " + std::string(f.type);
        return std::nullopt;
      }
      for (uint32_t i = 0; i < n; ++i) {
        std::string p =
            padding ? std::string() : join(prefix, f.name, f.array > 0 ? long{i} : -1) + ".";
        auto size = add(it->second, base + off, p, depth + 1, false);
        if (!size) return std::nullopt;
        if (padding) {  // a padding field of nested type: drop what it added
          while (!out.fields.empty() && out.fields.back().offset >= base + off)
            out.fields.pop_back();
        }
        if (*size == 0) break;  // an empty struct: every element is the same nothing
        off += *size;
        if (too_large(def, uint64_t{base} + off)) return std::nullopt;
      }
    }
    return off;
  }
};

}  // namespace

std::optional<model::FieldType> basic_type(std::string_view t) {
  using model::FieldType;
  switch (t.size()) {
    case 4:
      if (t == "bool") return FieldType::kBool;
      if (t == "char") return FieldType::kChar;
      break;
    case 5:
      if (t == "float") return FieldType::kFloat32;
      break;
    case 6:
      if (t == "int8_t") return FieldType::kInt8;
      if (t == "double") return FieldType::kFloat64;
      break;
    case 7:
      if (t == "uint8_t") return FieldType::kUInt8;
      if (t == "int16_t") return FieldType::kInt16;
      if (t == "int32_t") return FieldType::kInt32;
      if (t == "int64_t") return FieldType::kInt64;
      break;
    case 8:
      if (t == "uint16_t") return FieldType::kUInt16;
      if (t == "uint32_t") return FieldType::kUInt32;
      if (t == "uint64_t") return FieldType::kUInt64;
      break;
  }
  return std::nullopt;
}

std::string_view format_name(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return {};
  return trim(text.substr(0, colon));
}

std::optional<FormatDef> parse_format(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  FormatDef def;
  def.name = trim(text.substr(0, colon));
  if (def.name.empty()) return std::nullopt;
  // One pass over "type[N] name;" items: a type token, spaces, a name up to ';' (trimmed).
  const char* p = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  auto blank = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\0'; };
  while (p < end) {
    while (p < end && (blank(*p) || *p == ';')) ++p;
    if (p == end) break;
    const char* type_begin = p;
    while (p < end && *p != ' ' && *p != ';') ++p;
    std::string_view type(type_begin, static_cast<size_t>(p - type_begin));
    while (p < end && *p == ' ') ++p;
    const char* name_begin = p;
    while (p < end && *p != ';') ++p;
    const char* name_end = p;
    while (name_end > name_begin && blank(name_end[-1])) --name_end;
    FormatField f;
    f.name = std::string_view(name_begin, static_cast<size_t>(name_end - name_begin));
    if (f.name.empty() || f.name.find(' ') != std::string_view::npos) return std::nullopt;
    size_t br = type.find('[');
    if (br != std::string_view::npos) {
      if (type.back() != ']') return std::nullopt;
      std::string_view num = type.substr(br + 1, type.size() - br - 2);
      auto [q, ec] = std::from_chars(num.data(), num.data() + num.size(), f.array);
      if (ec != std::errc() || q != num.data() + num.size() || f.array == 0 || f.array > 65535)
        return std::nullopt;
      type = type.substr(0, br);
    }
    if (type.empty()) return std::nullopt;
    f.type = type;
    def.fields.push_back(f);
  }
  return def;
}

model::Schema schema_of(const std::string& name, uint32_t instance, const Layout& layout) {
  model::Schema s;
  s.name = name;
  s.instance = instance;
  s.payload_size = layout.payload_size;
  s.fields = layout.fields;
  s.time = layout.timestamp;
  s.native_format = name;
  return s;
}

std::optional<Layout> flatten(const std::map<std::string, FormatDef, std::less<>>& formats,
                              std::string_view name, std::string* error) {
  auto it = formats.find(name);
  if (it == formats.end()) {
    *error = "subscription to undefined format " + std::string(name);
    return std::nullopt;
  }
  Flattener f{formats, error, {}};
  f.out.fields.reserve(it->second.fields.size() * 2);
  auto size = f.add(it->second, 0, "", 0, true);
  if (!size) return std::nullopt;
  f.out.payload_size = *size;
  uint32_t end = 0;
  for (const auto& fld : f.out.fields) end = std::max(end, fld.offset + fld.width());
  if (f.out.timestamp) end = std::max(end, f.out.timestamp->offset + f.out.timestamp->width());
  f.out.min_size = end;
  return std::move(f.out);
}

}  // namespace skykeep::ulog
