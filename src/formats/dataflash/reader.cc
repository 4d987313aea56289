#include "formats/dataflash/reader.h"

#include <array>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "base/endian.h"
#include "base/numeric.h"
#include "formats/chunker_internal.h"
#include "formats/dataflash/dataflash_internal.h"
#include "formats/param_tracker.h"

namespace skykeep::dataflash {
namespace {

enum class Kind : uint8_t { kData, kFmt, kFmtu, kUnit, kMult, kParm, kMsg };

struct Type {
  bool defined = false;
  bool laid_out = false;  // fields built from format and columns (on the first record)
  uint64_t fmt_offset = 0;
  Kind kind = Kind::kData;
  uint8_t length = 0;  // whole record, header included: framing follows this
  std::string name;
  std::string format;
  std::string columns;
  uint32_t payload_size = 0;  // what the format string implies
  std::vector<model::Field> fields;
  std::optional<model::Field> time;
  int instance_field = -1;         // index in fields of the '#' column
  std::string unit_ids, mult_ids;  // from FMTU, one character per format character
  // Decoding shortcuts, set when the type is defined.
  int32_t time_offset = -1;
  uint8_t time_width = 8;
  bool time_ms = false;
  int name_field = -1, value_field = -1;  // PARM Name/Value, MSG Message, UNIT/MULT Id/value
  std::vector<int32_t> topics;            // topic id by instance, -1 where none yet
};
std::string cstr(Bytes b) {
  std::string s(as_chars(b));
  size_t nul = s.find('\0');
  if (nul != std::string::npos) s.resize(nul);
  return s;
}

class Reader final : public formats::Reader {
 public:
  explicit Reader(formats::Sink& sink) : sink_(sink), chunker_(256) {
    define(kFmtType, "FMT", kFmtLength, "BBnNZ", "Type,Length,Name,Format,Columns", 0);
  }

  Status feed(Bytes chunk) override {
    if (!fatal_.ok()) return fatal_;
    report_.bytes_total += chunk.size();
    chunker_.feed(chunk, [this](Bytes d, uint64_t o, bool f) { return parse(d, o, f); });
    return fatal_;
  }

  Status finish() override {
    if (!fatal_.ok()) return fatal_;
    size_t left = chunker_.finish([this](Bytes d, uint64_t o, bool f) { return parse(d, o, f); });
    if (!fatal_.ok()) return fatal_;
    if (!started_) {
      return report_.bytes_total == 0 ? Status::InvalidArgument("empty file")
                                      : Status::InvalidArgument("not a DataFlash log");
    }
    end_garbage(chunker_.offset());
    if (left > 0) {
      report_.bytes_skipped += left;
      report_.add(chunker_.offset(),
                  "truncated: last record cut after " + std::to_string(left) + " bytes");
    }
    sink_.on_end(report_);
    return Status::Ok();
  }

 private:
  // Defines a record type; its fields are laid out when its first record comes (most FMTs of a
  // log describe types that never occur).
  Type& define(uint8_t id, std::string name, uint8_t length, std::string format,
               std::string columns, uint64_t fmt_offset) {
    if (!types_[id]) types_[id] = std::make_unique<Type>();
    Type& t = *types_[id];
    t = Type{};
    t.defined = true;
    t.fmt_offset = fmt_offset;
    t.length = length;
    t.name = std::move(name);
    t.format = std::move(format);
    t.columns = std::move(columns);
    t.kind = t.name == "FMT"    ? Kind::kFmt
             : t.name == "FMTU" ? Kind::kFmtu
             : t.name == "UNIT" ? Kind::kUnit
             : t.name == "MULT" ? Kind::kMult
             : t.name == "PARM" ? Kind::kParm
             : t.name == "MSG"  ? Kind::kMsg
                                : Kind::kData;
    if (t.kind == Kind::kFmt) lay_out(t);
    return t;
  }

