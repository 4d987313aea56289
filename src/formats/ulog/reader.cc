#include "formats/ulog/reader.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "base/endian.h"
#include "formats/chunker_internal.h"
#include "formats/ulog/ulog_internal.h"

namespace skykeep::ulog {
namespace {

using model::ParseReport;

constexpr size_t kMaxFrame = kMsgHeaderSize + 65535;
// Bigger declared sizes than this, for anything but a format or info message, are taken as
// corruption (the reference parser's rule too).
constexpr uint16_t kMaxPlausibleSize = 10000;

bool known_type(uint8_t t) {
  switch (t) {
    case kFlagBits:
    case kFormat:
    case kInfo:
    case kInfoMulti:
    case kParam:
    case kParamDefault:
    case kAddLogged:
    case kRemoveLogged:
    case kData:
    case kLogging:
    case kLoggingTagged:
    case kSync:
    case kDropout:
      return true;
    default:
      return false;
  }
}

// 16 bytes, so that a lookup by message id is one shift.
struct Subscription {
  uint32_t topic = 0;
  uint16_t payload_size = 0;  // a format is at most 65535 bytes (flatten() checks)
  uint16_t min_size = 0;
  int32_t ts_offset = -1;  // offset of the timestamp, -1 none
  uint8_t ts_width = 8;
  bool active = false;
};
static_assert(sizeof(Subscription) == 16);

class Reader final : public formats::Reader {
 public:
  explicit Reader(formats::Sink& sink) : sink_(sink), chunker_(kMaxFrame + 16) {}

  Status feed(Bytes chunk) override {
    if (!fatal_.ok()) return fatal_;
    report_.bytes_total += chunk.size();
    chunker_.feed(chunk, [this](Bytes d, uint64_t off, bool fin) { return parse(d, off, fin); });
    return fatal_;
  }

  Status finish() override {
    if (!fatal_.ok()) return fatal_;
    size_t left =
        chunker_.finish([this](Bytes d, uint64_t off, bool fin) { return parse(d, off, fin); });
    if (!fatal_.ok()) return fatal_;
    if (!header_done_) {
      return report_.bytes_total == 0 ? Status::InvalidArgument("empty file")
                                      : Status::InvalidArgument("not a ULog file: too short");
    }
    if (resyncing_) {
      corrupt(resync_start_, "corrupt data: skipped " +
                                 std::to_string(chunker_.offset() - resync_start_) +
                                 " bytes to the end of the file without finding a valid message");
    }
    if (left > 0) {
      report_.bytes_skipped += left;
      report_.add(chunker_.offset(),
                  "truncated: last message cut after " + std::to_string(left) + " bytes");
    }
    sink_.on_end(report_);
    return Status::Ok();
  }

