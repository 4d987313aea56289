#include "vault/audit.h"

#include <sodium.h>

#include <chrono>
#include <cstring>

#include "base/json_writer.h"
#include "base/numeric.h"
#include "base/utc.h"
#include "ledger/merkle.h"
#include "vault/audit_internal.h"
#include "vault/catalog.h"

namespace skykeep::vault {
namespace {

using ledger::Hash;

// The tree's frontier as kept, or rebuilt from the stored leaves when it does not match the
// number of entries (a catalog from before it was kept).
Result<ledger::Frontier> frontier(Catalog& c, uint64_t entries) {
  auto kept = c.audit_frontier();
  if (!kept) return kept.error();
  if (*kept && (*kept)->size == entries &&
      (*kept)->peaks.size() == static_cast<size_t>(__builtin_popcountll(entries)))
    return std::move(**kept);
  auto leaves = c.audit_leaves();
  if (!leaves) return leaves.error();
  ledger::Frontier f;
  for (const Hash& h : *leaves) f.append(h);
  return f;
}

// A signed checkpoint of this vault's key, parsed. Errors as open_note and parse_checkpoint.
Result<ledger::Checkpoint> open_checkpoint(const std::string& note, const ledger::Verifier& v) {
  auto text = ledger::open_note(note, v);
  if (!text) return text.error();
  auto c = ledger::parse_checkpoint(*text);
  if (!c) return c.error();
  if (c->origin != v.name)
    return Status::InvalidArgument("a checkpoint of another log (" + c->origin + ")");
  return c;
}

ledger::Verifier verifier_of(const Vault& v) {
  return *ledger::parse_verifier_key(audit_verifier(v));
}

std::string hash_line(const char* tag, const Hash& h) {
  return std::string(tag) + " " + ledger::base64(h.data(), 32) + "\n";
}

}  // namespace

ledger::SigningKey audit_key(const Vault& v) {
  Key seed = derive(v.master(), Subkey::kAuditSigning);
  uint8_t pub[32], sec[64];
  crypto_sign_seed_keypair(pub, sec, seed.data());
  sodium_memzero(sec, sizeof sec);
  // The key's name (and the log's origin) names this vault by its public key.
  char name[40];
  std::snprintf(name, sizeof name, "skykeep/vault-%02x%02x%02x%02x%02x%02x", pub[0], pub[1], pub[2],
                pub[3], pub[4], pub[5]);
  return ledger::signing_key(name, seed.data());
}

std::string audit_verifier(const Vault& v) { return ledger::verifier_key(audit_key(v)); }

Status append_entry(Vault& v, const Action& a) {
  Catalog& c = v.catalog();
  auto seq = c.audit_size();
  if (!seq) return seq.error();
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  JsonWriter j;
  j.begin_object()
      .key("seq")
      .value(*seq)
      .key("time")
      .value(format_utc(now, 6))
      .key("actor")
      .value(v.actor())
      .key("action")
      .value(a.action);
  j.key("flights").begin_array();
  for (int64_t f : a.flights) j.value(f);
  j.end_array().key("logs").begin_array();
  for (int64_t l : a.logs) j.value(l);
  j.end_array();
  if (!a.recipient.empty()) j.key("recipient").value(a.recipient);
  if (!a.policy_sha256.empty()) j.key("policy_sha256").value(a.policy_sha256);
  if (!a.egress_sha256.empty()) j.key("egress_sha256").value(a.egress_sha256);
  j.end_object();
  std::string data = j.str();
  if (!a.detail_json.empty())
    data = data.substr(0, data.size() - 1) + ",\"detail\":" + a.detail_json + "}";
  Hash leaf = ledger::leaf_hash(as_bytes(data));
  // The new tree head from the frontier: O(log n), however long the log.
  auto f = frontier(c, *seq);
  if (!f) return f.error();
  f->append(leaf);
  ledger::SigningKey key = audit_key(v);
  ledger::Checkpoint cp{key.name, f->size, f->root()};
  return c.append_audit(*seq, data, leaf, *f, ledger::sign_note(ledger::checkpoint_text(cp), key));
}

Status record(Vault& v, const Action& a) {
  return v.catalog().write([&] { return append_entry(v, a); });
}

Status record_egress(Vault& v, const Action& a, std::string_view extension, Bytes bytes,
                     Egress* out) {
  if (!out) return record(v, a);
  auto deliver = [&]() -> Status {
    if (Status s = out->open(extension); !s.ok()) return s;
    if (Status s = out->write(bytes); !s.ok()) return s;
    return out->close();
  };
  if (out->immediate()) {
    if (Status s = record(v, a); !s.ok()) return s;
    if (Status s = deliver(); !s.ok()) return s;
    return out->publish();
  }
  if (Status s = deliver(); !s.ok()) return s;
  if (Status s = record(v, a); !s.ok()) return s;
  return out->publish();
}

Result<std::vector<AuditEntry>> audit_entries(Vault& v) { return v.catalog().audit_entries(); }

Result<std::string> latest_checkpoint(Vault& v) { return v.catalog().latest_checkpoint(); }

Result<AuditCheck> verify_audit(Vault& v, const std::optional<std::string>& kept) {
  ledger::Verifier key = verifier_of(v);
  // The entries and the latest checkpoint as one state: read again if another process appended
  // in between.
  Result<std::vector<AuditEntry>> entries = std::vector<AuditEntry>();
  Result<std::string> latest = std::string();
  for (int attempt = 0; attempt < 5; ++attempt) {
    latest = latest_checkpoint(v);
    if (!latest) return latest.error();
    entries = audit_entries(v);
    if (!entries) return entries.error();
    auto again = latest_checkpoint(v);
    if (!again) return again.error();
    if (*again == *latest) break;
  }
  AuditCheck out;
  out.entries = entries->size();
  // The tree from the entries themselves (not the stored leaf hashes).
  std::vector<Hash> leaves;
  for (size_t i = 0; i < entries->size(); ++i) {
    const AuditEntry& e = (*entries)[i];
    if (e.index != i)
      out.problems.push_back("entry " + std::to_string(i) + " is missing (next is " +
                             std::to_string(e.index) + ")");
    leaves.push_back(ledger::leaf_hash(as_bytes(e.data)));
  }
  auto check = [&](const std::string& note, const std::string& what) {
    auto c = open_checkpoint(note, key);
    if (!c) {
      out.problems.push_back(what + ": " + c.error().message());
      return;
    }
    if (c->size > leaves.size()) {
      out.problems.push_back(what + " covers " + std::to_string(c->size) +
                             " entries; the log has only " + std::to_string(leaves.size()) +
                             " (truncated)");
      return;
    }
    if (ledger::root(leaves, 0, c->size) != c->root)
      out.problems.push_back("the first " + std::to_string(c->size) + " entries do not match " +
                             what + " (changed, removed or reordered)");
  };
  if (latest->empty()) {
    if (!leaves.empty()) out.problems.push_back("entries without any signed checkpoint");
  } else {
    check(*latest, "the latest checkpoint");
    auto c = open_checkpoint(*latest, key);
    if (c && c->size != leaves.size())
      out.problems.push_back("the latest checkpoint covers " + std::to_string(c->size) + " of " +
                             std::to_string(leaves.size()) + " entries");
  }
  if (kept) check(*kept, "the kept checkpoint");
  return out;
}

namespace {

// The latest checkpoint and, read after it, the stored leaves: the log only grows, so they hold
// the checkpoint's tree as their prefix whatever was appended in between.
Result<std::pair<std::string, ledger::Checkpoint>> latest_with_leaves(Vault& v,
                                                                      std::vector<Hash>* leaves) {
  auto note = v.catalog().latest_checkpoint();
  if (!note) return note.error();
  if (note->empty()) return Status::NotFound("the audit log is empty");
  auto c = open_checkpoint(*note, verifier_of(v));
  if (!c) return Status::Corruption("the latest checkpoint: " + c.error().message());
  auto l = v.catalog().audit_leaves();
  if (!l) return l.error();
  if (l->size() < c->size)
    return Status::Corruption("the audit log is shorter than its latest checkpoint");
  *leaves = std::move(*l);
  return std::pair{*note, *c};
}

}  // namespace

Result<std::string> inclusion_proof_file(Vault& v, uint64_t index) {
  std::vector<Hash> leaves;
  auto latest = latest_with_leaves(v, &leaves);
  if (!latest) return latest.error();
  uint64_t size = latest->second.size;
  if (index >= size) return Status::NotFound("no audit entry " + std::to_string(index));
  auto data = v.catalog().audit_entry(index);
  if (!data) return data.error();
  if (!*data) return Status::NotFound("no audit entry " + std::to_string(index));
  std::string out =
      "skykeep audit inclusion proof\nindex " + std::to_string(index) + "\nentry " +
      ledger::base64(reinterpret_cast<const uint8_t*>((*data)->data()), (*data)->size()) + "\n";
  for (const Hash& h : ledger::inclusion_proof(leaves, index, size)) out += hash_line("proof", h);
  return out + "checkpoint\n" + latest->first;
}

Result<std::string> consistency_proof_file(Vault& v, const std::string& old_note) {
  ledger::Verifier key = verifier_of(v);
  auto old = open_checkpoint(old_note, key);
  if (!old) return Status::InvalidArgument("the old checkpoint: " + old.error().message());
  std::vector<Hash> leaves;
  auto latest = latest_with_leaves(v, &leaves);
  if (!latest) return latest.error();
  uint64_t size = latest->second.size;
  if (old->size > size || ledger::root(leaves, 0, old->size) != old->root)
    return Status::InvalidArgument(
        "the old checkpoint is not a prefix of this log: the log was changed");
  std::string out = "skykeep audit consistency proof\n";
  if (old->size > 0)
    for (const Hash& h : ledger::consistency_proof(leaves, old->size, size))
      out += hash_line("proof", h);
  return out + "old checkpoint\n" + old_note + "new checkpoint\n" + latest->first;
}

Result<std::string> check_proof_file(const std::string& file, const ledger::Verifier& key) {
  auto lines_until = [&](size_t from, const std::string& marker,
                         std::vector<std::string>* lines) -> size_t {
    size_t at = from;
    while (at < file.size()) {
      size_t end = file.find('\n', at);
      if (end == std::string::npos) return std::string::npos;
      std::string line = file.substr(at, end - at);
      at = end + 1;
      if (line == marker) return at;
      lines->push_back(line);
    }
    return std::string::npos;
  };
  auto hashes = [](const std::vector<std::string>& lines, size_t from, std::vector<Hash>* out) {
    for (size_t i = from; i < lines.size(); ++i) {
      if (lines[i].rfind("proof ", 0) != 0) return false;
      auto b = ledger::unbase64(lines[i].substr(6));
      if (!b || b->size() != 32) return false;
      Hash h;
      std::memcpy(h.data(), b->data(), 32);
      out->push_back(h);
    }
    return true;
  };
  std::vector<std::string> lines;
  if (file.rfind("skykeep audit inclusion proof\n", 0) == 0) {
    size_t note_at = lines_until(30, "checkpoint", &lines);
    if (note_at == std::string::npos || lines.size() < 2 || lines[0].rfind("index ", 0) != 0 ||
        lines[1].rfind("entry ", 0) != 0)
      return Status::InvalidArgument("not an inclusion proof file");
    auto index = parse_uint(std::string_view(lines[0]).substr(6), "the proof's index");
    if (!index) return index.error();
    auto entry = ledger::unbase64(lines[1].substr(6));
    std::vector<Hash> proof;
    if (!entry || !hashes(lines, 2, &proof))
      return Status::InvalidArgument("not an inclusion proof file");
    auto c = open_checkpoint(file.substr(note_at), key);
    if (!c)
      return Status(Status::Code::kPermissionDenied == c.error().code()
                        ? c.error()
                        : Status::InvalidArgument(c.error().message()));
    if (!ledger::verify_inclusion(*index, c->size, ledger::leaf_hash(as_bytes(*entry)), proof,
                                  c->root))
      return Status::PermissionDenied("the proof does not place entry " + std::to_string(*index) +
                                      " in the checkpoint");
    return "entry " + std::to_string(*index) + " is in the log of " + std::to_string(c->size) +
           " entries signed by " + key.name + ": " + *entry;
  }
  if (file.rfind("skykeep audit consistency proof\n", 0) == 0) {
    size_t old_at = lines_until(32, "old checkpoint", &lines);
    if (old_at == std::string::npos) return Status::InvalidArgument("not a consistency proof file");
    size_t new_marker = file.find("new checkpoint\n", old_at);
    if (new_marker == std::string::npos)
      return Status::InvalidArgument("not a consistency proof file");
    std::vector<Hash> proof;
    if (!hashes(lines, 0, &proof)) return Status::InvalidArgument("not a consistency proof file");
    auto old = open_checkpoint(file.substr(old_at, new_marker - old_at), key);
    auto now = open_checkpoint(file.substr(new_marker + 15), key);
    if (!old) return old.error();
    if (!now) return now.error();
    if (!ledger::verify_consistency(old->size, now->size, old->root, now->root, proof))
      return Status::PermissionDenied("the log of " + std::to_string(now->size) +
                                      " entries does not extend the one of " +
                                      std::to_string(old->size) + ": it was rewritten");
    return "the log of " + std::to_string(now->size) + " entries extends the one of " +
           std::to_string(old->size) + " entries, both signed by " + key.name;
  }
  return Status::InvalidArgument("not a skykeep audit proof file");
}

}  // namespace skykeep::vault
