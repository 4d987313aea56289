#include "cli/commands.h"
namespace skykeep::cli {
int demo(const Args&) { return fail("demo", Status::NotSupported("not built yet")); }
}
