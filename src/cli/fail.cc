#include <cstdio>

#include "base/text.h"
#include "cli/commands.h"

namespace skykeep::cli {

int fail(const std::string& context, const Status& s) {
  // Messages name files and carry input: shown escaped, on one line.
  if (context.empty()) {
    std::fprintf(stderr, "skykeep: %s\n", printable(s.message()).c_str());
  } else {
    std::fprintf(stderr, "skykeep: %s: %s\n", printable(context).c_str(),
                 printable(s.message()).c_str());
  }
  return 2;
}

}  // namespace skykeep::cli
