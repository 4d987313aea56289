// Scrubbing free text (the autopilot's messages, consoles, notes, text fields) of what a
// recipient may not read: identifiers the log carries and words that look like one, positions
// written as numbers, and, under a time shift, dates and times in any common form (2024-03-18,
// 18.03.2024, 2024_03_18, 14:49:10, 14_49_10, Mar 18 2024, Unix times). Pure; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "privacy/detect.h"

namespace skykeep::privacy {

struct ScrubOptions {
  // Identifiers to replace (longest first), or nullptr to leave identifiers as they are; each is
  // replaced by replace_id(id). Runs of 12 or more hex digits and serial-like words (eight or
  // more letters and digits, two of each at least) are identifiers too, unless is_pseudonym.
  const std::vector<std::string>* ids = nullptr;
  std::function<std::string(std::string_view)> replace_id;
  std::function<bool(std::string_view)> is_pseudonym;
  bool positions = false;  // numbers with 4 or more decimals or 7 or more digits: "[position]"
  bool times = false;      // dates, times of day and Unix times: "[date]", "[time]"
  const Facts* facts = nullptr;  // the flight's UTC span, for Unix times (else 2000-2100)
};

std::string scrub_text(std::string s, const ScrubOptions& o);

// Whether a line of text reads as a warning or an error (WARN, ERROR, FAIL, PANIC, CRITICAL,
// EMERGENCY, PreArm, Bad, lost), for text that carries no severity of its own.
bool is_warning_text(std::string_view line);
// The lines of a console's output that are warnings or errors, each ending in a newline; the
// others go.
std::string warning_lines(const std::string& s);

}  // namespace skykeep::privacy
