// skykeep init [--vault DIR] [--passphrase-file FILE]
#include <cstdio>
#include <fstream>
#include <string>

#include "cli/commands.h"
#include "vault/vault.h"

namespace skykeep::cli {

Result<vault::Options> vault_options(const Args& args, size_t* used) {
  vault::Options o;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "--vault" && args[i] != "--passphrase-file") continue;
    if (i + 1 >= args.size()) return Status::InvalidArgument(args[i] + " needs a value");
    if (args[i] == "--vault") {
      o.dir = args[i + 1];
    } else {
      std::ifstream f(args[i + 1]);
      std::string line;
      if (!f || !std::getline(f, line))
        return Status::InvalidArgument(args[i + 1] + ": cannot read a passphrase from it");
      o.passphrase = line;
    }
    *used += 2;
    ++i;
  }
  return o;
}

Result<std::unique_ptr<vault::Vault>> open_vault(const Args& args) {
  size_t used = 0;
  auto o = vault_options(args, &used);
  if (!o) return o.error();
  return vault::Vault::open(*o);
}

int init(const Args& args) {
  size_t used = 0;
  auto o = vault_options(args, &used);
  if (!o) return fail("init", o.error());
  if (used != args.size()) return fail("init", Status::InvalidArgument("unknown argument"));
  auto v = vault::Vault::create(*o);
  if (!v) return fail("init", v.error());
  std::printf("created a vault in %s%s\n", (*v)->dir().c_str(),
              o->passphrase ? " (key protected by a passphrase)" : "");
  return 0;
}

}  // namespace skykeep::cli
