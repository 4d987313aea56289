// skykeep verify [--repair] [--vault DIR] [--passphrase-file FILE] [--json]: the catalog's every
// page, every kept log's blobs, and blob files no log names (orphans), which --repair removes.
#include "vault/verify.h"

#include <cstdio>

#include "base/json_writer.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace skykeep::cli {
namespace {

std::string size_text(uint64_t bytes) {
  char buf[32];
  if (bytes < 1000)
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  else if (bytes < 1000000)
    std::snprintf(buf, sizeof buf, "%.1f kB", static_cast<double>(bytes) / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

}  // namespace

int verify(const Args& args) {
  size_t used = 0;
  auto o = vault_options(args, &used);
  if (!o) return fail("verify", o.error());
  bool json = false, repair = false;
  for (const auto& a : args) {
    json |= a == "--json";
    repair |= a == "--repair";
  }
  if (used + (json ? 1 : 0) + (repair ? 1 : 0) != args.size())
    return fail("verify", Status::InvalidArgument("unknown argument"));
  auto v = open_vault(*o);
  if (!v) return fail("verify", v.error());
  auto r = vault::verify(**v, {repair});
  if (!r) return fail("verify", r.error());
  uint64_t orphan_bytes = 0;
  for (const auto& x : r->orphans) orphan_bytes += x.bytes;
  if (json) {
    JsonWriter j(true);
    j.begin_object()
        .key("checked")
        .value(static_cast<uint64_t>(r->checked))
        .key("damaged")
        .begin_array();
    for (const auto& d : r->damaged)
      j.begin_object()
          .key("log")
          .value(d.log_id)
          .key("name")
          .value(d.name)
          .key("problem")
          .value(d.problem)
          .end_object();
    j.end_array().key("catalog").begin_object().key("pages").value(r->catalog_pages);
    j.key("problems").begin_array();
    for (const auto& p : r->catalog_problems) j.value(p);
    j.end_array().end_object();
    j.key("orphans").begin_array();
    for (const auto& x : r->orphans)
      j.begin_object().key("file").value(x.file).key("bytes").value(x.bytes).end_object();
    j.end_array();
    j.key("orphans_checked").value(r->orphans_checked).key("repaired").value(r->repaired);
    if (!r->not_recorded.empty()) j.key("not_recorded").value(r->not_recorded);
    j.end_object();
    std::printf("%s\n", j.str().c_str());
  } else {
    for (const auto& p : r->catalog_problems) std::printf("damaged: %s\n", shown(p).c_str());
    for (const auto& d : r->damaged)
      std::printf("damaged: log %lld (%s): %s\n", static_cast<long long>(d.log_id),
                  shown(d.name).c_str(), shown(d.problem).c_str());
    for (const auto& x : r->orphans)
      std::printf("%s: blobs/%s (%s), named by no log\n", r->repaired ? "removed" : "orphan",
                  shown(x.file).c_str(), size_text(x.bytes).c_str());
    std::printf("%zu logs checked, %zu damaged; catalog: %s\n", r->checked, r->damaged.size(),
                r->catalog_problems.empty() ? "intact" : "DAMAGED");
    if (!r->orphans.empty())
      std::printf("%zu orphaned blob files (%s) %s\n", r->orphans.size(),
                  size_text(orphan_bytes).c_str(),
                  r->repaired ? "removed" : "found: skykeep verify --repair removes them");
    if (!r->orphans_checked)
      std::printf(
          "note: orphaned blob files were not looked for (%s)\n",
          r->catalog_problems.empty() ? "another skykeep is importing" : "the catalog is damaged");
    if (!r->not_recorded.empty())
      std::printf("note: this check is not on the audit record: %s\n",
                  shown(r->not_recorded).c_str());
  }
  if (repair && r->repaired) return r->damaged.empty() && r->catalog_problems.empty() ? 0 : 1;
  return r->clean() ? 0 : 1;
}

}  // namespace skykeep::cli
