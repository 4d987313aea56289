#include "formats/dataflash/writer.h"

#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "base/endian.h"
#include "formats/dataflash/dataflash_internal.h"

namespace skykeep::dataflash {
namespace {

using model::Field;
using model::FieldType;

constexpr uint8_t kUnitType = 177, kMultType = 178, kFmtuType = 179;

// The format character that stores a field of this type without loss.
char char_for(const Field& f) {
  if (f.is_text()) return f.count <= 4 ? 'n' : f.count <= 16 ? 'N' : 'Z';
  switch (f.type) {
    case FieldType::kInt8:
      return 'b';
    case FieldType::kUInt8:
    case FieldType::kBool:
    case FieldType::kChar:
      return 'B';
    case FieldType::kInt16:
      return 'h';
    case FieldType::kUInt16:
      return 'H';
    case FieldType::kInt32:
      return 'i';
    case FieldType::kUInt32:
      return 'I';
    case FieldType::kInt64:
      return 'q';
    case FieldType::kUInt64:
      return 'Q';
    case FieldType::kFloat32:
      return 'f';
    case FieldType::kFloat64:
      return 'd';
    case FieldType::kFloat16:
      return 'g';
  }
  return 'B';
}

class Writer final : public formats::Writer {
 public:
  explicit Writer(formats::Output& out) : out_(out) {
    std::byte rec[kFmtLength] = {};
    fmt_body(rec, kFmtType, kFmtLength, "FMT", "BBnNZ", "Type,Length,Name,Format,Columns");
    out_.write(Bytes(rec, sizeof rec));
    used_.insert(kFmtType);
    used_.insert(kUnitType);
    used_.insert(kMultType);
    used_.insert(kFmtuType);
    write_fmt(kUnitType, 3 + 8 + 1 + 64, "UNIT", "QbZ", "TimeUS,Id,Label");
    write_fmt(kMultType, 3 + 8 + 1 + 8, "MULT", "Qbd", "TimeUS,Id,Mult");
    write_fmt(kFmtuType, 3 + 8 + 1 + 16 + 16, "FMTU", "QBNN", "TimeUS,FmtType,UnitIds,MultIds");
  }

  void on_topic(uint32_t id, model::Schema s) override;
  void on_record(uint32_t id, int64_t time_us, Bytes payload) override;
  void on_param(model::Param p) override;
  void on_param_change(model::ParamChange c) override;
  void on_text(const model::TextMessage& m) override;

 private:
  struct Type {
    int id = -1;  // -1: this topic cannot be written
    uint32_t payload_size = 0;
    bool passthrough = false;
    struct Move {
      uint32_t src, dst, width;
    };
    std::vector<Move> moves;
    int32_t time_dst = -1;
  };

  static void fmt_body(std::byte* rec, uint8_t type, uint8_t length, std::string_view name,
                       std::string_view format, std::string_view columns) {
    rec[0] = std::byte{kHead1};
    rec[1] = std::byte{kHead2};
    rec[2] = std::byte{kFmtType};
    rec[3] = static_cast<std::byte>(type);
    rec[4] = static_cast<std::byte>(length);
    std::memcpy(rec + 5, name.data(), std::min<size_t>(name.size(), 4));
    std::memcpy(rec + 9, format.data(), std::min<size_t>(format.size(), 16));
    std::memcpy(rec + 25, columns.data(), std::min<size_t>(columns.size(), 64));
  }
  void write_fmt(uint8_t type, uint32_t length, std::string_view name, std::string_view format,
                 std::string_view columns) {
    std::byte rec[kFmtLength] = {};
    fmt_body(rec, type, static_cast<uint8_t>(std::min<uint32_t>(length, 255)), name, format,
             columns);
    out_.write(Bytes(rec, sizeof rec));
  }
  void record(uint8_t type, Bytes payload) {
    buf_.resize(3 + payload.size());
    buf_[0] = std::byte{kHead1};
    buf_[1] = std::byte{kHead2};
    buf_[2] = static_cast<std::byte>(type);
    std::memcpy(buf_.data() + 3, payload.data(), payload.size());
    out_.write(Bytes(buf_));
  }
  // The type id wanted if free, else any free one; -1 when all 256 are taken.
  int allocate(int wanted);
  char unit_id(const std::string& label);
  char mult_id(double m);
  void write_units(uint8_t type, const model::Schema& s, const std::string& format);
  void ensure_param_type();
  void ensure_msg_type();

