// skykeep init [--vault DIR] [--passphrase-file FILE]
#include <cstdio>
#include <string>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/output.h"
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
      // The passphrase is the file's first line.
      auto text = read_small_file(args[i + 1], size_t{64} * 1024);
      if (!text)
        return Status::InvalidArgument("cannot read a passphrase from " + args[i + 1] + ": " +
                                       text.error().message());
      std::string line = text->substr(0, text->find('\n'));
      if (line.empty())
        return Status::InvalidArgument(args[i + 1] +
                                       ": the passphrase is empty (an empty passphrase protects "
                                       "nothing)");
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
  return open_vault(*o);
}

Result<std::unique_ptr<vault::Vault>> open_vault(const vault::Options& o) {
  auto v = vault::Vault::open(o);
  if (v)
    for (const auto& w : (*v)->warnings())
      std::fprintf(stderr, "skykeep: warning: %s\n", shown(w).c_str());
  return v;
}

int init(const Args& args) {
  size_t used = 0;
  auto o = vault_options(args, &used);
  if (!o) return fail("init", o.error());
  if (used != args.size()) return fail("init", Status::InvalidArgument("unknown argument"));
  auto v = vault::Vault::create(*o);
  if (!v) return fail("init", v.error());
  for (const auto& w : (*v)->warnings())
    std::fprintf(stderr, "skykeep: warning: %s\n", shown(w).c_str());
  std::printf("created a vault in %s%s\n", shown((*v)->dir()).c_str(),
              o->passphrase ? " (key protected by a passphrase)" : "");
  return 0;
}

}  // namespace skykeep::cli
