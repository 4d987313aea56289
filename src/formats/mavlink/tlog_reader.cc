#include "formats/mavlink/tlog_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <optional>

#include "base/crc.h"
#include "base/endian.h"
#include "base/numeric.h"
#include "formats/chunker_internal.h"
#include "formats/mavlink/mavlink_internal.h"
#include "formats/param_tracker.h"

namespace skykeep::mavlink {
namespace {

// Timestamps further than this from the previous good one mark a false frame during resync.
constexpr int64_t kPlausibleJumpUs = int64_t{24} * 3600 * 1000000;

bool far_apart(int64_t a, int64_t b) {
  int64_t d;
  if (__builtin_sub_overflow(a, b, &d)) return true;
  return d > kPlausibleJumpUs || d < -kPlausibleJumpUs;
}

struct Frame {
  uint32_t length = 0;  // whole record, timestamp included
  uint32_t msgid = 0;
  uint8_t sysid = 0, compid = 0;
  uint8_t version = 0;
  Bytes payload;
  uint16_t crc = 0;
  uint16_t computed = 0;  // CRC over the frame without CRC_EXTRA
};

enum class FrameStatus { kOk, kNeedMore, kBad };

FrameStatus parse_frame(Bytes d, size_t pos, Frame* f) {
  size_t left = d.size() - pos;
  if (left < kTimestampLen + 1) return FrameStatus::kNeedMore;
  const std::byte* p = d.data() + pos + kTimestampLen;
  uint8_t stx = static_cast<uint8_t>(p[0]);
  if (stx != kStxV1 && stx != kStxV2) return FrameStatus::kBad;
  if (left < kTimestampLen + 2) return FrameStatus::kNeedMore;
  uint32_t len = static_cast<uint8_t>(p[1]);
  uint32_t header = stx == kStxV1 ? kHeaderV1 : kHeaderV2;
  if (left < kTimestampLen + header) return FrameStatus::kNeedMore;
  uint32_t sig = 0;
  if (stx == kStxV2) {
    uint8_t incompat = static_cast<uint8_t>(p[2]);
    if (incompat & ~kIncompatSigned) return FrameStatus::kBad;
    if (incompat & kIncompatSigned) sig = kSignatureLen;
  }
  f->length = kTimestampLen + header + len + 2 + sig;
  if (left < f->length) return FrameStatus::kNeedMore;
  f->version = stx == kStxV1 ? 1 : 2;
  if (stx == kStxV1) {
    f->sysid = static_cast<uint8_t>(p[3]);
    f->compid = static_cast<uint8_t>(p[4]);
    f->msgid = static_cast<uint8_t>(p[5]);
  } else {
    f->sysid = static_cast<uint8_t>(p[5]);
    f->compid = static_cast<uint8_t>(p[6]);
    f->msgid = static_cast<uint32_t>(static_cast<uint8_t>(p[7])) |
               static_cast<uint32_t>(static_cast<uint8_t>(p[8])) << 8 |
               static_cast<uint32_t>(static_cast<uint8_t>(p[9])) << 16;
  }
  f->payload = Bytes(p + header, len);
  f->crc = load_le<uint16_t>(p + header + len);
  f->computed = crc_x25(Bytes(p + 1, header - 1 + len));
  return FrameStatus::kOk;
}

bool crc_matches(const Frame& f, const MessageDef& def) {
  return crc_x25_step(f.computed, def.crc_extra) == f.crc;
}

class TlogReader final : public formats::Reader {
 public:
  TlogReader(formats::Sink& sink, const Dialect& dialect)
      : sink_(sink), dialect_(dialect), chunker_(size_t{2} * kMaxRecord) {
    for (auto& c : cache_) c = {nullptr, false, 0, 0, -1};
  }

  void own(std::unique_ptr<Dialect> d) { owned_ = std::move(d); }

