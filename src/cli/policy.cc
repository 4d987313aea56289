// skykeep policy show|edit|set FILE|check FLIGHT RECIPIENT: the sharing policy, kept encrypted in
// the vault. edit opens $EDITOR (else vi) on a private copy; nothing changes unless it parses.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/file.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "vault/reads.h"
#include "vault/share.h"

namespace skykeep::cli {
namespace {

Result<std::string> slurp_file(const std::string& path) { return read_small_file(path); }

int check(vault::Vault& v, int64_t flight, const std::string& recipient) {
  auto ex = vault::explain_share(v, flight, recipient, {}, {"policy check"});
  if (!ex) return fail("policy check", ex.error());
  if (ex->denied) {
    std::printf("flight %lld for %s: DENIED: %s\n", static_cast<long long>(flight),
                shown(recipient).c_str(), shown(ex->denied->message()).c_str());
    return 1;
  }
  const privacy::Redacted& red = ex->redacted;
  const auto* policy = &ex->policy;
  const auto* rules = &ex->rules;
  const auto* d = &ex->flight;
  const auto& r = rules->recipient;
  std::printf("flight %lld (%s) for %s, policy %s\n", static_cast<long long>(flight),
              shown(d->flight.log_name).c_str(), shown(recipient).c_str(),
              policy->sha256.substr(0, 12).c_str());
  for (size_t c = 0; c < privacy::kClasses; ++c)
    std::printf("  %-10s %s\n", privacy::class_name(static_cast<privacy::DataClass>(c)),
                privacy::level_name(r.levels[c]));
  if (red.manifest.summary_only)
    std::printf("  => the recipient gets the flight's summary only, no log\n");
  if (r.level(privacy::DataClass::kLocation) == privacy::Level::kCoarse)
    std::printf("  positions snap to a %.0f m grid\n", r.grid_m);
  if (r.relative_track)
    std::printf("  the track moves to an arbitrary origin, keeping its shape\n");
  for (const auto& e : rules->exclusions)
    std::printf(
        "  zone %s: every record near where the vehicle was inside it goes (a secret area around "
        "it)\n",
        shown(e.zone).c_str());
  if (r.slice_from_us) std::printf("  time slice: only records inside it leave\n");
  if (r.time_shift_s)
    std::printf("  times shift by %lld s\n", static_cast<long long>(r.time_shift_s));
  std::printf("  identifiers: %s\n",
              r.level(privacy::DataClass::kIdentity) <= privacy::Level::kSummary ? "removed"
              : (r.level(privacy::DataClass::kIdentity) == privacy::Level::kFull && !r.pseudonyms)
                  ? "as they are"
                  : "this recipient's pseudonyms");
  std::printf("decisions, topic by topic:\n");
  for (const auto& t : red.manifest.topics) {
    std::printf("  %s/%u: %llu records leave\n", shown(t.name).c_str(), t.instance,
                static_cast<unsigned long long>(t.records));
    for (const auto& f : t.fields)
      std::printf("    %-28s %-12s %s (%s)\n", shown(f.name).c_str(), privacy::class_name(f.cls),
                  shown(f.treatment).c_str(), shown(f.rule).c_str());
  }
  if (!red.manifest.unclassified.empty()) {
    std::printf("unclassified (no rule knows them; they leave only at full in every class):\n");
    for (const auto& u : red.manifest.unclassified) std::printf("  %s\n", shown(u).c_str());
  }
  for (const auto& x : red.manifest.removed)
    std::printf("  removed: %llu %s (%s)\n", static_cast<unsigned long long>(x.count),
                shown(x.what).c_str(), shown(x.rule).c_str());
  return 0;
}

}  // namespace

int policy(const Args& all) {
  if (all.empty())
    return fail("policy", Status::InvalidArgument(
                              "policy takes show, edit, set FILE or check FLIGHT RECIPIENT"));
  const std::string& sub = all[0];
  Args args(all.begin() + 1, all.end());
  Parsed p(args, {}, {});
  if (!p.status().ok()) return fail("policy " + sub, p.status());
  auto v = open_vault(args);
  if (!v) return fail("policy", v.error());
  if (sub == "show") {
    auto pol = vault::read_policy(**v, {"policy show", {}});
    if (!pol) return fail("policy show", pol.error());
    std::fputs(pol->text.empty() ? privacy::kPolicyTemplate : printable(pol->text, true).c_str(),
               stdout);
    return 0;
  }
  if (sub == "set") {
    if (p.positional().size() != 1)
      return fail("policy set", Status::InvalidArgument("policy set FILE"));
    auto text = slurp_file(p.positional()[0]);
    if (!text) return fail("policy set", text.error());
    if (Status s = vault::store_policy(**v, *text); !s.ok()) return fail("policy set", s);
    auto pol = privacy::parse_policy(*text);
    if (!pol) return fail("policy set", pol.error());
    std::printf("policy %s stored: %zu recipients, %zu zones\n", pol->sha256.substr(0, 12).c_str(),
                pol->recipients.size(), pol->zones.size());
    return 0;
  }
  if (sub == "edit") {
    auto pol = vault::load_policy(**v);
    if (!pol) return fail("policy edit", pol.error());
    // A private folder for the plaintext copy, removed afterwards.
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/skykeep-policy-XXXXXX";
    if (!mkdtemp(dir.data())) return fail("policy edit", Status::IOError("cannot create " + dir));
    std::string path = dir + "/policy.toml";
    std::string start = pol->text.empty() ? privacy::kPolicyTemplate : pol->text;
    if (std::FILE* f = std::fopen(path.c_str(), "w")) {
      std::fputs(start.c_str(), f);
      std::fclose(f);
    }
    ::chmod(path.c_str(), 0600);
    const char* editor = std::getenv("EDITOR");
    std::string cmd = std::string(editor && *editor ? editor : "vi") + " '" + path + "'";
    int rc = std::system(cmd.c_str());
    auto text = slurp_file(path);
    std::remove(path.c_str());
    ::rmdir(dir.c_str());
    if (rc != 0 || !text)
      return fail("policy edit", Status::IOError("the editor failed: nothing changed"));
    if (*text == start) {
      std::printf("policy unchanged\n");
      return 0;
    }
    if (Status s = vault::store_policy(**v, *text); !s.ok())
      return fail("policy edit", Status::InvalidArgument(s.message() + ": nothing changed"));
    std::printf("policy stored\n");
    return 0;
  }
  if (sub == "check") {
    if (p.positional().size() != 2)
      return fail("policy check", Status::InvalidArgument("policy check FLIGHT RECIPIENT"));
    auto id = parse_id(p.positional()[0]);
    if (!id)
      return fail("policy check",
                  Status::InvalidArgument("'" + p.positional()[0] + "' is not a flight number"));
    return check(**v, *id, p.positional()[1]);
  }
  return fail("policy", Status::InvalidArgument("unknown policy command '" + sub + "'"));
}

}  // namespace skykeep::cli
