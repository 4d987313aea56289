// Text from input (log messages, vehicle identifiers, file names) made safe to show on a
// terminal. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace skykeep {

// s with every character that could steer a terminal shown as an escape instead: C0 controls
// (ESC included; "\n", "\r", "\t" and "\xNN"), DEL ("\x7f"), C1 controls U+0080..U+009F
// ("\u009b") and bytes that are not part of valid UTF-8 ("\xNN"). Nothing in s can then move
// the cursor, clear the screen, set the window title or start a line of its own. Other text,
// any script, passes unchanged. keep_lines keeps newlines and tabs, for multi-line text shown
// as such (a policy file). Every human-readable printer passes input through this; JSON output
// has its own escaping.
std::string printable(std::string_view s, bool keep_lines = false);

// s safe inside XML or HTML text and quoted attributes: & < > " ' as entities, and the C0
// controls XML 1.0 does not allow (all but newline and tab) dropped, since logs can hold anything.
std::string xml_escape(std::string_view s);

}  // namespace skykeep