  Status feed(Bytes chunk) override {
    report_.bytes_total += chunk.size();
    chunker_.feed(chunk, [this](Bytes d, uint64_t o, bool f) { return parse(d, o, f); });
    return Status::Ok();
  }

  Status finish() override {
    size_t left = chunker_.finish([this](Bytes d, uint64_t o, bool f) { return parse(d, o, f); });
    if (!started_) {
      return report_.bytes_total == 0 ? Status::InvalidArgument("empty file")
                                      : Status::InvalidArgument("not a MAVLink telemetry log");
    }
    end_garbage(chunker_.offset());
    if (left > 0) {
      ++report_.bad_packets;
      report_.bytes_skipped += left;
      report_.add(chunker_.offset(),
                  "truncated: last packet cut after " + std::to_string(left) + " bytes");
    }
    sink_.on_end(report_);
    return Status::Ok();
  }

 private:
  // Parses whole records of d; returns the bytes consumed. Payload views end with the call.
  size_t parse(Bytes d, uint64_t base, bool final) {
    size_t used = parse_records(d, base, final);
    sink_.on_batch_end();
    return used;
  }
  size_t parse_records(Bytes d, uint64_t base, bool final);
  // A frame at pos that we would accept while resynchronising.
  FrameStatus plausible(Bytes d, size_t pos, Frame* f) const;
  void deliver(const Frame& f, int64_t time);
  uint32_t topic_for(const Frame& f, const MessageDef* def);
  uint32_t topic_slow(const Frame& f, const MessageDef* def);
  void start_garbage(uint64_t at) {
    if (!in_garbage_) {
      garbage_start_ = at;
      ++report_.bad_packets;
    }
    in_garbage_ = true;
  }
  void end_garbage(uint64_t at) {
    if (!in_garbage_) return;
    in_garbage_ = false;
    report_.add(garbage_start_, "skipped " + std::to_string(at - garbage_start_) +
                                    " bytes that are not timestamped MAVLink packets");
  }

  formats::Sink& sink_;
  const Dialect& dialect_;
  std::unique_ptr<Dialect> owned_;
  formats::Chunker chunker_;
  model::ParseReport report_;
  bool started_ = false;
  bool in_garbage_ = false;
  uint64_t garbage_start_ = 0;
  std::optional<int64_t> last_time_;
  std::map<std::tuple<uint32_t, uint8_t, uint8_t>, uint32_t> topics_;
  std::map<uint32_t, uint32_t> instances_;  // msgid -> topics so far
  formats::ParamTracker params_;
  std::vector<std::byte> scratch_ = std::vector<std::byte>(kUnknownPayload);

