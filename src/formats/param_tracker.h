// ParamTracker: turns a stream of parameter values (DataFlash PARM records, MAVLink PARAM_VALUE
// messages) into the model's initial values and timed changes. Not thread-safe.
#pragma once

#include <map>
#include <string>

#include "formats/sink.h"

namespace skykeep::formats {

class ParamTracker {
 public:
  // The first value of a name is its initial value (Sink::on_param); a later, different value is
  // a change at time_us (Sink::on_param_change); a repeated value is nothing.
  void see(Sink& sink, int64_t time_us, model::Param p) {
    auto [it, fresh] = values_.emplace(p.name, p.value);
    if (fresh) {
      sink.on_param(std::move(p));
    } else if (it->second != p.value) {
      it->second = p.value;
      sink.on_param_change({time_us, std::move(p)});
    }
  }

 private:
  std::map<std::string, double, std::less<>> values_;
};

}  // namespace skykeep::formats