 private:
  // Parses whole messages of d; returns the bytes consumed. Payload views end with the call.
  size_t parse(Bytes d, uint64_t base, bool final) {
    size_t used = parse_messages(d, base, final);
    sink_.on_batch_end();
    return used;
  }
  size_t parse_messages(Bytes d, uint64_t base, bool final);
  bool header_plausible(Bytes d, size_t pos, bool final, bool* need_more) const;
  void handle(uint8_t type, Bytes body, uint64_t offset);
  void handle_format(Bytes body, uint64_t offset);
  // Parses the format `name` and the formats it nests, where not done yet.
  bool parse_needed(std::string_view name, int depth, std::string* error);
  void handle_add(Bytes body, uint64_t offset);
  void handle_data(Bytes body, uint64_t offset);
  // Delivers consecutive data messages of subscribed topics, each the size of its format (or
  // short of trailing padding only), starting at pos; returns where the run ends.
  size_t run_data(Bytes d, size_t pos) {
    const std::byte* p = d.data() + pos;
    const std::byte* end = d.data() + d.size();
    const Subscription* subs = subs_.data();
    size_t nsubs = subs_.size();
    int64_t last = last_time_;
    while (end - p >= static_cast<ptrdiff_t>(kMsgHeaderSize + 2)) {
      uint16_t size = load_le<uint16_t>(p);
      uint16_t id = load_le<uint16_t>(p + 3);
      if (static_cast<uint8_t>(p[2]) != kData || size < 2 ||
          end - p < static_cast<ptrdiff_t>(kMsgHeaderSize + size) || id >= nsubs)
        break;
      const Subscription& s = subs[id];
      uint32_t n = size - 2u;
      if (!s.active || n > s.payload_size || n < s.min_size) break;
      const std::byte* payload = p + 5;
      int64_t t = time_of(s, payload);
      last = std::max(last, t);
      sink_.on_record_view(s.topic, t, Bytes(payload, n));  // the payload lies in the input
      p += kMsgHeaderSize + size;
    }
    last_time_ = last;
    return static_cast<size_t>(p - d.data());
  }
  // Hands a well-sized data payload of a subscription to the sink.
  void deliver(const Subscription& s, Bytes payload) {
    int64_t t = time_of(s, payload.data());
    last_time_ = std::max(last_time_, t);
    sink_.on_record_view(s.topic, t, payload);  // payload lies in the input being parsed
  }
  // A data payload's timestamp, or kNoTime (which is less than any time).
  static int64_t time_of(const Subscription& s, const std::byte* payload) {
    if (s.ts_offset < 0) return model::kNoTime;
    return s.ts_width == 8 ? static_cast<int64_t>(load_le<uint64_t>(payload + s.ts_offset))
                           : int64_t{load_le<uint32_t>(payload + s.ts_offset)};
  }
  void handle_info(uint8_t type, Bytes body, uint64_t offset);
  void handle_text(uint8_t type, Bytes body, uint64_t offset);
  void handle_flag_bits(Bytes body, uint64_t offset);
  void corrupt(uint64_t offset, std::string msg) { report_.add(offset, std::move(msg)); }

  formats::Sink& sink_;
  formats::Chunker chunker_;
  Status fatal_;
  ParseReport report_;
  bool header_done_ = false;
  bool first_message_ = true;
  bool in_data_section_ = false;
  uint8_t version_ = 0;
  std::deque<uint64_t> appended_;  // offsets of appended data still ahead
  uint64_t skip_to_ = 0;           // discard input until this offset (appended data jump)
  bool resyncing_ = false;         // scanning for a valid header after corruption
  bool slow_ = false;              // any of the three above: see special()
  uint64_t resync_start_ = 0;
  int64_t last_time_ = model::kNoTime;

