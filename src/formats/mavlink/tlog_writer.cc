#include "formats/mavlink/tlog_writer.h"

#include <cstring>
#include <map>

#include "base/crc.h"
#include "base/endian.h"
#include "formats/mavlink/dialect.h"
#include "formats/mavlink/mavlink_internal.h"

namespace skykeep::mavlink {
namespace {

class TlogWriter final : public formats::Writer {
 public:
  explicit TlogWriter(formats::Output& out) : out_(out) {}

  void on_topic(uint32_t id, model::Schema s) override {
    if (topics_.size() <= id) topics_.resize(id + 1);
    Topic& t = topics_[id];
    bool unknown = s.name.rfind("MAVLINK_", 0) == 0 && s.payload_size == kUnknownPayload;
    const MessageDef* def = Dialect::builtin().find(s.name);
    // Read from MAVLink (or kept raw), or a MAVLink message from elsewhere with the right layout.
    if (s.native_format == "v1" || s.native_format == "v2" || unknown ||
        (def && def->max_length == s.payload_size)) {
      t.ok = true;
    } else {
      ++skipped_;
      return;
    }
    t.msgid = s.native_id ? s.native_id : (def ? def->id : 0);
    t.crc_extra = s.crc_extra ? s.crc_extra : (def ? def->crc_extra : 0);
    t.sysid = static_cast<uint8_t>(s.source >> 8);
    t.compid = static_cast<uint8_t>(s.source & 0xff);
    if (s.source == 0) t.sysid = t.compid = 1;
    t.unknown = unknown;
  }

  void on_record(uint32_t id, int64_t time_us, Bytes payload) override {
    if (id >= topics_.size() || !topics_[id].ok) return;
    const Topic& t = topics_[id];
    Bytes body = payload;
    uint16_t stored_crc = 0;
    if (t.unknown) {
      size_t len = std::min<size_t>(static_cast<uint8_t>(payload[0]), 255);
      stored_crc = load_le<uint16_t>(payload.data() + 1);
      body = payload.subspan(3, len);
    } else {
      size_t len = body.size();
      while (len > 1 && body[len - 1] == std::byte{0}) --len;  // MAVLink 2 zero truncation
      body = body.first(len);
    }
    uint8_t& seq = seq_[static_cast<uint16_t>(t.sysid << 8 | t.compid)];
    buf_.resize(kTimestampLen + kHeaderV2 + body.size() + 2);
    std::byte* p = buf_.data();
    store_be64(p, static_cast<uint64_t>(time_us == model::kNoTime ? 0 : time_us));
    std::byte* f = p + kTimestampLen;
    f[0] = std::byte{kStxV2};
    f[1] = static_cast<std::byte>(body.size());
    f[2] = f[3] = std::byte{0};
    f[4] = static_cast<std::byte>(seq++);
    f[5] = static_cast<std::byte>(t.sysid);
    f[6] = static_cast<std::byte>(t.compid);
    f[7] = static_cast<std::byte>(t.msgid & 0xff);
    f[8] = static_cast<std::byte>((t.msgid >> 8) & 0xff);
    f[9] = static_cast<std::byte>((t.msgid >> 16) & 0xff);
    if (!body.empty()) std::memcpy(f + kHeaderV2, body.data(), body.size());
    uint16_t crc =
        t.unknown ? stored_crc
                  : crc_x25_step(crc_x25(Bytes(f + 1, kHeaderV2 - 1 + body.size())), t.crc_extra);
    store_le<uint16_t>(f + kHeaderV2 + body.size(), crc);
    out_.write(Bytes(buf_));
  }

  size_t skipped_topics() const override { return skipped_; }

 private:
  struct Topic {
    bool ok = false;
    bool unknown = false;
    uint32_t msgid = 0;
    uint8_t crc_extra = 0, sysid = 1, compid = 1;
  };
  formats::Output& out_;
  std::vector<Topic> topics_;
  std::map<uint16_t, uint8_t> seq_;
  size_t skipped_ = 0;
  std::vector<std::byte> buf_;
};

}  // namespace

std::unique_ptr<formats::Writer> make_tlog_writer(formats::Output& out) {
  return std::make_unique<TlogWriter>(out);
}

}  // namespace skykeep::mavlink