  void lay_out(Type& t) {
    t.laid_out = true;
    uint8_t length = t.length;
    auto size = layout(t.format, t.columns, &t.fields, &t.time);
    if (!size && !t.format.empty()) {
      report_.add(t.fmt_offset,
                  "FMT " + t.name + " has unknown format characters '" + t.format + "'");
    }
    t.payload_size = size.value_or(0);
    if (!size) {  // an unknown format character: no field can be trusted
      t.fields.clear();
      t.time.reset();
    }
    // Framing follows Length. Where it is shorter than the format, fields past the end of the
    // record do not exist: dropping them keeps memory in proportion to the input.
    uint32_t have = length - 3u;
    if (t.payload_size > have) {
      std::erase_if(t.fields, [&](const model::Field& f) { return f.offset + f.width() > have; });
      if (t.time && t.time->offset + t.time->width() > have) t.time.reset();
    }
    if (t.time) {
      t.time_offset = static_cast<int32_t>(t.time->offset);
      t.time_width = static_cast<uint8_t>(t.time->width());
      t.time_ms = t.time->scale != 1.0;
    }
    auto field = [&](std::string_view n) { return index_of(t, n); };
    switch (t.kind) {
      case Kind::kParm:
        t.name_field = field("Name"), t.value_field = field("Value");
        break;
      case Kind::kMsg:
        t.value_field = field("Message");
        break;
      case Kind::kUnit:
        t.name_field = field("Id"), t.value_field = field("Label");
        break;
      case Kind::kMult:
        t.name_field = field("Id"), t.value_field = field("Mult");
        break;
      default:
        break;
    }
    if (t.kind == Kind::kMsg && t.value_field < 0 && !t.fields.empty() && t.fields[0].is_text())
      t.value_field = 0;
    if (!t.unit_ids.empty()) apply_units(t);
  }
  static int index_of(const Type& t, std::string_view n) {
    for (size_t i = 0; i < t.fields.size(); ++i)
      if (t.fields[i].name == n) return static_cast<int>(i);
    return -1;
  }
  uint32_t topic_for(Type& t, uint8_t type, Bytes payload);
  // The record's time in microseconds (TimeUS as is, TimeMS times 1000), or kNoTime.
  static int64_t time_of(const Type& t, const std::byte* payload) {
    if (t.time_offset < 0) return model::kNoTime;
    if (t.time_width == 8) return static_cast<int64_t>(load_le<uint64_t>(payload + t.time_offset));
    return int64_t{load_le<uint32_t>(payload + t.time_offset)} * (t.time_ms ? 1000 : 1);
  }

  // Parses whole records of d; returns the bytes consumed. Payload views end with the call.
  size_t parse(Bytes d, uint64_t base, bool final) {
    size_t used = parse_records(d, base, final);
    sink_.on_batch_end();
    return used;
  }
  size_t parse_records(Bytes d, uint64_t base, bool final);
  void record(uint8_t type, Bytes payload, uint64_t offset);
  void on_fmt(Bytes p, uint64_t offset);
  void on_fmtu(const Type& t, Bytes p);
  void apply_units(Type& t);  // FMTU unit and multiplier ids onto the type's fields
  void start_garbage(uint64_t at) {
    if (!in_garbage_) garbage_start_ = at;
    in_garbage_ = true;
  }
  void end_garbage(uint64_t at) {
    if (!in_garbage_) return;
    in_garbage_ = false;
    report_.add(garbage_start_, "skipped " + std::to_string(at - garbage_start_) +
                                    " bytes that are not DataFlash records");
  }