  std::map<std::string, std::string, std::less<>> raw_formats_;  // format messages by name
  std::map<std::string, FormatDef, std::less<>> formats_;        // those parsed so far
  std::map<std::string, Layout, std::less<>> layouts_;           // flattened formats, by name
  std::vector<Subscription> subs_;  // by message id, grown to the largest id subscribed
  // True while anything slows the loop down: a jump to appended data, a resync, or appended
  // data still ahead. Lets the hot path for data messages test one flag.
  bool special() const { return slow_; }
  void update_slow() { slow_ = skip_to_ != 0 || resyncing_ || !appended_.empty(); }
  const Subscription* sub(uint16_t id) const {
    return id < subs_.size() && subs_[id].active ? &subs_[id] : nullptr;
  }
  std::map<std::pair<std::string, uint8_t>, uint32_t> topic_ids_;
  struct TopicInfo {
    std::string name;
    uint32_t payload_size;
  };
  std::vector<TopicInfo> topics_;  // by topic id
  std::vector<std::byte> scratch_;
};

bool Reader::header_plausible(Bytes d, size_t pos, bool final, bool* need_more) const {
  *need_more = false;
  if (d.size() - pos < kMsgHeaderSize) {
    *need_more = !final;
    return false;
  }
  uint16_t size = load_le<uint16_t>(d.data() + pos);
  uint8_t type = static_cast<uint8_t>(d[pos + 2]);
  if (!known_type(type) || size == 0) return false;
  if (type != kFormat && type != kInfo && type != kInfoMulti && size > kMaxPlausibleSize)
    return false;
  if (d.size() - pos < kMsgHeaderSize + size) {
    *need_more = !final;
    return false;
  }
  const std::byte* body = d.data() + pos + kMsgHeaderSize;
  switch (type) {
    case kData: {
      if (size < 2) return false;
      uint16_t id = load_le<uint16_t>(body);
      if (!sub(id)) return false;
      const Subscription& s = subs_[id];
      if (size - 2u < s.min_size || size - 2u > s.payload_size) return false;
      break;
    }
    case kSync:
      return size == 8 && std::memcmp(body, kSyncMagic, 8) == 0;
    case kDropout:
      if (size != 2) return false;
      break;
    case kAddLogged:
      if (size < 4) return false;
      break;
    case kRemoveLogged:
      if (size != 2) return false;
      break;
    case kLogging:
      if (size < 9) return false;
      break;
    case kLoggingTagged:
      if (size < 11) return false;
      break;
    case kFlagBits:
      return false;  // only ever first
    default:
      break;
  }
  // The next header must look sane as well (or the data ends right here).
  size_t next = pos + kMsgHeaderSize + size;
  if (d.size() - next < kMsgHeaderSize) {
    if (!final) *need_more = true;
    return final;
  }
  uint16_t nsize = load_le<uint16_t>(d.data() + next);
  uint8_t ntype = static_cast<uint8_t>(d[next + 2]);
  return known_type(ntype) && nsize > 0;
}

size_t Reader::parse_messages(Bytes d, uint64_t base, bool final) {
  size_t pos = 0;
  if (!header_done_) {
    if (d.size() < kHeaderSize) {
      if (final && !d.empty() && std::memcmp(d.data(), kMagic, std::min<size_t>(d.size(), 7)) != 0)
        fatal_ = Status::InvalidArgument("not a ULog file: bad magic");
      return 0;
    }
    if (std::memcmp(d.data(), kMagic, sizeof kMagic) != 0) {
      fatal_ = Status::InvalidArgument("not a ULog file: bad magic");
      return 0;
    }
    version_ = static_cast<uint8_t>(d[7]);
    sink_.on_format(model::Format::kULog);
    sink_.on_info({"ulog_version", "uint8_t", int64_t{version_}, false, false});
    sink_.on_start_time(static_cast<int64_t>(load_le<uint64_t>(d.data() + 8)));
    header_done_ = true;
    pos = kHeaderSize;
  }
  for (;;) {
    if (!special()) {
      size_t end = run_data(d, pos);  // the hot path: a run of well-formed data messages
      if (end != pos) {
        first_message_ = false;
        in_data_section_ = true;
        pos = end;
        continue;
      }
    }
    if (!fatal_.ok()) return pos;
    if (skip_to_ > base + pos) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(skip_to_ - (base + pos), d.size() - pos));
      pos += n;
      if (pos == d.size()) return pos;
    }
    if (skip_to_ != 0 && skip_to_ <= base + pos) {
      skip_to_ = 0;
      update_slow();
    }
    if (resyncing_) {
      bool need_more = false;
      while (pos < d.size() && !header_plausible(d, pos, final, &need_more)) {
        if (need_more) return pos;
        // Fast over what cannot start a message (runs of zeros, mostly): no known type byte
        // two bytes on, and no sync marker here.
        size_t skip = pos;
        // Sixteen zero bytes rule out the fourteen positions whose type byte lies among them.
        while (skip + 16 <= d.size() && load_le<uint64_t>(d.data() + skip) == 0 &&
               load_le<uint64_t>(d.data() + skip + 8) == 0)
          skip += 14;
        while (skip + 8 < d.size() && !known_type(static_cast<uint8_t>(d[skip + 2])) &&
               static_cast<uint8_t>(d[skip]) != kSyncMagic[0])
          ++skip;
        if (skip != pos) {
          report_.bytes_skipped += skip - pos;
          pos = skip;
          continue;
        }
        // The sync marker of a sync message whose header was damaged: the next message follows.
        if (d.size() - pos >= sizeof kSyncMagic &&
            std::memcmp(d.data() + pos, kSyncMagic, sizeof kSyncMagic) == 0) {
          pos += sizeof kSyncMagic;
          report_.bytes_skipped += sizeof kSyncMagic;
          continue;
        }
        ++pos;
        ++report_.bytes_skipped;
      }
      if (pos == d.size()) return pos;
      resyncing_ = false;
      update_slow();
      corrupt(resync_start_, "corrupt data: skipped " + std::to_string(base + pos - resync_start_) +
                                 " bytes to the next valid message");
    }
    size_t left = d.size() - pos;
    if (left < kMsgHeaderSize) return pos;
    uint16_t size = load_le<uint16_t>(d.data() + pos);
    uint8_t type = static_cast<uint8_t>(d[pos + 2]);
    uint64_t at = base + pos;
    if (!appended_.empty() && at + kMsgHeaderSize + size > appended_.front()) {
      // The main log ends before the appended data: what crosses the offset is unfinished.
      skip_to_ = appended_.front();
      appended_.pop_front();
      update_slow();
      continue;
    }
    bool implausible =
        type == 0 || size == 0 ||
        (size > kMaxPlausibleSize && type != kFormat && type != kInfo && type != kInfoMulti);
    if (implausible) {  // corruption: look for the next valid message from the next byte on
      resyncing_ = true;
      update_slow();
      resync_start_ = at;
      ++pos;
      ++report_.bytes_skipped;
      continue;
    }
    if (!known_type(type)) {
      // A message type newer than this reader: skip it whole.
      if (left < kMsgHeaderSize + size) return pos;
      ++report_.unknown_messages;
      pos += kMsgHeaderSize + size;
      continue;
    }
    if (left < kMsgHeaderSize + size) return pos;
    Bytes body = d.subspan(pos + kMsgHeaderSize, size);
    if (type == kData) {
      handle_data(body, at);
    } else {
      handle(type, body, at);
    }
    pos += kMsgHeaderSize + size;
  }
}

