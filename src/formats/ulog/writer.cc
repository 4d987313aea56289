#include "formats/ulog/writer.h"

#include <cstring>
#include <map>
#include <set>

#include "base/endian.h"
#include "base/numeric.h"
#include "formats/ulog/ulog_internal.h"

namespace skykeep::ulog {
namespace {

using model::Field;
using model::FieldType;

class Writer final : public formats::Writer {
 public:
  explicit Writer(formats::Output& out) : out_(out) {}

  void on_start_time(int64_t t) override { start_time_ = t; }
  void on_info(model::InfoItem i) override {
    if (i.key.rfind("ulog_", 0) == 0) return;  // facts about the file, not the flight
    infos_.push_back(std::move(i));
  }
  void on_native_definition(std::string_view d) override {
    if (auto def = parse_format(d)) {
      if (native_names_.insert(std::string(def->name)).second) native_.emplace_back(d);
    }
  }
  void on_topic(uint32_t id, model::Schema s) override;
  void on_record(uint32_t id, int64_t time_us, Bytes payload) override;
  void on_param(model::Param p) override {
    if (data_started_) return param_message(kParam, p, 0, false);
    params_.push_back(std::move(p));
  }
  void on_default_param(model::DefaultParam d) override {
    if (data_started_) return param_message(kParamDefault, d.param, d.default_types, true);
    defaults_.push_back(std::move(d));
  }
  void on_param_change(model::ParamChange c) override {
    start_data();
    param_message(kParam, c.param, 0, false);
  }
  void on_text(const model::TextMessage& m) override;
  void on_dropout(const model::Dropout& d) override {
    start_data();
    uint16_t ms = static_cast<uint16_t>(std::min<uint32_t>(d.duration_ms, 65535));
    message(kDropout, Bytes(reinterpret_cast<const std::byte*>(&ms), 2));
  }
  void on_end(const model::ParseReport&) override { start_data(); }

 private:
  struct Topic {
    bool passthrough = true;  // the payload already has the ULog layout
    std::string format_name;
    uint8_t multi_id = 0;
    uint16_t msg_id = 0;
    uint32_t payload_size = 0;
    struct Move {
      uint32_t src, dst, width;
      bool half;  // float16 to float
    };
    std::vector<Move> moves;
    bool subscribed = false;
  };

  void message(uint8_t type, Bytes body);
  void subscribe(Topic& t);
  void start_data();
  void header();
  void param_message(uint8_t type, const model::Param& p, uint8_t flag, bool with_flag);
  std::string generate_format(const model::Schema& s, Topic* t);

