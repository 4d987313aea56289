#include "cli/commands.h"
namespace skykeep::cli {
int synth(const Args&) { return fail("synth", Status::NotSupported("not built yet")); }
}