void Reader::handle(uint8_t type, Bytes body, uint64_t offset) {
  if (type != kFlagBits) first_message_ = false;
  switch (type) {
    case kFlagBits:
      handle_flag_bits(body, offset);
      break;
    case kFormat:
      handle_format(body, offset);
      break;
    case kInfo:
    case kInfoMulti:
    case kParam:
    case kParamDefault:
      handle_info(type, body, offset);
      break;
    case kAddLogged:
      in_data_section_ = true;
      handle_add(body, offset);
      break;
    case kRemoveLogged:
      if (body.size() >= 2) {
        uint16_t id = load_le<uint16_t>(body.data());
        if (id < subs_.size()) subs_[id].active = false;
      }
      break;
    case kLogging:
    case kLoggingTagged:
      in_data_section_ = true;
      handle_text(type, body, offset);
      break;
    case kDropout:
      if (body.size() >= 2) sink_.on_dropout({last_time_, load_le<uint16_t>(body.data())});
      break;
    default:
      break;  // sync: nothing to do
  }
}

void Reader::handle_flag_bits(Bytes body, uint64_t offset) {
  if (!first_message_) {
    corrupt(offset, "flag bits message after the first message: ignored");
    return;
  }
  first_message_ = false;
  if (body.size() < 40) {
    corrupt(offset, "flag bits message too short");
    return;
  }
  uint64_t compat = load_le<uint64_t>(body.data());
  uint64_t incompat = load_le<uint64_t>(body.data() + 8);
  sink_.on_info({"ulog_compat_flags", "uint64_t", compat, false, false});
  if (incompat & ~kIncompatDataAppended) {
    char buf[80];
    std::snprintf(buf, sizeof buf, "unknown incompatible ULog flag bits 0x%016llx",
                  static_cast<unsigned long long>(incompat & ~kIncompatDataAppended));
    fatal_ = Status::NotSupported(buf);
    return;
  }
  if (incompat & kIncompatDataAppended) {
    std::vector<uint64_t> offs;
    for (size_t i = 0; i < 3; ++i) {
      uint64_t o = load_le<uint64_t>(body.data() + 16 + 8 * i);
      if (o != 0) offs.push_back(o);
    }
    std::sort(offs.begin(), offs.end());
    for (uint64_t o : offs) {
      appended_.push_back(o);
      update_slow();
      sink_.on_info({"ulog_appended_offset", "uint64_t", o, true, false});
    }
  }
}

