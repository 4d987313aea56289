// skykeep demo: the embedded default job. Synthesises one flight in each format into a private
// temporary folder, inspects each, and removes them.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli/commands.h"
#include "synth/synth.h"

namespace skykeep::cli {

int demo(const Args& args) {
  if (!args.empty()) return fail("demo", Status::InvalidArgument("demo takes no arguments"));
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/skykeep-demo-XXXXXX";
  if (!mkdtemp(dir.data())) return fail("demo", Status::IOError("cannot create " + dir));
  int code = 0;
  const std::pair<model::Format, const char*> kinds[] = {
      {model::Format::kULog, "demo.ulg"},
      {model::Format::kDataFlash, "demo.bin"},
      {model::Format::kTlog, "demo.tlog"},
  };
  for (const auto& [format, name] : kinds) {
    synth::Options o;
    o.format = format;
    std::string path = dir + "/" + name;
    auto n = synth::synthesize_file(o, path);
    if (!n) {
      code = fail("demo", n.error());
      break;
    }
    std::printf("== synthesised %s: %llu records\n", name, static_cast<unsigned long long>(*n));
    std::fflush(stdout);
    code = std::max(code, inspect({path}));
    std::printf("\n");
    std::remove(path.c_str());
  }
  rmdir(dir.c_str());
  return code;
}

}  // namespace skykeep::cli
