// skykeep verify [--vault DIR] [--passphrase-file FILE] [--json]
#include "vault/verify.h"

#include <cstdio>

#include "base/json_writer.h"
#include "cli/commands.h"
#include "vault/audit.h"

namespace skykeep::cli {

int verify(const Args& args) {
  size_t used = 0;
  auto o = vault_options(args, &used);
  if (!o) return fail("verify", o.error());
  bool json = false;
  for (const auto& a : args) json |= a == "--json";
  if (used + (json ? 1 : 0) != args.size())
    return fail("verify", Status::InvalidArgument("unknown argument"));
  auto v = vault::Vault::open(*o);
  if (!v) return fail("verify", v.error());
  size_t checked = 0;
  auto damage = vault::verify(**v, &checked);
  if (!damage) return fail("verify", damage.error());
  vault::Action record{"verify", {}, {}, "", "", "", ""};
  for (const auto& d : *damage) record.logs.push_back(d.log_id);
  record.detail_json = "{\"checked\":" + std::to_string(checked) +
                       ",\"damaged\":" + std::to_string(damage->size()) + "}";
  if (Status s = vault::append_audit(**v, record); !s.ok()) return fail("verify", s);
  if (json) {
    JsonWriter j(true);
    j.begin_object()
        .key("checked")
        .value(static_cast<uint64_t>(checked))
        .key("damaged")
        .begin_array();
    for (const auto& d : *damage)
      j.begin_object()
          .key("log")
          .value(d.log_id)
          .key("name")
          .value(d.name)
          .key("problem")
          .value(d.problem)
          .end_object();
    j.end_array().end_object();
    std::printf("%s\n", j.str().c_str());
  } else {
    for (const auto& d : *damage)
      std::printf("damaged: log %lld (%s): %s\n", static_cast<long long>(d.log_id), d.name.c_str(),
                  d.problem.c_str());
    std::printf("%zu logs checked, %zu damaged\n", checked, damage->size());
  }
  return damage->empty() ? 0 : 1;
}

}  // namespace skykeep::cli
