#include "vault/audit.h"

#include <sodium.h>
#include <sqlcipher/sqlite3.h>

#include <chrono>
#include <cstring>
#include <mutex>

#include "base/json_writer.h"
#include "base/utc.h"
#include "ledger/merkle.h"
#include "vault/sql_internal.h"

namespace skykeep::vault {
namespace {

using ledger::Hash;

Hash to_hash(const std::vector<std::byte>& b) {
  Hash h{};
  if (b.size() == h.size()) std::memcpy(h.data(), b.data(), h.size());
  return h;
}

Bytes bytes_of(const Hash& h) {
  return Bytes(reinterpret_cast<const std::byte*>(h.data()), h.size());
}

// Every leaf hash, in order, as stored. Caller holds the mutex.
Result<std::vector<Hash>> stored_leaves(sqlite3* db) {
  Stmt q(db, "SELECT leaf FROM audit ORDER BY seq");
  std::vector<Hash> out;
  while (q.step()) out.push_back(to_hash(q.blob(0)));
  if (Status s = q.status(); !s.ok()) return s;
  return out;
}

// The tree's frontier as kept, or rebuilt from the stored leaves when it does not match the
// number of entries (a catalog from before it was kept). Caller holds the mutex.
Result<ledger::Frontier> frontier(sqlite3* db, uint64_t entries) {
  ledger::Frontier f;
  Stmt q(db, "SELECT size, peaks FROM audit_frontier WHERE id = 1");
  if (q.step()) {
    f.size = static_cast<uint64_t>(q.i64(0));
    auto b = q.blob(1);
    for (size_t i = 0; i + 32 <= b.size(); i += 32) {
      Hash h;
      std::memcpy(h.data(), b.data() + i, 32);
      f.peaks.push_back(h);
    }
  }
  if (Status s = q.status(); !s.ok()) return s;
  if (f.size == entries && f.peaks.size() == static_cast<size_t>(__builtin_popcountll(entries)))
    return f;
  auto leaves = stored_leaves(db);
  if (!leaves) return leaves.error();
  f = ledger::Frontier();
  for (const Hash& h : *leaves) f.append(h);
  return f;
}

std::string latest_locked(sqlite3* db) {
  Stmt q(db, "SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1");
  return q.step() ? q.text(0) : std::string();
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

Status append_audit_locked(Vault& v, const Action& a) {
  sqlite3* db = v.catalog();
  Stmt n(db, "SELECT coalesce(max(seq) + 1, 0) FROM audit");
  uint64_t seq = n.step() ? static_cast<uint64_t>(n.i64(0)) : 0;
  if (Status s = n.status(); !s.ok()) return s;
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  JsonWriter j;
  j.begin_object()
      .key("seq")
      .value(seq)
      .key("time")
      .value(format_utc(now, 6))
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
  Stmt ins(db, "INSERT INTO audit(seq, data, leaf) VALUES(?, ?, ?)");
  ins.bind(1, static_cast<int64_t>(seq)).bind_blob(2, as_bytes(data)).bind_blob(3, bytes_of(leaf));
  if (Status s = ins.run(); !s.ok()) return s;
  // The new tree head from the frontier: O(log n), however long the log.
  auto f = frontier(db, seq);
  if (!f) return f.error();
  f->append(leaf);
  std::vector<std::byte> peaks(f->peaks.size() * 32);
  for (size_t i = 0; i < f->peaks.size(); ++i)
    std::memcpy(peaks.data() + 32 * i, f->peaks[i].data(), 32);
  Stmt keep(db, "INSERT OR REPLACE INTO audit_frontier(id, size, peaks) VALUES(1, ?, ?)");
  keep.bind(1, static_cast<int64_t>(f->size)).bind_blob(2, Bytes(peaks));
  if (Status s = keep.run(); !s.ok()) return s;
  ledger::SigningKey key = audit_key(v);
  ledger::Checkpoint c{key.name, f->size, f->root()};
  Stmt cp(db, "INSERT INTO checkpoints(size, note) VALUES(?, ?)");
  cp.bind(1, static_cast<int64_t>(c.size))
      .bind(2, ledger::sign_note(ledger::checkpoint_text(c), key));
  return cp.run();
}

Status append_audit(Vault& v, const Action& a) {
  std::lock_guard<std::mutex> lock(v.catalog_mutex());
  Transaction tx(v.catalog());
  if (Status s = append_audit_locked(v, a); !s.ok()) return s;
  return tx.commit();
}

Result<std::vector<AuditEntry>> audit_entries(Vault& v) {
  std::lock_guard<std::mutex> lock(v.catalog_mutex());
  Stmt q(v.catalog(), "SELECT seq, data FROM audit ORDER BY seq");
  std::vector<AuditEntry> out;
  while (q.step()) {
    auto b = q.blob(1);
    out.push_back({static_cast<uint64_t>(q.i64(0)),
                   std::string(reinterpret_cast<const char*>(b.data()), b.size())});
  }
  if (Status s = q.status(); !s.ok()) return s;
  return out;
}

Result<std::string> latest_checkpoint(Vault& v) {
  std::lock_guard<std::mutex> lock(v.catalog_mutex());
  return latest_locked(v.catalog());
}

Result<AuditCheck> verify_audit(Vault& v, const std::optional<std::string>& kept) {
  ledger::Verifier key = verifier_of(v);
  auto entries = audit_entries(v);
  if (!entries) return entries.error();
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
  auto latest = latest_checkpoint(v);
  if (!latest) return latest.error();
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

Result<std::string> inclusion_proof_file(Vault& v, uint64_t index) {
  std::lock_guard<std::mutex> lock(v.catalog_mutex());
  sqlite3* db = v.catalog();
  auto leaves = stored_leaves(db);
  if (!leaves) return leaves.error();
  if (index >= leaves->size()) return Status::NotFound("no audit entry " + std::to_string(index));
  Stmt q(db, "SELECT data FROM audit WHERE seq = ?");
  q.bind(1, static_cast<int64_t>(index));
  if (!q.step()) return Status::NotFound("no audit entry " + std::to_string(index));
  auto data = q.blob(0);
  std::string out = "skykeep audit inclusion proof\nindex " + std::to_string(index) + "\nentry " +
                    ledger::base64(reinterpret_cast<const uint8_t*>(data.data()), data.size()) +
                    "\n";
  for (const Hash& h : ledger::inclusion_proof(*leaves, index, leaves->size()))
    out += hash_line("proof", h);
  return out + "checkpoint\n" + latest_locked(db);
}

Result<std::string> consistency_proof_file(Vault& v, const std::string& old_note) {
  ledger::Verifier key = verifier_of(v);
  auto old = open_checkpoint(old_note, key);
  if (!old) return Status::InvalidArgument("the old checkpoint: " + old.error().message());
  std::lock_guard<std::mutex> lock(v.catalog_mutex());
  sqlite3* db = v.catalog();
  auto leaves = stored_leaves(db);
  if (!leaves) return leaves.error();
  if (old->size > leaves->size() || ledger::root(*leaves, 0, old->size) != old->root)
    return Status::InvalidArgument(
        "the old checkpoint is not a prefix of this log: the log was changed");
  std::string out = "skykeep audit consistency proof\n";
  if (old->size > 0)
    for (const Hash& h : ledger::consistency_proof(*leaves, old->size, leaves->size()))
      out += hash_line("proof", h);
  return out + "old checkpoint\n" + old_note + "new checkpoint\n" + latest_locked(db);
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
    uint64_t index = std::stoull(lines[0].substr(6));
    auto entry = ledger::unbase64(lines[1].substr(6));
    std::vector<Hash> proof;
    if (!entry || !hashes(lines, 2, &proof))
      return Status::InvalidArgument("not an inclusion proof file");
    auto c = open_checkpoint(file.substr(note_at), key);
    if (!c)
      return Status(Status::Code::kPermissionDenied == c.error().code()
                        ? c.error()
                        : Status::InvalidArgument(c.error().message()));
    if (!ledger::verify_inclusion(index, c->size, ledger::leaf_hash(as_bytes(*entry)), proof,
                                  c->root))
      return Status::PermissionDenied("the proof does not place entry " + std::to_string(index) +
                                      " in the checkpoint");
    return "entry " + std::to_string(index) + " is in the log of " + std::to_string(c->size) +
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
