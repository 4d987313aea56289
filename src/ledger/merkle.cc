#include "ledger/merkle.h"

#include <cstring>

#include "base/sha256.h"

namespace skykeep::ledger {
namespace {

// The largest power of two smaller than n (n > 1).
uint64_t split(uint64_t n) {
  uint64_t k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

void subproof(const std::vector<Hash>& l, uint64_t m, uint64_t begin, uint64_t end, bool whole,
              std::vector<Hash>* out) {
  uint64_t n = end - begin;
  if (m == n) {
    if (!whole) out->push_back(root(l, begin, end));
    return;
  }
  uint64_t k = split(n);
  if (m <= k) {
    subproof(l, m, begin, begin + k, whole, out);
    out->push_back(root(l, begin + k, end));
  } else {
    subproof(l, m - k, begin + k, end, false, out);
    out->push_back(root(l, begin, begin + k));
  }
}

void path(const std::vector<Hash>& l, uint64_t m, uint64_t begin, uint64_t end,
          std::vector<Hash>* out) {
  uint64_t n = end - begin;
  if (n <= 1) return;
  uint64_t k = split(n);
  if (m < k) {
    path(l, m, begin, begin + k, out);
    out->push_back(root(l, begin + k, end));
  } else {
    path(l, m - k, begin + k, end, out);
    out->push_back(root(l, begin, begin + k));
  }
}

}  // namespace

Hash leaf_hash(Bytes data) {
  Sha256 h;
  const std::byte zero{0};
  h.update(Bytes(&zero, 1));
  h.update(data);
  return h.finish();
}

Hash node_hash(const Hash& left, const Hash& right) {
  Sha256 h;
  const std::byte one{1};
  h.update(Bytes(&one, 1));
  h.update(Bytes(reinterpret_cast<const std::byte*>(left.data()), left.size()));
  h.update(Bytes(reinterpret_cast<const std::byte*>(right.data()), right.size()));
  return h.finish();
}

Hash root(const std::vector<Hash>& l, size_t begin, size_t end) {
  size_t n = end - begin;
  if (n == 0) return Sha256().finish();
  if (n == 1) return l[begin];
  uint64_t k = split(n);
  return node_hash(root(l, begin, begin + k), root(l, begin + k, end));
}

void Frontier::append(const Hash& leaf) {
  Hash h = leaf;
  for (int level = 0; (size >> level) & 1; ++level) {  // carry, as in adding one to size
    h = node_hash(peaks.back(), h);
    peaks.pop_back();
  }
  peaks.push_back(h);
  ++size;
}

Hash Frontier::root() const {
  if (peaks.empty()) return Sha256().finish();
  Hash r = peaks.back();
  for (size_t i = peaks.size() - 1; i-- > 0;) r = node_hash(peaks[i], r);
  return r;
}

std::vector<Hash> inclusion_proof(const std::vector<Hash>& leaves, uint64_t index, uint64_t size) {
  std::vector<Hash> out;
  path(leaves, index, 0, size, &out);
  return out;
}

std::vector<Hash> consistency_proof(const std::vector<Hash>& leaves, uint64_t first,
                                    uint64_t second) {
  std::vector<Hash> out;
  subproof(leaves, first, 0, second, true, &out);
  return out;
}

bool verify_inclusion(uint64_t index, uint64_t size, const Hash& leaf,
                      const std::vector<Hash>& proof, const Hash& root_hash) {
  if (index >= size) return false;
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = node_hash(p, r);
      if (!(fn & 1))
        while (fn != 0 && !(fn & 1)) fn >>= 1, sn >>= 1;
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1, sn >>= 1;
  }
  return sn == 0 && r == root_hash;
}

bool verify_consistency(uint64_t first, uint64_t second, const Hash& first_root,
                        const Hash& second_root, const std::vector<Hash>& proof) {
  if (first > second) return false;
  if (first == second) return proof.empty() && first_root == second_root;
  if (first == 0) return proof.empty();  // the empty tree is a prefix of every tree
  if (proof.empty()) return false;
  std::vector<Hash> path = proof;
  if ((first & (first - 1)) == 0) path.insert(path.begin(), first_root);  // a power of two
  uint64_t fn = first - 1, sn = second - 1;
  while (fn & 1) fn >>= 1, sn >>= 1;
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      if (!(fn & 1))
        while (fn != 0 && !(fn & 1)) fn >>= 1, sn >>= 1;
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1, sn >>= 1;
  }
  return fr == first_root && sr == second_root && sn == 0;
}

}  // namespace skykeep::ledger
