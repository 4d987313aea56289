#include "formats/dataflash/reader.h"

#include <array>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "base/endian.h"
#include "formats/chunker_internal.h"
#include "formats/dataflash/dataflash_internal.h"

namespace skykeep::dataflash {
namespace {

struct Type {
  bool defined = false;
  uint8_t length = 0;  // whole record, header included: framing follows this
  std::string name;
  std::string format;
  std::string columns;
  uint32_t payload_size = 0;  // what the format string implies
  std::vector<model::Field> fields;
  std::optional<model::Field> time;
  int instance_field = -1;  // index in fields of the '#' column
  std::map<int64_t, uint32_t> topics;  // instance -> topic id
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
    Type& fmt = types_[kFmtType];
    define(fmt, "FMT", kFmtLength, "BBnNZ", "Type,Length,Name,Format,Columns");
  }

  Status feed(Bytes chunk) override {
    report_.bytes_total += chunk.size();
    chunker_.feed(chunk, [this](Bytes d, uint64_t o, bool f) { return parse(d, o, f); });
    return Status::Ok();
  }

  Status finish() override {
    size_t left = chunker_.finish([this](Bytes d, uint64_t o, bool f) { return parse(d, o, f); });
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
  void define(Type& t, std::string name, uint8_t length, std::string format, std::string columns) {
    t = Type{};
    t.defined = true;
    t.length = length;
    t.name = std::move(name);
    t.format = std::move(format);
    t.columns = std::move(columns);
    auto size = layout(t.format, t.columns, &t.fields, &t.time);
    t.payload_size = size.value_or(0);
    if (!size) t.fields.clear();
    // Framing follows Length. Where it is shorter than the format, fields past the end of the
    // record do not exist: dropping them keeps memory in proportion to the input.
    uint32_t have = length - 3u;
    if (t.payload_size > have) {
      std::erase_if(t.fields, [&](const model::Field& f) { return f.offset + f.width() > have; });
      if (t.time && t.time->offset + t.time->width() > have) t.time.reset();
    }
  }

  size_t parse(Bytes d, uint64_t base, bool final);
  void record(uint8_t type, Bytes payload, uint64_t offset);
  void on_fmt(Bytes p, uint64_t offset);
  void on_fmtu(const Type& t, Bytes p);
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
  bool started_ = false;
  bool in_garbage_ = false;
  uint64_t garbage_start_ = 0;
  int64_t last_time_ = model::kNoTime;
  std::array<Type, 256> types_;
  uint32_t next_topic_ = 0;
  std::map<std::string, double> params_;
  std::map<char, std::string> units_;
  std::map<char, double> mults_;
  std::vector<std::byte> scratch_;
};

size_t Reader::parse(Bytes d, uint64_t base, bool final) {
  size_t pos = 0;
  if (!started_) {
    if (d.size() < 3 && !final) return 0;
    if (!sniff(d)) {
      // Not our signature at the very start: let the caller say what this is.
      if (d.size() >= 3 || final) return d.size();
      return 0;
    }
    started_ = true;
    sink_.on_format(model::Format::kDataFlash);
  }
  for (;;) {
    size_t left = d.size() - pos;
    if (left < 3) return pos;
    const std::byte* p = d.data() + pos;
    uint8_t type = static_cast<uint8_t>(p[2]);
    if (static_cast<uint8_t>(p[0]) != kHead1 || static_cast<uint8_t>(p[1]) != kHead2 ||
        !types_[type].defined || types_[type].length < 3) {
      start_garbage(base + pos);
      ++report_.bytes_skipped;
      ++pos;
      continue;
    }
    const Type& t = types_[type];
    if (left < t.length) return pos;
    end_garbage(base + pos);
    record(type, d.subspan(pos + 3, t.length - 3u), base + pos);
    pos += t.length;
  }
  (void)final;
}

void Reader::record(uint8_t type, Bytes payload, uint64_t offset) {
  Type& t = types_[type];
  if (type == kFmtType) {
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
  if (t.name == "FMTU") return on_fmtu(t, payload);
  if (t.name == "UNIT" || t.name == "MULT") {
    int id = -1, val = -1;
    for (size_t i = 0; i < t.fields.size(); ++i) {
      if (t.fields[i].name == "Id") id = static_cast<int>(i);
      if (t.fields[i].name == "Label" || t.fields[i].name == "Mult") val = static_cast<int>(i);
    }
    if (id < 0 || val < 0) return;
    char c = static_cast<char>(payload[t.fields[id].offset]);
    const model::Field& vf = t.fields[val];
    if (t.name == "UNIT") {
      units_[c] = std::string(model::field_text(vf, payload.data() + vf.offset));
    } else {
      mults_[c] = model::field_value(vf, payload.data() + vf.offset);
    }
    return;
  }
  int64_t time = model::kNoTime;
  if (t.time) {
    time = static_cast<int64_t>(model::field_value(*t.time, payload.data() + t.time->offset));
    last_time_ = time;
  }
  int64_t instance = 0;
  if (t.instance_field >= 0) {
    const model::Field& f = t.fields[t.instance_field];
    instance = static_cast<int64_t>(model::field_value(f, payload.data() + f.offset));
    if (instance < 0 || instance > 255) instance = 0;
  }
  auto it = t.topics.find(instance);
  if (it == t.topics.end()) {
    model::Schema s;
    s.name = t.name;
    s.instance = static_cast<uint32_t>(instance);
    s.payload_size = t.payload_size;
    s.fields = t.fields;
    s.time = t.time;
    s.native_format = t.format;
    s.native_id = type;
    it = t.topics.emplace(instance, next_topic_++).first;
    sink_.on_topic(it->second, s);
  }
  sink_.on_record(it->second, time, payload);

  if (t.name == "PARM") {
    int name = -1, value = -1;
    for (size_t i = 0; i < t.fields.size(); ++i) {
      if (t.fields[i].name == "Name") name = static_cast<int>(i);
      if (t.fields[i].name == "Value") value = static_cast<int>(i);
    }
    if (name < 0 || value < 0) return;
    model::Param prm;
    prm.name = std::string(model::field_text(t.fields[name], payload.data() + t.fields[name].offset));
    prm.value = model::field_value(t.fields[value], payload.data() + t.fields[value].offset);
    auto [pit, fresh] = params_.emplace(prm.name, prm.value);
    if (fresh) {
      sink_.on_param(prm);
    } else if (pit->second != prm.value) {
      pit->second = prm.value;
      sink_.on_param_change({last_time_, prm});
    }
  } else if (t.name == "MSG") {
    int msg = t.fields.empty() ? -1 : 0;
    for (size_t i = 0; i < t.fields.size(); ++i)
      if (t.fields[i].name == "Message") msg = static_cast<int>(i);
    if (msg < 0 || !t.fields[msg].is_text()) return;
    model::TextMessage m;
    m.time_us = time != model::kNoTime ? time : last_time_;
    m.text = std::string(model::field_text(t.fields[msg], payload.data() + t.fields[msg].offset));
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
  Type& t = types_[type];
  if (t.defined && t.name == name && t.format == format && t.length == length) return;
  define(t, name, length, format, columns);
  if (t.fields.empty() && !format.empty()) {
    report_.add(offset, "FMT " + name + " has unknown format characters '" + format + "'");
  }
}

void Reader::on_fmtu(const Type& fmtu, Bytes p) {
  int type_i = -1, units_i = -1, mults_i = -1;
  for (size_t i = 0; i < fmtu.fields.size(); ++i) {
    if (fmtu.fields[i].name == "FmtType") type_i = static_cast<int>(i);
    if (fmtu.fields[i].name == "UnitIds") units_i = static_cast<int>(i);
    if (fmtu.fields[i].name == "MultIds") mults_i = static_cast<int>(i);
  }
  if (type_i < 0 || units_i < 0) return;
  auto type = static_cast<uint8_t>(model::field_value(fmtu.fields[type_i],
                                                      p.data() + fmtu.fields[type_i].offset));
  Type& t = types_[type];
  if (!t.defined || !t.topics.empty()) return;  // units apply to topics not yet begun
  std::string_view units = model::field_text(fmtu.fields[units_i], p.data() + fmtu.fields[units_i].offset);
  std::string_view mults;
  if (mults_i >= 0)
    mults = model::field_text(fmtu.fields[mults_i], p.data() + fmtu.fields[mults_i].offset);
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
