// One function per subcommand; each takes the arguments after its name and returns the exit code.
// Exit codes: 0 success, 1 done but with recovered corruption, 2 failure (one line on stderr).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "model/schema.h"
#include "vault/vault.h"

namespace skykeep::cli {

using Args = std::vector<std::string>;

int inspect(const Args& args);
int synth(const Args& args);
int demo(const Args& args);
int init(const Args& args);
int import_logs(const Args& args);
int verify(const Args& args);
int flights(const Args& args);
int show(const Args& args);
int stats(const Args& args);
int vehicles(const Args& args);
int delete_flight(const Args& args);
int export_flight(const Args& args);
int audit(const Args& args);
int policy(const Args& args);
int share(const Args& args);
int ui(const Args& args);

// Serves the vault's web interface until SIGINT or SIGTERM (ui and demo).
int serve_ui(vault::Vault& v, const Args& args);

// --vault DIR and --passphrase-file FILE from args; *used counts the arguments they took.
Result<vault::Options> vault_options(const Args& args, size_t* used);
// Opens the vault those options name, printing its warnings (one line each on stderr). Errors:
// as vault_options and Vault::open.
Result<std::unique_ptr<vault::Vault>> open_vault(const Args& args);
Result<std::unique_ptr<vault::Vault>> open_vault(const vault::Options& options);

// "ulog", "dataflash" (or "bin"), "tlog", "dji" (a DJI CSV export; or "dji_csv").
Result<model::Format> parse_format(const std::string& s);

// The one mapping from a failure to an exit code and a one-line message on stderr (escaped:
// base/text.h).
int fail(const std::string& context, const Status& s);

}  // namespace skykeep::cli