  formats::Output& out_;
  int64_t start_time_ = 0;
  bool header_written_ = false;
  bool data_started_ = false;
  std::vector<model::InfoItem> infos_;
  std::vector<std::string> native_;
  std::set<std::string> native_names_;
  std::vector<std::string> generated_;
  std::vector<model::Param> params_;
  std::vector<model::DefaultParam> defaults_;
  std::vector<Topic> topics_;
  std::vector<std::byte> buf_;
  std::vector<std::byte> rec_;
};

void Writer::message(uint8_t type, Bytes body) {
  size_t n = std::min<size_t>(body.size(), 65535);
  buf_.resize(3 + n);
  store_le<uint16_t>(buf_.data(), static_cast<uint16_t>(n));
  buf_[2] = static_cast<std::byte>(type);
  if (n) std::memcpy(buf_.data() + 3, body.data(), n);
  out_.write(Bytes(buf_));
}

void Writer::header() {
  if (header_written_) return;
  header_written_ = true;
  std::byte h[kHeaderSize];
  std::memcpy(h, kMagic, sizeof kMagic);
  h[7] = std::byte{1};
  store_le<uint64_t>(h + 8, static_cast<uint64_t>(start_time_));
  out_.write(Bytes(h, sizeof h));
  std::byte flags[40] = {};
  message(kFlagBits, Bytes(flags, sizeof flags));
}

std::string Writer::generate_format(const model::Schema& s, Topic* t) {
  // A flat format: timestamp first, then the fields in schema order; runs of name[0..n-1] of one
  // type become arrays again.
  std::string name = s.name;
  for (char& c : name)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  std::string base = name;
  for (int k = 2; native_names_.count(name); ++k) name = base + "_" + std::to_string(k);
  native_names_.insert(name);
  std::string text = name + ":uint64_t timestamp;";
  uint32_t off = 8;
  const auto& f = s.fields;
  for (size_t i = 0; i < f.size();) {
    FieldType type = f[i].type == FieldType::kFloat16 ? FieldType::kFloat32 : f[i].type;
    uint32_t elem = model::type_size(type);
    std::string fname = f[i].name;
    size_t run = 1;
    if (size_t br = fname.find('[');
        br != std::string::npos && fname.substr(br) == "[0]" && !f[i].is_text()) {
      std::string stem = fname.substr(0, br);
      while (i + run < f.size() && f[i + run].type == f[i].type &&
             f[i + run].name == stem + "[" + std::to_string(run) + "]")
        ++run;
      fname = stem;
    }
    for (char& c : fname)
      if (!isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
    std::string tname(model::type_name(type));
    if (f[i].is_text()) {
      text += "char[" + std::to_string(f[i].count) + "] " + fname + ";";
      t->moves.push_back({f[i].offset, off, f[i].count, false});
      off += f[i].count;
    } else {
      text += tname;
      if (run > 1) text += "[" + std::to_string(run) + "]";
      text += " " + fname + ";";
      for (size_t k = 0; k < run; ++k) {
        t->moves.push_back({f[i + k].offset, off, model::type_size(f[i + k].type),
                            f[i + k].type == FieldType::kFloat16});
        off += elem;
      }
    }
    i += run;
  }
  t->payload_size = off;
  t->passthrough = false;
  generated_.push_back(text);
  return name;
}

void Writer::on_topic(uint32_t id, model::Schema s) {
  if (topics_.size() <= id) topics_.resize(id + 1);
  Topic& t = topics_[id];
  if (native_names_.count(s.native_format) && !s.native_format.empty()) {
    t.format_name = s.native_format;
    t.payload_size = s.payload_size;
  } else {
    t.format_name = generate_format(s, &t);
  }
  t.multi_id = static_cast<uint8_t>(std::min<uint32_t>(s.instance, 255));
  t.msg_id = static_cast<uint16_t>(id);
  if (data_started_) subscribe(t);  // a late topic: its format is out only if it was native
}

void Writer::subscribe(Topic& t) {
  t.subscribed = true;
  std::vector<std::byte> body(3 + t.format_name.size());
  body[0] = static_cast<std::byte>(t.multi_id);
  store_le<uint16_t>(body.data() + 1, t.msg_id);
  std::memcpy(body.data() + 3, t.format_name.data(), t.format_name.size());
  message(kAddLogged, Bytes(body));
}

void Writer::param_message(uint8_t type, const model::Param& p, uint8_t flag, bool with_flag) {
  std::string key = std::string(p.is_int ? "int32_t " : "float ") + p.name;
  std::vector<std::byte> body;
  if (with_flag) body.push_back(static_cast<std::byte>(flag));
  body.push_back(static_cast<std::byte>(std::min<size_t>(key.size(), 255)));
  for (char c : key.substr(0, 255)) body.push_back(static_cast<std::byte>(c));
  std::byte v[4];
  if (p.is_int)
    store_le<int32_t>(v, saturate<int32_t>(p.value));
  else
    store_le<float>(v, static_cast<float>(p.value));
  body.insert(body.end(), v, v + 4);
  message(type, Bytes(body));
}

void Writer::start_data() {
  if (data_started_) return;
  header();
  for (const auto& f : native_) message(kFormat, as_bytes(f));
  for (const auto& f : generated_) message(kFormat, as_bytes(f));
  for (const auto& i : infos_) {
    std::string type = i.type;
    std::vector<std::byte> value;
    if (auto* s = std::get_if<std::string>(&i.value)) {
      if (type.empty() || type.rfind("char", 0) == 0)
        type = "char[" + std::to_string(s->size()) + "]";
      for (char c : *s) value.push_back(static_cast<std::byte>(c));
    } else {
      auto bt = basic_type(type);
      if (!bt) {
        if (std::holds_alternative<double>(i.value))
          type = "double", bt = FieldType::kFloat64;
        else
          type = "int64_t", bt = FieldType::kInt64;
      }
      double d = std::holds_alternative<double>(i.value) ? std::get<double>(i.value)
                 : std::holds_alternative<int64_t>(i.value)
                     ? static_cast<double>(std::get<int64_t>(i.value))
                     : static_cast<double>(std::get<uint64_t>(i.value));
      value.resize(model::type_size(*bt));
      switch (*bt) {
        case FieldType::kFloat32:
          store_le<float>(value.data(), static_cast<float>(d));
          break;
        case FieldType::kFloat64:
          store_le<double>(value.data(), d);
          break;
        case FieldType::kUInt64:
          store_le<uint64_t>(value.data(), std::holds_alternative<uint64_t>(i.value)
                                               ? std::get<uint64_t>(i.value)
                                               : static_cast<uint64_t>(d));
          break;
        case FieldType::kInt64:
          store_le<int64_t>(value.data(), std::holds_alternative<int64_t>(i.value)
                                              ? std::get<int64_t>(i.value)
                                              : static_cast<int64_t>(d));
          break;
        default: {
          int64_t iv = static_cast<int64_t>(d);
          std::memcpy(value.data(), &iv, value.size());
        }
      }
    }
    std::string key = type + " " + i.key;
    std::vector<std::byte> body;
    if (i.multi) body.push_back(static_cast<std::byte>(i.continued ? 1 : 0));
    body.push_back(static_cast<std::byte>(std::min<size_t>(key.size(), 255)));
    for (char c : key.substr(0, 255)) body.push_back(static_cast<std::byte>(c));
    body.insert(body.end(), value.begin(), value.end());
    message(i.multi ? kInfoMulti : kInfo, Bytes(body));
  }
  for (const auto& p : params_) param_message(kParam, p, 0, false);
  for (const auto& d : defaults_) param_message(kParamDefault, d.param, d.default_types, true);
  data_started_ = true;
  for (auto& t : topics_)
    if (!t.format_name.empty() && !t.subscribed) subscribe(t);
}

void Writer::on_record(uint32_t id, int64_t time_us, Bytes payload) {
  start_data();
  if (id >= topics_.size() || topics_[id].format_name.empty()) return;
  const Topic& t = topics_[id];
  rec_.assign(2 + t.payload_size, std::byte{0});
  store_le<uint16_t>(rec_.data(), t.msg_id);
  if (t.passthrough) {
    std::memcpy(rec_.data() + 2, payload.data(), std::min<size_t>(payload.size(), t.payload_size));
  } else {
    store_le<uint64_t>(rec_.data() + 2,
                       static_cast<uint64_t>(time_us == model::kNoTime ? 0 : time_us));
    for (const auto& m : t.moves) {
      if (m.half) {
        Field h{"", FieldType::kFloat16, 0, 1, {}, 1.0};
        store_le<float>(rec_.data() + 2 + m.dst,
                        static_cast<float>(model::field_value(h, payload.data() + m.src)));
      } else {
        std::memcpy(rec_.data() + 2 + m.dst, payload.data() + m.src, m.width);
      }
    }
  }
  message(kData, Bytes(rec_));
}

void Writer::on_text(const model::TextMessage& m) {
  start_data();
  std::vector<std::byte> body;
  body.push_back(static_cast<std::byte>('0' + (m.severity & 7)));
  if (m.tagged) {
    body.resize(3);
    store_le<uint16_t>(body.data() + 1, m.tag);
  }
  size_t at = body.size();
  body.resize(at + 8);
  store_le<uint64_t>(body.data() + at,
                     static_cast<uint64_t>(m.time_us == model::kNoTime ? 0 : m.time_us));
  for (char c : m.text) body.push_back(static_cast<std::byte>(c));
  message(m.tagged ? kLoggingTagged : kLogging, Bytes(body));
}

}  // namespace

std::unique_ptr<formats::Writer> make_writer(formats::Output& out) {
  return std::make_unique<Writer>(out);
}

}  // namespace skykeep::ulog