  // Per message id below kCached: its definition and the last sender's topic, so that the usual
  // packet needs no map lookups.
  static constexpr uint32_t kCached = 1024;
  struct Cached {
    const MessageDef* def;
    bool looked_up;
    uint8_t sysid, compid;
    int32_t topic;
  };
  std::array<Cached, kCached> cache_;
  const MessageDef* def_for(uint32_t id) {
    if (id >= kCached) return dialect_.find(id);
    Cached& c = cache_[id];
    if (!c.looked_up) {
      c.def = dialect_.find(id);
      c.looked_up = true;
    }
    return c.def;
  }
  const MessageDef* find_def(uint32_t id) const {
    return id < kCached && cache_[id].looked_up ? cache_[id].def : dialect_.find(id);
  }
};

FrameStatus TlogReader::plausible(Bytes d, size_t pos, Frame* f) const {
  FrameStatus s = parse_frame(d, pos, f);
  if (s != FrameStatus::kOk) return s;
  int64_t t = static_cast<int64_t>(load_be64(d.data() + pos));
  if (last_time_ && far_apart(t, *last_time_)) return FrameStatus::kBad;
  if (const MessageDef* def = find_def(f->msgid)) {
    if (!crc_matches(*f, *def)) return FrameStatus::kBad;
  } else if (!last_time_) {
    return FrameStatus::kBad;  // nothing to check an unknown message against
  }
  return FrameStatus::kOk;
}

size_t TlogReader::parse_records(Bytes d, uint64_t base, bool final) {
  size_t pos = 0;
  if (!started_) {
    if (d.size() < kTimestampLen + 1 && !final) return 0;
    started_ = true;
    sink_.on_format(model::Format::kTlog);
  }
  for (;;) {
    Frame f;
    if (in_garbage_) {
      FrameStatus s;
      while ((s = plausible(d, pos, &f)) == FrameStatus::kBad) {
        ++pos;
        ++report_.bytes_skipped;
      }
      if (s == FrameStatus::kNeedMore) {
        if (!final) return pos;
        // At the end nothing can be confirmed any more: the rest is garbage.
        report_.bytes_skipped += d.size() - pos;
        return d.size();
      }
      end_garbage(base + pos);
    }
    FrameStatus s = parse_frame(d, pos, &f);
    if (s == FrameStatus::kNeedMore) return pos;
    int64_t t = s == FrameStatus::kOk ? static_cast<int64_t>(load_be64(d.data() + pos)) : 0;
    if (s == FrameStatus::kOk && last_time_ && far_apart(t, *last_time_)) {
      s = FrameStatus::kBad;  // a start byte by chance after a bad packet
    }
    if (s == FrameStatus::kBad) {
      start_garbage(base + pos);
      ++pos;
      ++report_.bytes_skipped;
      continue;
    }
    const MessageDef* def = def_for(f.msgid);
    if (def && !crc_matches(f, *def)) {
      ++report_.bad_packets;
      report_.add(base + pos,
                  "bad checksum on " + def->name + " (message id " + std::to_string(f.msgid) + ")");
    } else {
      last_time_ = t;
      deliver(f, t);
    }
    pos += f.length;
  }
}

uint32_t TlogReader::topic_for(const Frame& f, const MessageDef* def) {
  if (f.msgid < kCached) {
    Cached& c = cache_[f.msgid];
    if (c.topic >= 0 && c.sysid == f.sysid && c.compid == f.compid)
      return static_cast<uint32_t>(c.topic);
  }
  uint32_t id = topic_slow(f, def);
  if (f.msgid < kCached) {
    Cached& c = cache_[f.msgid];
    c.topic = static_cast<int32_t>(id);
    c.sysid = f.sysid;
    c.compid = f.compid;
  }
  return id;
}

uint32_t TlogReader::topic_slow(const Frame& f, const MessageDef* def) {
  auto key = std::make_tuple(f.msgid, f.sysid, f.compid);
  auto it = topics_.find(key);
  if (it != topics_.end()) return it->second;
  model::Schema s;
  s.instance = instances_[f.msgid]++;
  s.native_id = f.msgid;
  s.source = static_cast<uint32_t>(f.sysid) << 8 | f.compid;
  if (def) {
    s.name = def->name;
    s.fields = def->fields;
    s.payload_size = def->max_length;
    s.crc_extra = def->crc_extra;
  } else {
    s.name = "MAVLINK_" + std::to_string(f.msgid);
    s.payload_size = kUnknownPayload;
    s.fields = {model::Field{"length", model::FieldType::kUInt8, 0, 1, {}, 1.0},
                model::Field{"checksum", model::FieldType::kUInt16, 1, 1, {}, 1.0},
                model::Field{"payload", model::FieldType::kChar, 3, 255, {}, 1.0}};
  }
  s.native_format = f.version == 1 ? "v1" : "v2";
  uint32_t id = static_cast<uint32_t>(topics_.size());
  topics_.emplace(key, id);
  sink_.on_topic(id, std::move(s));
  return id;
}

void TlogReader::deliver(const Frame& f, int64_t time) {
  const MessageDef* def = def_for(f.msgid);
  uint32_t topic = topic_for(f, def);
  if (!def) {
    ++report_.unknown_messages;
    std::fill(scratch_.begin(), scratch_.end(), std::byte{0});
    scratch_[0] = static_cast<std::byte>(f.payload.size());
    store_le<uint16_t>(scratch_.data() + 1, f.crc);
    std::memcpy(scratch_.data() + 3, f.payload.data(), f.payload.size());
    sink_.on_record(topic, time, Bytes(scratch_));
    return;
  }
  // Zero-truncated (MAVLink 2) or without extensions (MAVLink 1): shorter payloads read as zero
  // past their end; extension fields this dialect does not know are left out.
  Bytes payload = f.payload.first(std::min<size_t>(f.payload.size(), def->max_length));
  sink_.on_record_view(topic, time, payload);  // payload lies in the input being parsed
  if (f.msgid == 253 || f.msgid == 22) {       // fields below may lie in the truncated tail
    std::memcpy(scratch_.data(), payload.data(), payload.size());
    std::memset(scratch_.data() + payload.size(), 0, def->max_length - payload.size());
    payload = Bytes(scratch_.data(), def->max_length);
  }
  if (f.msgid == 253) {  // STATUSTEXT
    model::TextMessage m;
    m.time_us = time;
    m.severity = static_cast<uint8_t>(std::min<int>(7, static_cast<uint8_t>(payload[0])));
    const model::Field* text = nullptr;
    for (const auto& fl : def->fields)
      if (fl.name == "text") text = &fl;
    if (text) m.text = std::string(model::field_text(*text, payload.data() + text->offset));
    m.tag = static_cast<uint16_t>(f.sysid << 8 | f.compid);
    sink_.on_text(m);
  } else if (f.msgid == 22) {  // PARAM_VALUE
    const model::Field *id = nullptr, *value = nullptr, *type = nullptr;
    for (const auto& fl : def->fields) {
      if (fl.name == "param_id") id = &fl;
      if (fl.name == "param_value") value = &fl;
      if (fl.name == "param_type") type = &fl;
    }
    if (!id || !value) return;
    model::Param p;
    p.name = std::string(model::field_text(*id, payload.data() + id->offset));
    p.value = model::field_value(*value, payload.data() + value->offset);
    if (type) {
      auto t = saturate<int>(model::field_value(*type, payload.data() + type->offset));
      p.is_int = t >= 1 && t <= 8;  // MAV_PARAM_TYPE_UINT8 .. INT64 (values sent as float)
    }
    params_.see(sink_, time, std::move(p));
  }
}

}  // namespace

std::unique_ptr<formats::Reader> make_tlog_reader(formats::Sink& sink, const Dialect& dialect) {
  return std::make_unique<TlogReader>(sink, dialect);
}

Result<std::unique_ptr<formats::Reader>> make_tlog_reader(formats::Sink& sink,
                                                          const std::vector<std::string>& xml) {
  if (xml.empty()) return make_tlog_reader(sink, Dialect::builtin());
  auto dialect = std::make_unique<Dialect>(Dialect::builtin());
  for (const auto& path : xml) {
    Status s = dialect->load_xml(path);
    if (!s.ok()) return s;
  }
  auto r = std::make_unique<TlogReader>(sink, *dialect);
  r->own(std::move(dialect));
  return std::unique_ptr<formats::Reader>(std::move(r));
}

bool sniff_tlog(Bytes prefix) {
  Frame f;
  switch (parse_frame(prefix, 0, &f)) {
    case FrameStatus::kBad:
      return false;
    case FrameStatus::kNeedMore:  // shorter than one packet: a start byte is all we can check
      return prefix.size() > kTimestampLen;
    case FrameStatus::kOk:
      break;
  }
  if (const MessageDef* def = Dialect::builtin().find(f.msgid)) {
    if (crc_matches(f, *def)) return true;
  }
  Frame g;
  FrameStatus next = parse_frame(prefix, f.length, &g);
  return next == FrameStatus::kOk || prefix.size() < f.length + kTimestampLen + 1;
}

}  // namespace skykeep::mavlink
