#include "formats/mavlink/dialect.h"

#include <expat.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "base/crc.h"
#include "base/file.h"

namespace skykeep::mavlink {
namespace {

// The built-in messages, transcribed from the published MAVLink definitions (minimal, standard,
// common, ardupilotmega; GNSS_INTEGRITY from development, which PX4 sends). Format per message:
// "type name [units];..." in declaration order, with "|" where the <extensions/> marker stands.
struct Builtin {
  uint32_t id;
  const char* name;
  const char* fields;
};

constexpr Builtin kBuiltins[] = {
    {0, "HEARTBEAT",
     "uint8_t type;uint8_t autopilot;uint8_t base_mode;uint32_t custom_mode;uint8_t "
     "system_status;uint8_t_mavlink_version mavlink_version"},
    {1, "SYS_STATUS",
     "uint32_t onboard_control_sensors_present;uint32_t onboard_control_sensors_enabled;uint32_t "
     "onboard_control_sensors_health;uint16_t load d%;uint16_t voltage_battery mV;int16_t "
     "current_battery cA;int8_t battery_remaining %;uint16_t drop_rate_comm c%;uint16_t "
     "errors_comm;uint16_t errors_count1;uint16_t errors_count2;uint16_t errors_count3;uint16_t "
     "errors_count4;|;uint32_t onboard_control_sensors_present_extended;uint32_t "
     "onboard_control_sensors_enabled_extended;uint32_t onboard_control_sensors_health_extended"},
    {22, "PARAM_VALUE",
     "char[16] param_id;float param_value;uint8_t param_type;uint16_t param_count;uint16_t "
     "param_index"},
    {24, "GPS_RAW_INT",
     "uint64_t time_usec us;uint8_t fix_type;int32_t lat degE7;int32_t lon degE7;int32_t alt "
     "mm;uint16_t eph;uint16_t epv;uint16_t vel cm/s;uint16_t cog cdeg;uint8_t "
     "satellites_visible;|;int32_t alt_ellipsoid mm;uint32_t h_acc mm;uint32_t v_acc mm;uint32_t "
     "vel_acc mm/s;uint32_t hdg_acc degE5;uint16_t yaw cdeg"},
    {30, "ATTITUDE",
     "uint32_t time_boot_ms ms;float roll rad;float pitch rad;float yaw rad;float rollspeed "
     "rad/s;float pitchspeed rad/s;float yawspeed rad/s"},
    {33, "GLOBAL_POSITION_INT",
     "uint32_t time_boot_ms ms;int32_t lat degE7;int32_t lon degE7;int32_t alt mm;int32_t "
     "relative_alt mm;int16_t vx cm/s;int16_t vy cm/s;int16_t vz cm/s;uint16_t hdg cdeg"},
    {36, "SERVO_OUTPUT_RAW",
     "uint32_t time_usec us;uint8_t port;uint16_t servo1_raw us;uint16_t servo2_raw us;uint16_t "
     "servo3_raw us;uint16_t servo4_raw us;uint16_t servo5_raw us;uint16_t servo6_raw us;uint16_t "
     "servo7_raw us;uint16_t servo8_raw us;|;uint16_t servo9_raw us;uint16_t servo10_raw "
     "us;uint16_t servo11_raw us;uint16_t servo12_raw us;uint16_t servo13_raw us;uint16_t "
     "servo14_raw us;uint16_t servo15_raw us;uint16_t servo16_raw us"},
    {42, "MISSION_CURRENT",
     "uint16_t seq;|;uint16_t total;uint8_t mission_state;uint8_t mission_mode;uint32_t "
     "mission_id;uint32_t fence_id;uint32_t rally_points_id"},
    {65, "RC_CHANNELS",
     "uint32_t time_boot_ms ms;uint8_t chancount;uint16_t chan1_raw us;uint16_t chan2_raw "
     "us;uint16_t chan3_raw us;uint16_t chan4_raw us;uint16_t chan5_raw us;uint16_t chan6_raw "
     "us;uint16_t chan7_raw us;uint16_t chan8_raw us;uint16_t chan9_raw us;uint16_t chan10_raw "
     "us;uint16_t chan11_raw us;uint16_t chan12_raw us;uint16_t chan13_raw us;uint16_t chan14_raw "
     "us;uint16_t chan15_raw us;uint16_t chan16_raw us;uint16_t chan17_raw us;uint16_t chan18_raw "
     "us;uint8_t rssi"},
    {74, "VFR_HUD",
     "float airspeed m/s;float groundspeed m/s;int16_t heading deg;uint16_t throttle %;float alt "
     "m;float climb m/s"},
    {76, "COMMAND_LONG",
     "uint8_t target_system;uint8_t target_component;uint16_t command;uint8_t confirmation;float "
     "param1;float param2;float param3;float param4;float param5;float param6;float param7"},
    {77, "COMMAND_ACK",
     "uint16_t command;uint8_t result;|;uint8_t progress %;int32_t result_param2;uint8_t "
     "target_system;uint8_t target_component"},
    {147, "BATTERY_STATUS",
     "uint8_t id;uint8_t battery_function;uint8_t type;int16_t temperature cdegC;uint16_t[10] "
     "voltages mV;int16_t current_battery cA;int32_t current_consumed mAh;int32_t energy_consumed "
     "hJ;int8_t battery_remaining %;|;int32_t time_remaining s;uint8_t charge_state;uint16_t[4] "
     "voltages_ext mV;uint8_t mode;uint32_t fault_bitmask"},
    {148, "AUTOPILOT_VERSION",
     "uint64_t capabilities;uint32_t flight_sw_version;uint32_t middleware_sw_version;uint32_t "
     "os_sw_version;uint32_t board_version;uint8_t[8] flight_custom_version;uint8_t[8] "
     "middleware_custom_version;uint8_t[8] os_custom_version;uint16_t vendor_id;uint16_t "
     "product_id;uint64_t uid;|;uint8_t[18] uid2"},
    {193, "EKF_STATUS_REPORT",
     "uint16_t flags;float velocity_variance;float pos_horiz_variance;float "
     "pos_vert_variance;float compass_variance;float terrain_alt_variance;|;float "
     "airspeed_variance"},
    {241, "VIBRATION",
     "uint64_t time_usec us;float vibration_x;float vibration_y;float vibration_z;uint32_t "
     "clipping_0;uint32_t clipping_1;uint32_t clipping_2"},
    {242, "HOME_POSITION",
     "int32_t latitude degE7;int32_t longitude degE7;int32_t altitude mm;float x m;float y m;float "
     "z m;float[4] q;float approach_x m;float approach_y m;float approach_z m;|;uint64_t time_usec "
     "us"},
    {245, "EXTENDED_SYS_STATE", "uint8_t vtol_state;uint8_t landed_state"},
    {253, "STATUSTEXT", "uint8_t severity;char[50] text;|;uint16_t id;uint8_t chunk_seq"},
    {441, "GNSS_INTEGRITY",
     "uint8_t id;uint32_t system_errors;uint8_t authentication_state;uint8_t jamming_state;uint8_t "
     "spoofing_state;uint8_t raim_state;uint16_t raim_hfom cm;uint16_t raim_vfom cm;uint8_t "
     "corrections_quality;uint8_t system_status_summary;uint8_t gnss_signal_quality;uint8_t "
     "post_processing_quality"},
};

std::optional<model::FieldType> wire_type(std::string_view t) {
  using model::FieldType;
  if (t == "uint8_t_mavlink_version") return FieldType::kUInt8;
  static const std::pair<std::string_view, FieldType> kTypes[] = {
      {"int8_t", FieldType::kInt8},   {"uint8_t", FieldType::kUInt8},
      {"int16_t", FieldType::kInt16}, {"uint16_t", FieldType::kUInt16},
      {"int32_t", FieldType::kInt32}, {"uint32_t", FieldType::kUInt32},
      {"int64_t", FieldType::kInt64}, {"uint64_t", FieldType::kUInt64},
      {"float", FieldType::kFloat32}, {"double", FieldType::kFloat64},
      {"char", FieldType::kChar},
  };
  for (auto& [n, ft] : kTypes)
    if (n == t) return ft;
  return std::nullopt;
}

// Physical unit and scale for the scaled integer units MAVLink declares.
void physical_unit(const std::string& units, std::string* unit, double* scale) {
  static const struct {
    const char* from;
    const char* to;
    double scale;
  } kUnits[] = {
      {"degE7", "deg", 1e-7}, {"degE5", "deg", 1e-5},  {"cdeg", "deg", 0.01}, {"mm", "m", 1e-3},
      {"cm", "m", 0.01},      {"cm/s", "m/s", 0.01},   {"mm/s", "m/s", 1e-3}, {"mV", "V", 1e-3},
      {"cA", "A", 0.01},      {"cdegC", "degC", 0.01}, {"d%", "%", 0.1},      {"c%", "%", 0.01},
  };
  for (auto& u : kUnits) {
    if (units == u.from) {
      *unit = u.to;
      *scale = u.scale;
      return;
    }
  }
  *unit = units;
  *scale = 1.0;
}

std::vector<DeclaredField> parse_builtin(const char* spec) {
  std::vector<DeclaredField> out;
  bool ext = false;
  std::string_view s(spec);
  while (!s.empty()) {
    size_t semi = s.find(';');
    std::string_view item = s.substr(0, semi);
    s = semi == std::string_view::npos ? std::string_view() : s.substr(semi + 1);
    if (item == "|") {
      ext = true;
      continue;
    }
    DeclaredField f;
    size_t sp1 = item.find(' ');
    std::string_view type = item.substr(0, sp1);
    std::string_view rest = item.substr(sp1 + 1);
    size_t sp2 = rest.find(' ');
    f.name = std::string(rest.substr(0, sp2));
    if (sp2 != std::string_view::npos) f.units = std::string(rest.substr(sp2 + 1));
    size_t br = type.find('[');
    if (br != std::string_view::npos) {
      std::from_chars(type.data() + br + 1, type.data() + type.size() - 1, f.array);
      type = type.substr(0, br);
    }
    f.type = std::string(type);
    f.extension = ext;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

bool make_message(uint32_t id, std::string name, const std::vector<DeclaredField>& fields,
                  MessageDef* out, std::string* error) {
  std::vector<const DeclaredField*> wire;
  for (const auto& f : fields)
    if (!f.extension) wire.push_back(&f);
  for (const auto* f : wire) {
    if (!wire_type(f->type)) {
      *error = "message " + name + ": unknown field type " + f->type;
      return false;
    }
  }
  std::stable_sort(wire.begin(), wire.end(), [](const DeclaredField* a, const DeclaredField* b) {
    return model::type_size(*wire_type(a->type)) > model::type_size(*wire_type(b->type));
  });
  uint16_t crc = crc_x25(name + " ");
  for (const auto* f : wire) {
    std::string t = f->type == "uint8_t_mavlink_version" ? std::string("uint8_t") : f->type;
    crc = crc_x25(t + " ", crc);
    crc = crc_x25(f->name + " ", crc);
    if (f->array > 0) crc = crc_x25_step(crc, static_cast<uint8_t>(f->array));
  }
  for (const auto& f : fields) {
    if (!f.extension) continue;
    if (!wire_type(f.type)) {
      *error = "message " + name + ": unknown field type " + f.type;
      return false;
    }
    wire.push_back(&f);
  }
  MessageDef def;
  def.id = id;
  def.name = std::move(name);
  def.declared = fields;
  def.crc_extra = static_cast<uint8_t>((crc & 0xFF) ^ (crc >> 8));
  uint32_t off = 0;
  for (const auto* f : wire) {
    model::FieldType ft = *wire_type(f->type);
    uint32_t n = f->array == 0 ? 1 : f->array;
    std::string unit;
    double scale;
    physical_unit(f->units, &unit, &scale);
    if (f->extension && def.min_length == 0) def.min_length = off;
    if (ft == model::FieldType::kChar && f->array > 0) {
      def.fields.push_back(model::Field{f->name, ft, off, n, unit, 1.0});
      off += n;
    } else {
      for (uint32_t i = 0; i < n; ++i) {
        std::string fname = f->name;
        if (f->array > 0) fname += "[" + std::to_string(i) + "]";
        def.fields.push_back(model::Field{std::move(fname), ft, off, 1, unit, scale});
        off += model::type_size(ft);
      }
    }
  }
  def.max_length = off;
  if (def.min_length == 0) def.min_length = off;
  if (off > 255) {
    *error = "message " + def.name + " is longer than 255 bytes";
    return false;
  }
  *out = std::move(def);
  return true;
}

const Dialect& Dialect::builtin() {
  static const Dialect kBuiltin = [] {
    Dialect out;
    for (const auto& b : kBuiltins) {
      MessageDef def;
      std::string error;
      if (make_message(b.id, b.name, parse_builtin(b.fields), &def, &error))
        out.add(std::move(def));
    }
    return out;
  }();
  return kBuiltin;
}

std::string Dialect::definitions_text() const {
  const Dialect& base = builtin();
  std::vector<const MessageDef*> own;
  for (const auto& m : messages_) {
    const MessageDef* b = base.find(m.id);
    if (!b || b->name != m.name || b->crc_extra != m.crc_extra || b->max_length != m.max_length)
      own.push_back(&m);
  }
  std::sort(own.begin(), own.end(), [](auto* a, auto* b) { return a->id < b->id; });
  std::string out;
  for (const MessageDef* m : own) {
    out += std::to_string(m->id) + " " + m->name + " ";
    bool ext = false, first = true;
    for (const auto& f : m->declared) {
      if (f.extension && !ext) out += first ? "|" : ";|", ext = true, first = false;
      out += first ? "" : ";";
      out += f.type + (f.array ? "[" + std::to_string(f.array) + "]" : "") + " " + f.name;
      if (!f.units.empty()) out += " " + f.units;
      first = false;
    }
    out += "\n";
  }
  return out;
}

Result<Dialect> Dialect::from_text(std::string_view text) {
  Dialect d = builtin();
  size_t line = 0;
  while (!text.empty()) {
    ++line;
    size_t nl = text.find('\n');
    std::string_view l = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (l.empty()) continue;
    size_t sp1 = l.find(' '), sp2 = sp1 == std::string_view::npos ? sp1 : l.find(' ', sp1 + 1);
    uint32_t id = 0;
    if (sp2 == std::string_view::npos ||
        std::from_chars(l.data(), l.data() + sp1, id).ec != std::errc())
      return Status::Corruption("MAVLink definitions, line " + std::to_string(line) +
                                ": not \"ID NAME FIELDS\"");
    std::string fields(l.substr(sp2 + 1));
    MessageDef def;
    std::string error;
    if (!make_message(id, std::string(l.substr(sp1 + 1, sp2 - sp1 - 1)),
                      parse_builtin(fields.c_str()), &def, &error))
      return Status::Corruption("MAVLink definitions, line " + std::to_string(line) + ": " + error);
    d.add(std::move(def));
  }
  return d;
}

void Dialect::add(MessageDef def) {
  auto it = by_id_.find(def.id);
  if (it != by_id_.end()) {
    messages_[it->second] = std::move(def);
    return;
  }
  by_id_[def.id] = messages_.size();
  messages_.push_back(std::move(def));
}

const MessageDef* Dialect::find(uint32_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &messages_[it->second];
}

const MessageDef* Dialect::find(std::string_view name) const {
  for (const auto& m : messages_)
    if (m.name == name) return &m;
  return nullptr;
}

namespace {

struct XmlState {
  std::vector<std::string> includes;
  std::vector<std::pair<uint32_t, std::string>> headers;
  std::vector<std::vector<DeclaredField>> bodies;
  bool in_message = false;
  bool in_include = false;
  bool extensions = false;
  std::string text;
  std::string error;
};

const char* attr(const XML_Char** atts, const char* name) {
  for (int i = 0; atts[i]; i += 2)
    if (std::string_view(atts[i]) == name) return atts[i + 1];
  return nullptr;
}

void XMLCALL on_start(void* data, const XML_Char* el, const XML_Char** atts) {
  auto* st = static_cast<XmlState*>(data);
  std::string_view e(el);
  if (e == "include") {
    st->in_include = true;
    st->text.clear();
  } else if (e == "message") {
    const char* id = attr(atts, "id");
    const char* name = attr(atts, "name");
    uint32_t idv = 0;
    if (!id || !name ||
        std::from_chars(id, id + std::char_traits<char>::length(id), idv).ec != std::errc()) {
      if (st->error.empty()) st->error = "message without a numeric id or a name";
      return;
    }
    st->in_message = true;
    st->extensions = false;
    st->headers.emplace_back(idv, name);
    st->bodies.emplace_back();
  } else if (e == "extensions" && st->in_message) {
    st->extensions = true;
  } else if (e == "field" && st->in_message) {
    const char* type = attr(atts, "type");
    const char* name = attr(atts, "name");
    if (!type || !name) {
      if (st->error.empty()) st->error = "field without a type or a name";
      return;
    }
    DeclaredField f;
    std::string_view t(type);
    size_t br = t.find('[');
    if (br != std::string_view::npos) {
      size_t close = t.find(']', br);
      if (close == std::string_view::npos ||
          std::from_chars(t.data() + br + 1, t.data() + close, f.array).ec != std::errc() ||
          f.array == 0) {
        if (st->error.empty()) st->error = "bad array type " + std::string(t);
        return;
      }
      t = t.substr(0, br);
    }
    f.type = std::string(t);
    f.name = name;
    if (const char* u = attr(atts, "units")) f.units = u;
    f.extension = st->extensions;
    st->bodies.back().push_back(std::move(f));
  }
}

void XMLCALL on_end(void* data, const XML_Char* el) {
  auto* st = static_cast<XmlState*>(data);
  std::string_view e(el);
  if (e == "include") {
    st->in_include = false;
    std::string s = st->text;
    while (!s.empty() && isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    size_t b = 0;
    while (b < s.size() && isspace(static_cast<unsigned char>(s[b]))) ++b;
    st->includes.push_back(s.substr(b));
  } else if (e == "message") {
    st->in_message = false;
  }
}

void XMLCALL on_text(void* data, const XML_Char* s, int len) {
  auto* st = static_cast<XmlState*>(data);
  if (st->in_include) st->text.append(s, static_cast<size_t>(len));
}

}  // namespace

Status Dialect::load_xml(const std::string& path) {
  std::vector<std::string> seen;
  return load_xml_once(path, &seen, 0);
}

Status Dialect::load_xml_once(const std::string& path, std::vector<std::string>* seen, int depth) {
  if (std::find(seen->begin(), seen->end(), path) != seen->end()) return Status::Ok();
  if (depth > 32) return Status::InvalidArgument(path + ": includes nest deeper than 32");
  seen->push_back(path);
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  XmlState st;
  XML_Parser p = XML_ParserCreate(nullptr);
  XML_SetUserData(p, &st);
  XML_SetElementHandler(p, on_start, on_end);
  XML_SetCharacterDataHandler(p, on_text);
  bool ok = XML_Parse(p, reinterpret_cast<const char*>(bytes->data()),
                      static_cast<int>(bytes->size()), 1) != XML_STATUS_ERROR;
  std::string error;
  if (!ok) {
    error = path + ":" + std::to_string(XML_GetCurrentLineNumber(p)) + ": " +
            XML_ErrorString(XML_GetErrorCode(p));
  }
  XML_ParserFree(p);
  if (!ok) return Status::InvalidArgument(error);
  auto invalid = [&path](const std::string& what) {
    return Status::InvalidArgument(path + ": " + what);
  };
  if (!st.error.empty()) return invalid(st.error);
  std::string dir;
  if (size_t slash = path.rfind('/'); slash != std::string::npos) dir = path.substr(0, slash + 1);
  // Included definitions first, so that this file's own messages win over them.
  for (const std::string& inc : st.includes) {
    Status s = load_xml_once(inc.size() && inc[0] == '/' ? inc : dir + inc, seen, depth + 1);
    if (!s.ok()) return s;
  }
  for (size_t i = 0; i < st.headers.size(); ++i) {
    MessageDef def;
    std::string err;
    if (!make_message(st.headers[i].first, st.headers[i].second, st.bodies[i], &def, &err))
      return invalid(err);
    add(std::move(def));
  }
  return Status::Ok();
}

}  // namespace skykeep::mavlink
