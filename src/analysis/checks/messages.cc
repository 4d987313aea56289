// The autopilot's own warnings and errors, as it logged them during the flight.
#include <algorithm>
#include <cctype>

#include "analysis/checks/checks_internal.h"

namespace skykeep::analysis {
namespace {

// Words that make a DataFlash message (which states no severity) a warning or an error.
constexpr const char* kErrorWords[] = {"crash", "failsafe", "emergency", "error",
                                       "fail",  "brownout", "lost",      "potential thrust loss"};
constexpr const char* kWarningWords[] = {"warning",   "prearm",   "glitch",   "bad ",   "low ",
                                         "vibration", "variance", "clipping", "timeout"};

bool has_word(const std::string& lower, const char* w) {
  return lower.find(w) != std::string::npos;
}

}  // namespace

void check_messages(const Signals& s, const Window& w, std::vector<Event>* out) {
  for (const Text& m : s.texts) {
    if (!w.contains(m.t)) continue;
    Severity sev;
    if (m.severity_known) {
      if (m.severity > 4) continue;
      sev = m.severity <= 3 ? Severity::kCritical : Severity::kWarning;
    } else {
      std::string lower = m.text;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (std::any_of(std::begin(kErrorWords), std::end(kErrorWords),
                      [&](const char* k) { return has_word(lower, k); })) {
        sev = Severity::kCritical;
      } else if (std::any_of(std::begin(kWarningWords), std::end(kWarningWords),
                             [&](const char* k) { return has_word(lower, k); })) {
        sev = Severity::kWarning;
      } else {
        continue;
      }
    }
    Event e;
    e.t = m.t;
    e.kind = "autopilot_message";
    e.severity = sev;
    e.message = m.text;
    e.text = m.text;
    e.topic = "log message";
    e.values.push_back({"severity", m.severity_known ? m.severity : -1});
    out->push_back(std::move(e));
  }
}

}  // namespace skykeep::analysis