  formats::Output& out_;
  std::set<uint8_t> used_;
  std::map<std::string, int> by_name_;  // DataFlash name -> type id
  std::vector<Type> topics_;
  std::map<std::string, char> units_;
  std::map<double, char> mults_;
  bool has_parm_topic_ = false, has_msg_topic_ = false;
  int parm_type_ = -1, msg_type_ = -1;
  int64_t last_time_ = 0;
  std::vector<std::byte> buf_, rec_;
};

int Writer::allocate(int wanted) {
  if (wanted >= 0 && wanted < 256 && !used_.count(static_cast<uint8_t>(wanted))) {
    used_.insert(static_cast<uint8_t>(wanted));
    return wanted;
  }
  for (int t = 1; t < 255; ++t) {
    if (!used_.count(static_cast<uint8_t>(t))) {
      used_.insert(static_cast<uint8_t>(t));
      return t;
    }
  }
  return -1;  // more than 250 kinds of record: the rest are dropped
}

char Writer::unit_id(const std::string& label) {
  auto it = units_.find(label);
  if (it != units_.end()) return it->second;
  char id = static_cast<char>('a' + units_.size() % 26 + (units_.size() >= 26 ? 'A' - 'a' : 0));
  if (units_.size() >= 52) return '-';
  units_[label] = id;
  std::vector<std::byte> p(8 + 1 + 64, std::byte{0});
  p[8] = static_cast<std::byte>(id);
  std::memcpy(p.data() + 9, label.data(), std::min<size_t>(label.size(), 64));
  record(kUnitType, Bytes(p));
  return id;
}

char Writer::mult_id(double m) {
  auto it = mults_.find(m);
  if (it != mults_.end()) return it->second;
  if (mults_.size() >= 26) return '-';
  char id = static_cast<char>('A' + mults_.size());
  mults_[m] = id;
  std::vector<std::byte> p(8 + 1 + 8, std::byte{0});
  p[8] = static_cast<std::byte>(id);
  store_le<double>(p.data() + 9, m);
  record(kMultType, Bytes(p));
  return id;
}

void Writer::write_units(uint8_t type, const model::Schema& s, const std::string& format) {
  // One unit and one multiplier character per format character.
  std::string units, mults;
  size_t field = 0;
  uint32_t off = 0;
  bool any = false;
  for (char c : format) {
    auto ct = char_type(c);
    if (!ct) break;
    bool is_time = s.time && s.time->offset == off;
    off += model::type_size(ct->type) * ct->count;
    if (is_time) {
      units += 's';
      mults += 'F';  // ArduPilot's id for 1e-6
      continue;
    }
    if (field >= s.fields.size()) break;
    const Field& f = s.fields[field];
    field += ct->text ? 1 : ct->count;
    if (f.unit == "instance") {
      units += '#';
      any = true;
    } else if (!f.unit.empty()) {
      units += unit_id(f.unit);
      any = true;
    } else {
      units += '-';
    }
    if (f.scale != 1.0 && ct->scale == 1.0) {
      mults += mult_id(f.scale);
      any = true;
    } else {
      mults += '-';
    }
  }
  if (!any) return;
  std::vector<std::byte> p(8 + 1 + 16 + 16, std::byte{0});
  p[8] = static_cast<std::byte>(type);
  std::memcpy(p.data() + 9, units.data(), std::min<size_t>(units.size(), 16));
  std::memcpy(p.data() + 25, mults.data(), std::min<size_t>(mults.size(), 16));
  record(kFmtuType, Bytes(p));
}

void Writer::on_topic(uint32_t id, model::Schema s) {
  if (topics_.size() <= id) topics_.resize(id + 1);
  Type& t = topics_[id];
  if (s.name == "PARM") has_parm_topic_ = true;
  if (s.name == "MSG") has_msg_topic_ = true;
  // Native DataFlash topics keep name, id and format; instances share one FMT.
  std::vector<Field> check;
  std::optional<Field> check_time;
  bool native = !s.native_format.empty() && s.native_id < 256 && s.name.size() <= 4 &&
                layout(s.native_format, "", &check, &check_time).value_or(0) > 0;
  if (native) {
    auto size = layout(s.native_format, "", &check, &check_time);
    native = *size == s.payload_size;
  }
  std::string name = s.name.substr(0, 4);
  if (native) {
    auto it = by_name_.find(name);
    if (it != by_name_.end()) {
      t.id = it->second;
    } else {
      t.id = allocate(static_cast<int>(s.native_id));
      by_name_[name] = t.id;
      std::string cols;
      size_t fi = 0;
      uint32_t off = 0;
      for (char c : s.native_format) {
        auto ct = char_type(c);
        std::string col;
        if (s.time && s.time->offset == off) {
          col = s.time->name;
        } else if (fi < s.fields.size()) {
          col = s.fields[fi].name;
          if (size_t br = col.find('['); br != std::string::npos && ct->count > 1)
            col = col.substr(0, br);
          fi += ct->text ? 1 : ct->count;
        }
        off += model::type_size(ct->type) * ct->count;
        if (!cols.empty()) cols += ',';
        cols += col;
      }
      if (t.id >= 0) {
        write_fmt(static_cast<uint8_t>(t.id), 3 + s.payload_size, name, s.native_format, cols);
        write_units(static_cast<uint8_t>(t.id), s, s.native_format);
      }
    }
    t.passthrough = true;
    t.payload_size = s.payload_size;
    return;
  }
  // Generated: a unique 4-character name, TimeUS first, then the fields.
  for (char& c : name)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  if (!name.empty()) name[0] = static_cast<char>(toupper(static_cast<unsigned char>(name[0])));
  std::string base = name.substr(0, 3);
  for (int k = 0; by_name_.count(name) && k < 36; ++k)
    name = base + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[k];
  std::string format = "Q", cols = "TimeUS";
  uint32_t off = 8;
  t.time_dst = 0;
  // A format holds 16 characters and its column names 64: the fields that fit go.
  for (const Field& f : s.fields) {
    if (format.size() >= 16 || cols.size() + 1 + f.name.size() > 64) break;
    uint32_t w = f.is_text() ? (f.count <= 4    ? 4
                                : f.count <= 16 ? 16
                                                : 64)
                             : model::type_size(f.type);
    format += char_for(f);
    cols += "," + f.name;
    t.moves.push_back({f.offset, off, std::min(w, f.width())});
    off += w;
  }
  t.payload_size = off;
  t.id = allocate(-1);
  by_name_[name] = t.id;
  if (t.id >= 0) write_fmt(static_cast<uint8_t>(t.id), 3 + off, name, format, cols);
}

void Writer::on_record(uint32_t id, int64_t time_us, Bytes payload) {
  if (id >= topics_.size() || topics_[id].id < 0) return;
  if (time_us != model::kNoTime) last_time_ = time_us;
  const Type& t = topics_[id];
  if (t.passthrough && payload.size() >= t.payload_size) {
    record(static_cast<uint8_t>(t.id), payload.first(t.payload_size));
    return;
  }
  if (t.passthrough) {
    rec_.assign(t.payload_size, std::byte{0});
    std::memcpy(rec_.data(), payload.data(), payload.size());
    record(static_cast<uint8_t>(t.id), Bytes(rec_));
    return;
  }
  rec_.assign(t.payload_size, std::byte{0});
  store_le<uint64_t>(rec_.data(),
                     static_cast<uint64_t>(time_us == model::kNoTime ? last_time_ : time_us));
  for (const auto& m : t.moves) std::memcpy(rec_.data() + m.dst, payload.data() + m.src, m.width);
  record(static_cast<uint8_t>(t.id), Bytes(rec_));
}

void Writer::ensure_param_type() {
  if (parm_type_ >= 0) return;
  parm_type_ = allocate(64);
  write_fmt(static_cast<uint8_t>(parm_type_), 3 + 8 + 16 + 4, "PARM", "QNf", "TimeUS,Name,Value");
}

void Writer::ensure_msg_type() {
  if (msg_type_ >= 0) return;
  msg_type_ = allocate(91);
  write_fmt(static_cast<uint8_t>(msg_type_), 3 + 8 + 64, "MSG", "QZ", "TimeUS,Message");
}

void Writer::on_param(model::Param p) {
  if (has_parm_topic_) return;  // the PARM records carry it already
  on_param_change({last_time_, p});
}

void Writer::on_param_change(model::ParamChange c) {
  if (has_parm_topic_) return;
  ensure_param_type();
  std::vector<std::byte> rec(8 + 16 + 4, std::byte{0});
  store_le<uint64_t>(rec.data(),
                     static_cast<uint64_t>(c.time_us == model::kNoTime ? last_time_ : c.time_us));
  std::memcpy(rec.data() + 8, c.param.name.data(), std::min<size_t>(c.param.name.size(), 16));
  store_le<float>(rec.data() + 24, static_cast<float>(c.param.value));
  record(static_cast<uint8_t>(parm_type_), Bytes(rec));
}

void Writer::on_text(const model::TextMessage& m) {
  if (has_msg_topic_) return;
  ensure_msg_type();
  std::vector<std::byte> rec(8 + 64, std::byte{0});
  store_le<uint64_t>(rec.data(),
                     static_cast<uint64_t>(m.time_us == model::kNoTime ? last_time_ : m.time_us));
  std::memcpy(rec.data() + 8, m.text.data(), std::min<size_t>(m.text.size(), 64));
  record(static_cast<uint8_t>(msg_type_), Bytes(rec));
}

}  // namespace

std::unique_ptr<formats::Writer> make_writer(formats::Output& out) {
  return std::make_unique<Writer>(out);
}

}  // namespace skykeep::dataflash