void Reader::handle_format(Bytes body, uint64_t offset) {
  std::string_view text = as_chars(body);
  sink_.on_native_definition(text);
  std::string_view name = format_name(text);
  if (name.empty()) {
    corrupt(offset, "malformed format message");
    return;
  }
  // Parsed when a subscription needs it: most logs define far more formats than they use.
  raw_formats_.insert_or_assign(std::string(name), std::string(text));
  if (auto it = formats_.find(name); it != formats_.end()) formats_.erase(it);
  layouts_.clear();  // a redefinition may change any layout that nests it
}

bool Reader::parse_needed(std::string_view name, int depth, std::string* error) {
  if (depth > 16 || formats_.count(name)) return true;  // flatten reports deep nesting
  auto raw = raw_formats_.find(name);
  if (raw == raw_formats_.end()) return true;  // flatten reports the undefined type
  auto def = parse_format(raw->second);
  if (!def) {
    *error = "malformed format message for " + std::string(name);
    return false;
  }
  auto& d = formats_.emplace(std::string(name), std::move(*def)).first->second;  // views raw
  for (const auto& f : d.fields)
    if (!basic_type(f.type) && !parse_needed(f.type, depth + 1, error)) return false;
  return true;
}

void Reader::handle_add(Bytes body, uint64_t offset) {
  if (body.size() < 4) return;
  uint8_t multi_id = static_cast<uint8_t>(body[0]);
  uint16_t msg_id = load_le<uint16_t>(body.data() + 1);
  std::string name(as_chars(body.subspan(3)));
  while (!name.empty() && name.back() == '\0') name.pop_back();
  // A format subscribed for several instances is flattened once: later instances copy it.
  auto cached = layouts_.find(name);
  if (cached == layouts_.end()) {
    std::string error;
    if (!parse_needed(name, 0, &error)) {
      corrupt(offset, error);
      return;
    }
    auto flat = flatten(formats_, name, &error);
    if (!flat) {
      corrupt(offset, error);
      return;
    }
    cached = layouts_.emplace(name, std::move(*flat)).first;
  }
  const Layout* layout = &cached->second;
  auto key = std::make_pair(name, multi_id);
  auto it = topic_ids_.find(key);
  uint32_t topic;
  if (it == topic_ids_.end()) {
    topic = static_cast<uint32_t>(topics_.size());
    topic_ids_.emplace(key, topic);
    topics_.push_back({name, layout->payload_size});
    sink_.on_topic(topic, schema_of(name, multi_id, *layout));
  } else {
    topic = it->second;
    if (topics_[topic].payload_size != layout->payload_size) {
      corrupt(offset, "topic " + name + " subscribed again with a different size: ignored");
      return;
    }
  }
  if (subs_.size() <= msg_id) subs_.resize(msg_id + 1u);
  Subscription& sub = subs_[msg_id];
  sub = Subscription{};
  sub.active = true;
  sub.topic = topic;
  sub.payload_size = static_cast<uint16_t>(layout->payload_size);
  sub.min_size = static_cast<uint16_t>(layout->min_size);
  if (layout->timestamp) {
    sub.ts_offset = static_cast<int32_t>(layout->timestamp->offset);
    sub.ts_width = static_cast<uint8_t>(layout->timestamp->width());
  }
}

void Reader::handle_data(Bytes body, uint64_t offset) {
  first_message_ = false;
  in_data_section_ = true;
  if (body.size() < 2) return;
  uint16_t id = load_le<uint16_t>(body.data());
  if (!this->sub(id)) return;  // not subscribed (reference parsers drop these too)
  Subscription& sub = subs_[id];
  Bytes payload = body.subspan(2);
  if (payload.size() != sub.payload_size) {
    if (payload.size() < sub.min_size) {
      corrupt(offset, "data message for " + topics_[sub.topic].name + " shorter than its format");
      ++report_.bad_packets;
      return;
    }
    if (payload.size() > sub.payload_size) {
      // Longer than its format: not a message the logger wrote as described; drop it.
      corrupt(offset, "data message for " + topics_[sub.topic].name + " longer than its format (" +
                          std::to_string(payload.size()) + " > " +
                          std::to_string(sub.payload_size) + " bytes): dropped");
      ++report_.bad_packets;
      return;
    }
  }
  deliver(sub, payload);
}

