// ParamTracker: turns a stream of parameter values (DataFlash PARM records, MAVLink PARAM_VALUE
// messages) into the model's initial values and timed changes. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/sink.h"

namespace skykeep::formats {

class ParamTracker {
 public:
  // The first value of a name is its initial value (Sink::on_param); a later, different value is
  // a change at time_us (Sink::on_param_change); a repeated value is nothing.
  void see(Sink& sink, int64_t time_us, model::Param p) {
    double* last = find_or_add(p.name, p.value);
    if (!last) {
      sink.on_param(std::move(p));
    } else if (*last != p.value) {
      *last = p.value;
      sink.on_param_change({time_us, std::move(p)});
    }
  }

 private:
  // Open addressing over indices into entries_: parameter names are short, growth moves only
  // 32-bit slots.
  struct Entry {
    std::string name;
    double value;
  };
  // The stored value of name, or nullptr after storing value for a new name.
  double* find_or_add(const std::string& name, double value) {
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = hash(name) & mask;; i = (i + 1) & mask) {
      uint32_t e = slots_[i];
      if (e == kEmpty) {
        slots_[i] = static_cast<uint32_t>(entries_.size());
        entries_.push_back({name, value});
        return nullptr;
      }
      if (entries_[e].name == name) return &entries_[e].value;
    }
  }
  static size_t hash(const std::string& s) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * 1099511628211ull;
    return static_cast<size_t>(h);
  }
  void grow() {
    slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, kEmpty);
    size_t mask = slots_.size() - 1;
    for (uint32_t e = 0; e < entries_.size(); ++e) {
      size_t i = hash(entries_[e].name) & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = e;
    }
  }
  static constexpr uint32_t kEmpty = UINT32_MAX;
  std::vector<uint32_t> slots_;
  std::vector<Entry> entries_;
};

}  // namespace skykeep::formats
