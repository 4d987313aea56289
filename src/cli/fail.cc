#include <cstdio>

#include "cli/commands.h"

namespace skykeep::cli {

int fail(const std::string& context, const Status& s) {
  if (context.empty()) {
    std::fprintf(stderr, "skykeep: %s\n", s.message().c_str());
  } else {
    std::fprintf(stderr, "skykeep: %s: %s\n", context.c_str(), s.message().c_str());
  }
  return 2;
}

}  // namespace skykeep::cli