// "type name" key of an info-like message, then its value.
void Reader::handle_info(uint8_t type, Bytes body, uint64_t offset) {
  ByteReader r(body);
  uint8_t flag = 0;
  if (type == kInfoMulti || type == kParamDefault) {
    if (!r.read(&flag)) return corrupt(offset, "info message too short");
  }
  uint8_t key_len = 0;
  Bytes key_bytes;
  if (!r.read(&key_len) || !r.take(key_len, &key_bytes))
    return corrupt(offset, "info message key longer than the message");
  std::string_view key = as_chars(key_bytes);
  // "type name" or "type[N] name": one scan for the space and the bracket.
  size_t space = std::string_view::npos, bracket = std::string_view::npos;
  for (size_t i = 0; i < key.size(); ++i) {
    if (key[i] == ' ') {
      space = i;
      break;
    }
    if (key[i] == '[' && bracket == std::string_view::npos) bracket = i;
  }
  if (space == std::string_view::npos) return corrupt(offset, "info message key without a type");
  std::string_view tname = key.substr(0, space), name = key.substr(space + 1);
  Bytes v = r.rest();
  auto bt = basic_type(tname.substr(0, bracket));
  if (!bt) return corrupt(offset, "info message of unknown type " + std::string(tname));
  bool text = *bt == model::FieldType::kChar || bracket != std::string_view::npos;
  uint32_t size = model::type_size(*bt);
  if (!text && v.size() < size)
    return corrupt(offset, "value of " + std::string(name) + " shorter than its type");
  bool floating = *bt == model::FieldType::kFloat32 || *bt == model::FieldType::kFloat64;
  model::Field f{{}, *bt, 0, 1, {}, 1.0};

  if (type == kParam || type == kParamDefault) {  // parameters are numbers
    if (text) return corrupt(offset, "parameter " + std::string(name) + " of non-numeric type");
    model::Param p{std::string(name), model::field_value(f, v.data()), !floating};
    if (type == kParamDefault) {
      sink_.on_default_param({std::move(p), flag});
    } else if (in_data_section_) {
      sink_.on_param_change({last_time_, std::move(p)});
    } else {
      sink_.on_param(std::move(p));
    }
    return;
  }
  model::InfoValue value;
  if (text) {  // text, or a numeric array kept as its raw bytes
    std::string_view sv = as_chars(v);
    if (*bt == model::FieldType::kChar) {
      while (!sv.empty() && sv.back() == '\0') sv.remove_suffix(1);
    }
    value = std::string(sv);
  } else if (floating) {
    value = model::field_value(f, v.data());
  } else if (*bt == model::FieldType::kUInt64) {
    value = load_le<uint64_t>(v.data());
  } else if (*bt == model::FieldType::kInt64) {
    value = load_le<int64_t>(v.data());
  } else {
    value = static_cast<int64_t>(model::field_value(f, v.data()));  // exact: at most 32 bits
  }
  sink_.on_info(
      {std::string(name), std::string(tname), std::move(value), type == kInfoMulti, flag != 0});
}

void Reader::handle_text(uint8_t type, Bytes body, uint64_t offset) {
  ByteReader r(body);
  model::TextMessage m;
  uint8_t level = 0;
  uint64_t ts = 0;
  if (!r.read(&level)) return corrupt(offset, "logged string too short");
  if (type == kLoggingTagged) {
    m.tagged = true;
    if (!r.read(&m.tag)) return corrupt(offset, "tagged logged string too short");
  }
  if (!r.read(&ts)) return corrupt(offset, "logged string too short");
  m.time_us = static_cast<int64_t>(ts);
  m.severity = level >= '0' && level <= '7' ? static_cast<uint8_t>(level - '0')
                                            : static_cast<uint8_t>(level & 7);
  m.text = std::string(as_chars(r.rest()));
  while (!m.text.empty() && m.text.back() == '\0') m.text.pop_back();
  sink_.on_text(m);
}

}  // namespace

std::unique_ptr<formats::Reader> make_reader(formats::Sink& sink) {
  return std::make_unique<Reader>(sink);
}

bool sniff(Bytes prefix) {
  return prefix.size() >= sizeof kMagic && std::memcmp(prefix.data(), kMagic, sizeof kMagic) == 0;
}

}  // namespace skykeep::ulog
