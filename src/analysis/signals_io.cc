#include "analysis/signals_io.h"

#include <cstring>
#include <span>

namespace skykeep::analysis {
namespace {

constexpr char kMagic[8] = {'S', 'K', 'Y', 'S', 'I', 'G', '1', '\0'};
// Bounds on counts read back, so damaged data cannot ask for absurd allocations.
constexpr uint32_t kMaxItems = 1u << 28;

// Writes little-endian values into a buffer handed on in pieces of about 1 MiB.
class Out {
 public:
  explicit Out(const std::function<void(Bytes)>* sink = nullptr) : sink_(sink) {}
  ~Out() { flush(); }
  template <typename T>
  void put(T v) {
    size_t at = b_.size();
    b_.resize(at + sizeof(T));
    store_le(b_.data() + at, v);
  }
  void str(const std::string& s) {
    put(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  void raw(const void* p, size_t n) {
    if (sink_ && b_.size() + n > kPiece) flush();
    if (sink_ && n > kPiece) {  // a large array goes straight through
      (*sink_)(Bytes(static_cast<const std::byte*>(p), n));
      return;
    }
    size_t at = b_.size();
    b_.resize(at + n);
    if (n) std::memcpy(b_.data() + at, p, n);
  }
  std::vector<std::byte> take() { return std::move(b_); }
  void flush() {
    if (sink_ && !b_.empty()) (*sink_)(Bytes(b_));
    b_.clear();
  }

 private:
  static constexpr size_t kPiece = size_t{1} << 20;
  const std::function<void(Bytes)>* sink_;
  std::vector<std::byte> b_;
};

void write_all(const Signals& s, Out& o);

class In {
 public:
  explicit In(Bytes b) : r_(b) {}
  template <typename T>
  T get() {
    T v{};
    if (!r_.read(&v)) ok_ = false;
    return v;
  }
  std::string str() {
    uint32_t n = get<uint32_t>();
    Bytes b;
    if (!ok_ || !r_.take(n, &b)) {
      ok_ = false;
      return {};
    }
    return std::string(as_chars(b));
  }
  uint32_t count(size_t item_bytes) {
    uint32_t n = get<uint32_t>();
    if (n > kMaxItems || static_cast<uint64_t>(n) * item_bytes > r_.remaining()) ok_ = false;
    return ok_ ? n : 0;
  }
  template <typename T>
  void array(std::vector<T>* v, size_t n) {
    Bytes b;
    if (!ok_ || !r_.take(n * sizeof(T), &b)) {
      ok_ = false;
      return;
    }
    v->resize(n);
    if (n) std::memcpy(v->data(), b.data(), b.size());
  }
  bool ok() const { return ok_; }

 private:
  ByteReader r_;
  bool ok_ = true;
};

}  // namespace

std::vector<std::byte> encode(const Signals& s) {
  Out o;
  write_all(s, o);
  return o.take();
}

void encode(const Signals& s, const std::function<void(Bytes)>& out) {
  Out o(&out);
  write_all(s, o);
}

namespace {

void write_all(const Signals& s, Out& o) {
  o.raw(kMagic, sizeof kMagic);
  o.put(static_cast<uint32_t>(kChannels));
  for (const Series& c : s.ch) {
    o.str(c.topic);
    o.str(c.field);
    o.put(static_cast<uint32_t>(c.size()));
    o.raw(c.t.data(), c.t.size() * sizeof(int64_t));
    o.raw(c.v.data(), c.v.size() * sizeof(double));
  }
  o.put(static_cast<uint32_t>(s.mode_names.size()));
  for (const auto& [code, name] : s.mode_names) {
    o.put(static_cast<int32_t>(code));
    o.str(name);
  }
  o.put(static_cast<uint32_t>(s.notices.size()));
  for (const Notice& n : s.notices) {
    o.put(n.t);
    o.str(n.topic);
    o.put(static_cast<int32_t>(n.subsystem));
    o.put(static_cast<int32_t>(n.code));
  }
  o.put(static_cast<uint32_t>(s.texts.size()));
  for (const Text& t : s.texts) {
    o.put(t.t);
    o.put(t.severity);
    o.put(static_cast<uint8_t>(t.severity_known));
    o.str(t.text);
  }
  o.put(static_cast<uint8_t>(s.utc_offset_us.has_value()));
  o.put(s.utc_offset_us.value_or(0));
  o.put(s.first_us);
  o.put(s.last_us);
  o.put(static_cast<uint8_t>(s.any_time));
  o.str(s.battery_serial);
  o.put(static_cast<int32_t>(s.battery_cells));
  o.put(s.vibration_warn);
  o.put(static_cast<uint8_t>(s.aerial));
  o.put(static_cast<uint8_t>(s.fixed_wing));
}

}  // namespace

Result<Signals> decode(Bytes data) {
  if (data.size() < sizeof kMagic || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return Status::Corruption("not skykeep derived data");
  In in(data.subspan(sizeof kMagic));
  Signals s;
  // Channels are only ever appended (signals.h): data written before the later ones has fewer,
  // and those read as empty.
  uint32_t channels = in.get<uint32_t>();
  if (channels == 0 || channels > kChannels)
    return Status::Corruption("derived data of another version");
  for (Series& c : std::span(s.ch).first(channels)) {
    c.topic = in.str();
    c.field = in.str();
    uint32_t n = in.count(16);
    in.array(&c.t, n);
    in.array(&c.v, n);
  }
  for (uint32_t i = 0, n = in.count(8); i < n && in.ok(); ++i) {
    int code = in.get<int32_t>();
    s.mode_names.push_back({code, in.str()});
  }
  for (uint32_t i = 0, n = in.count(20); i < n && in.ok(); ++i) {
    Notice no;
    no.t = in.get<int64_t>();
    no.topic = in.str();
    no.subsystem = in.get<int32_t>();
    no.code = in.get<int32_t>();
    s.notices.push_back(std::move(no));
  }
  for (uint32_t i = 0, n = in.count(14); i < n && in.ok(); ++i) {
    Text t;
    t.t = in.get<int64_t>();
    t.severity = in.get<uint8_t>();
    t.severity_known = in.get<uint8_t>() != 0;
    t.text = in.str();
    s.texts.push_back(std::move(t));
  }
  bool utc = in.get<uint8_t>() != 0;
  int64_t off = in.get<int64_t>();
  if (utc) s.utc_offset_us = off;
  s.first_us = in.get<int64_t>();
  s.last_us = in.get<int64_t>();
  s.any_time = in.get<uint8_t>() != 0;
  s.battery_serial = in.str();
  s.battery_cells = in.get<int32_t>();
  s.vibration_warn = in.get<double>();
  s.aerial = in.get<uint8_t>() != 0;
  s.fixed_wing = in.get<uint8_t>() != 0;
  if (!in.ok()) return Status::Corruption("derived data is truncated");
  return s;
}

}  // namespace skykeep::analysis
