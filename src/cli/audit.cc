// skykeep audit list|verify|checkpoint|key|prove|consistency|check: the vault's tamper-evident
// audit log (docs/audit.md). `check` needs no vault: a proof file and the verifier key.
#include "vault/audit.h"

#include <cstdio>
#include <string>

#include "base/file.h"
#include "base/json_writer.h"
#include "base/numeric.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace skykeep::cli {
namespace {

Result<std::string> read_text(const std::string& path) { return read_small_file(path); }

}  // namespace

int audit(const Args& all) {
  if (all.empty())
    return fail("audit",
                Status::InvalidArgument(
                    "audit takes list, verify, checkpoint, key, prove, consistency or check"));
  const std::string& sub = all[0];
  Args args(all.begin() + 1, all.end());
  Parsed p(args, {"--checkpoint", "-o", "--key"}, {"--json", "--force"});
  if (!p.status().ok()) return fail("audit " + sub, p.status());
  auto out = p.get("-o");
  bool force = p.has("--force");
  if (out)
    if (Status s = check_output_path(*out, force); !s.ok()) return fail("audit " + sub, s);
  auto write_out = [&](const std::string& text) { return write_output(out, text, force); };
  if (sub == "check") {  // offline: no vault
    if (p.positional().size() != 1 || !p.get("--key"))
      return fail("audit check",
                  Status::InvalidArgument("audit check PROOF_FILE --key VERIFIER_KEY_OR_FILE"));
    std::string key = *p.get("--key");
    if (auto f = read_text(key)) key = *f;
    while (!key.empty() && (key.back() == '\n' || key.back() == ' ')) key.pop_back();
    auto v = ledger::parse_verifier_key(key);
    if (!v) return fail("audit check", v.error());
    auto file = read_text(p.positional()[0]);
    if (!file) return fail("audit check", file.error());
    auto r = vault::check_proof_file(*file, *v);
    if (!r) return fail("audit check", r.error());
    std::printf("verified: %s\n", shown(*r).c_str());
    return 0;
  }
  auto v = open_vault(args);
  if (!v) return fail("audit", v.error());
  if (sub == "list") {
    auto e = vault::audit_entries(**v);
    if (!e) return fail("audit list", e.error());
    if (p.has("--json")) {
      std::string s = "{\"entries\":[";
      for (size_t i = 0; i < e->size(); ++i) s += (i ? "," : "") + (*e)[i].data;
      std::printf("%s]}\n", s.c_str());
    } else {
      for (const auto& x : *e) std::printf("%s\n", shown(x.data).c_str());
      std::printf("%zu entries\n", e->size());
    }
    return 0;
  }
  if (sub == "verify") {
    std::optional<std::string> kept;
    if (auto c = p.get("--checkpoint")) {
      auto t = read_text(*c);
      if (!t) return fail("audit verify", t.error());
      kept = *t;
    }
    auto r = vault::verify_audit(**v, kept);
    if (!r) return fail("audit verify", r.error());
    if (p.has("--json")) {
      JsonWriter j(true);
      j.begin_object().key("entries").value(r->entries).key("intact").value(r->problems.empty());
      j.key("problems").begin_array();
      for (const auto& x : r->problems) j.value(x);
      j.end_array().end_object();
      std::printf("%s\n", j.str().c_str());
    } else {
      for (const auto& x : r->problems) std::printf("problem: %s\n", shown(x).c_str());
      std::printf("%llu entries, %s\n", static_cast<unsigned long long>(r->entries),
                  r->problems.empty() ? "intact: every entry is in the signed tree" : "TAMPERED");
    }
    return r->problems.empty() ? 0 : 1;
  }
  if (sub == "checkpoint") {
    auto c = vault::latest_checkpoint(**v);
    if (!c) return fail("audit checkpoint", c.error());
    if (c->empty()) return fail("audit checkpoint", Status::NotFound("the audit log is empty"));
    Status s = write_out(*c);
    return s.ok() ? 0 : fail("audit checkpoint", s);
  }
  if (sub == "key") {
    std::printf("%s\n", vault::audit_verifier(**v).c_str());
    return 0;
  }
  if (sub == "prove") {
    if (p.positional().size() != 1)
      return fail("audit prove", Status::InvalidArgument("audit prove ENTRY [-o FILE]"));
    auto n = parse_uint(p.positional()[0], "ENTRY (an entry's number, from 0)");
    if (!n) return fail("audit prove", n.error());
    auto f = vault::inclusion_proof_file(**v, *n);
    if (!f) return fail("audit prove", f.error());
    Status s = write_out(*f);
    return s.ok() ? 0 : fail("audit prove", s);
  }
  if (sub == "consistency") {
    if (p.positional().size() != 1)
      return fail("audit consistency",
                  Status::InvalidArgument("audit consistency OLD_CHECKPOINT_FILE [-o FILE]"));
    auto old = read_text(p.positional()[0]);
    if (!old) return fail("audit consistency", old.error());
    auto f = vault::consistency_proof_file(**v, *old);
    if (!f) return fail("audit consistency", f.error());
    Status s = write_out(*f);
    return s.ok() ? 0 : fail("audit consistency", s);
  }
  return fail("audit", Status::InvalidArgument("unknown audit command '" + sub + "'"));
}

}  // namespace skykeep::cli