  formats::Sink& sink_;
  formats::Chunker chunker_;
  model::ParseReport report_;
  Status fatal_;
  bool started_ = false;
  bool in_garbage_ = false;
  uint64_t garbage_start_ = 0;
  int64_t last_time_ = model::kNoTime;
  std::array<std::unique_ptr<Type>, 256> types_;  // by type id; null until an FMT defines it
  uint32_t next_topic_ = 0;
  formats::ParamTracker params_;
  std::map<char, std::string> units_;
  std::map<char, double> mults_;
  std::vector<std::byte> scratch_;
};

size_t Reader::parse_records(Bytes d, uint64_t base, bool final) {
  size_t pos = 0;
  if (!started_) {
    if (d.size() < 3 && !final) return 0;
    if (!sniff(d)) {  // not our signature at the very start: nothing after it counts
      fatal_ = Status::InvalidArgument("not a DataFlash log: no FMT record at the start");
      return d.size();
    }
    started_ = true;
    sink_.on_format(model::Format::kDataFlash);
  }
  for (;;) {
    size_t left = d.size() - pos;
    if (left < 3) return pos;
    const std::byte* p = d.data() + pos;
    uint8_t type = static_cast<uint8_t>(p[2]);
    Type* tp = types_[type].get();
    if (static_cast<uint8_t>(p[0]) != kHead1 || static_cast<uint8_t>(p[1]) != kHead2 || !tp ||
        !tp->defined || tp->length < 3) {
      start_garbage(base + pos);
      ++report_.bytes_skipped;
      ++pos;
      continue;
    }
    Type& t = *tp;
    if (left < t.length) return pos;
    if (in_garbage_) end_garbage(base + pos);
    if (!t.laid_out) lay_out(t);
    if (t.kind == Kind::kData && t.length - 3u >= t.payload_size) {  // the common case
      Bytes payload(p + 3, t.payload_size);
      int64_t time = time_of(t, p + 3);
      if (time != model::kNoTime) last_time_ = time;
      sink_.on_record_view(topic_for(t, type, payload), time, payload);
    } else {
      record(type, d.subspan(pos + 3, t.length - 3u), base + pos);
    }
    pos += t.length;
  }
}

uint32_t Reader::topic_for(Type& t, uint8_t type, Bytes payload) {
  int64_t instance = 0;
  if (t.instance_field >= 0) {
    const model::Field& f = t.fields[t.instance_field];
    instance = saturate<int64_t>(model::field_value(f, payload.data() + f.offset));
    if (instance < 0 || instance > 255) instance = 0;
  }
  if (static_cast<size_t>(instance) < t.topics.size() && t.topics[instance] >= 0)
    return static_cast<uint32_t>(t.topics[instance]);
  if (t.topics.size() <= static_cast<size_t>(instance)) t.topics.resize(instance + 1, -1);
  model::Schema s;
  s.name = t.name;
  s.instance = static_cast<uint32_t>(instance);
  s.payload_size = t.payload_size;
  s.fields = t.fields;
  s.time = t.time;
  s.native_format = t.format;
  s.native_id = type;
  t.topics[instance] = static_cast<int32_t>(next_topic_);
  sink_.on_topic(next_topic_, std::move(s));
  return next_topic_++;
}

void Reader::record(uint8_t type, Bytes payload, uint64_t offset) {
  Type& t = *types_[type];
  if (t.kind == Kind::kFmt) {
    on_fmt(payload, offset);
    return;
  }
  if (payload.size() < t.payload_size) {  // FMT Length shorter than its format: pad
    scratch_.assign(t.payload_size, std::byte{0});
    std::memcpy(scratch_.data(), payload.data(), payload.size());
    payload = Bytes(scratch_);
  } else {
    payload = payload.first(t.payload_size);
  }
  auto text = [&](int f) {
    return std::string(model::field_text(t.fields[f], payload.data() + t.fields[f].offset));
  };
  auto value = [&](int f) {
    return model::field_value(t.fields[f], payload.data() + t.fields[f].offset);
  };
  switch (t.kind) {
    case Kind::kFmtu:
      return on_fmtu(t, payload);
    case Kind::kUnit:
    case Kind::kMult: {
      if (t.name_field < 0 || t.value_field < 0) return;
      char c = static_cast<char>(payload[t.fields[t.name_field].offset]);
      if (t.kind == Kind::kUnit) {
        units_[c] = text(t.value_field);
      } else {
        mults_[c] = value(t.value_field);
      }
      return;
    }
    default:
      break;
  }
  int64_t time = time_of(t, payload.data());
  if (time != model::kNoTime) last_time_ = time;
  sink_.on_record(topic_for(t, type, payload), time, payload);
  if (t.kind == Kind::kParm && t.name_field >= 0 && t.value_field >= 0) {
    model::Param prm;
    prm.name = text(t.name_field);
    prm.value = value(t.value_field);
    params_.see(sink_, last_time_, std::move(prm));
  } else if (t.kind == Kind::kMsg && t.value_field >= 0 && t.fields[t.value_field].is_text()) {
    model::TextMessage m;
    m.time_us = time != model::kNoTime ? time : last_time_;
    m.text = text(t.value_field);
    sink_.on_text(m);
  }
}

void Reader::on_fmt(Bytes p, uint64_t offset) {
  if (p.size() < kFmtLength - 3u) return;
  uint8_t type = static_cast<uint8_t>(p[0]);
  uint8_t length = static_cast<uint8_t>(p[1]);
  std::string name = cstr(p.subspan(2, 4));
  std::string format = cstr(p.subspan(6, 16));
  std::string columns = cstr(p.subspan(22, 64));
  if (type == kFmtType) return;  // FMT describing itself: fixed by the format
  if (length < 3 || name.empty()) {
    report_.add(offset, "FMT for type " + std::to_string(type) + " with impossible length");
    return;
  }
  const Type* old = types_[type].get();
  if (old && old->defined && old->name == name && old->format == format && old->length == length)
    return;
  define(type, std::move(name), length, std::move(format), std::move(columns), offset);
}

void Reader::on_fmtu(const Type& fmtu, Bytes p) {
  int type_i = -1, units_i = -1, mults_i = -1;
  for (size_t i = 0; i < fmtu.fields.size(); ++i) {
    if (fmtu.fields[i].name == "FmtType") type_i = static_cast<int>(i);
    if (fmtu.fields[i].name == "UnitIds") units_i = static_cast<int>(i);
    if (fmtu.fields[i].name == "MultIds") mults_i = static_cast<int>(i);
  }
  if (type_i < 0 || units_i < 0) return;
  auto type = saturate<uint8_t>(
      model::field_value(fmtu.fields[type_i], p.data() + fmtu.fields[type_i].offset));
  if (!types_[type]) return;
  Type& t = *types_[type];
  if (!t.defined || !t.topics.empty()) return;  // units apply to topics not yet begun
  if (t.kind != Kind::kData && t.kind != Kind::kParm && t.kind != Kind::kMsg) return;
  t.unit_ids = model::field_text(fmtu.fields[units_i], p.data() + fmtu.fields[units_i].offset);
  t.mult_ids.clear();
  if (mults_i >= 0)
    t.mult_ids = model::field_text(fmtu.fields[mults_i], p.data() + fmtu.fields[mults_i].offset);
  if (t.laid_out) apply_units(t);  // else when its first record lays it out
}

void Reader::apply_units(Type& t) {
  std::string_view units = t.unit_ids, mults = t.mult_ids;
  // One unit character per format character; map format positions to our fields.
  size_t field = 0;
  uint32_t off = 0;
  for (size_t i = 0; i < t.format.size() && i < units.size(); ++i) {
    auto ct = char_type(t.format[i]);
    if (!ct) break;
    bool is_time = t.time && t.time->offset == off;
    off += model::type_size(ct->type) * ct->count;
    uint32_t n = ct->text ? 1 : ct->count;
    if (is_time) continue;
    for (uint32_t k = 0; k < n && field < t.fields.size(); ++k, ++field) {
      model::Field& f = t.fields[field];
      char u = units[i];
      if (u == '#') {
        t.instance_field = static_cast<int>(field);
        f.unit = "instance";
      } else if (auto it = units_.find(u); it != units_.end() && u != '-') {
        f.unit = it->second;
      }
      if (i < mults.size() && ct->scale == 1.0 && !ct->text) {
        auto m = mults_.find(mults[i]);
        if (m != mults_.end() && m->second != 0 && mults[i] != '-' && mults[i] != '?')
          f.scale = m->second;
      }
    }
  }
}

}  // namespace

std::unique_ptr<formats::Reader> make_reader(formats::Sink& sink) {
  return std::make_unique<Reader>(sink);
}

bool sniff(Bytes prefix) {
  return prefix.size() >= 3 && static_cast<uint8_t>(prefix[0]) == kHead1 &&
         static_cast<uint8_t>(prefix[1]) == kHead2 && static_cast<uint8_t>(prefix[2]) == kFmtType;
}

}  // namespace skykeep::dataflash
