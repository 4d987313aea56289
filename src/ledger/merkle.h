// RFC 6962 Merkle trees (SHA-256, 0x00 leaf and 0x01 node prefixes): the tree head of a list of
// leaves, inclusion and consistency proofs, and their verification as RFC 9162 section 2.1
// gives it. Pure functions of their arguments; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "base/byte_reader.h"

namespace skykeep::ledger {

using Hash = std::array<uint8_t, 32>;

Hash leaf_hash(Bytes data);                           // SHA-256(0x00 || data)
Hash node_hash(const Hash& left, const Hash& right);  // SHA-256(0x01 || left || right)

// MTH over leaf hashes[begin, end) (the empty tree: SHA-256 of nothing).
Hash root(const std::vector<Hash>& leaves, size_t begin, size_t end);
inline Hash root(const std::vector<Hash>& leaves) { return root(leaves, 0, leaves.size()); }

// A growing tree kept as the roots of its perfect subtrees ("peaks", one per set bit of size,
// the largest, leftmost first): appending a leaf and the tree head each cost O(log size), with no
// need for the leaves themselves (RFC 6962 trees are left-balanced).
struct Frontier {
  uint64_t size = 0;
  std::vector<Hash> peaks;
  void append(const Hash& leaf);
  Hash root() const;  // equal to root(leaves) of the same leaves
};

// PATH(index, leaves[0, size)): requires index < size <= leaves.size().
std::vector<Hash> inclusion_proof(const std::vector<Hash>& leaves, uint64_t index, uint64_t size);
// PROOF(first, leaves[0, second)): requires 0 < first <= second <= leaves.size().
std::vector<Hash> consistency_proof(const std::vector<Hash>& leaves, uint64_t first,
                                    uint64_t second);

bool verify_inclusion(uint64_t index, uint64_t size, const Hash& leaf,
                      const std::vector<Hash>& proof, const Hash& root);
bool verify_consistency(uint64_t first, uint64_t second, const Hash& first_root,
                        const Hash& second_root, const std::vector<Hash>& proof);

}  // namespace skykeep::ledger
