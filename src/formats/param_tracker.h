// ParamTracker: turns a stream of parameter values (DataFlash PARM records, MAVLink PARAM_VALUE
// messages) into the model's initial values and timed changes. Not thread-safe.
#pragma once

#include <cstring>
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
  // Open addressing over the name's bytes; parameter names are short, so no node allocations.
  struct Slot {
    std::string name;
    double value = 0;
    bool used = false;
  };
  // The stored value of name, or nullptr after storing value for a new name.
  double* find_or_add(const std::string& name, double value) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = hash(name) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (!s.used) {
        s = {name, value, true};
        ++count_;
        return nullptr;
      }
      if (s.name == name) return &s.value;
    }
  }
  static size_t hash(const std::string& s) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * 1099511628211ull;
    return static_cast<size_t>(h);
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 256 : old.size() * 2, Slot{});
    count_ = 0;
    for (Slot& s : old)
      if (s.used) find_or_add(s.name, s.value);
  }
  std::vector<Slot> slots_;
  size_t count_ = 0;
};

}  // namespace skykeep::formats
