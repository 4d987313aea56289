// The ledger against the published RFC 6962 vectors (transparency-dev/merkle), and signed notes.
#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

#include "ledger/merkle.h"
#include "ledger/note.h"

namespace skykeep::ledger {
namespace {

Hash hx(const std::string& s) {
  Hash h{};
  for (size_t i = 0; i < 32; ++i)
    h[i] = static_cast<uint8_t>(std::stoi(s.substr(2 * i, 2), nullptr, 16));
  return h;
}

std::vector<std::byte> bx(const std::string& s) {
  std::vector<std::byte> b;
  for (size_t i = 0; i + 1 < s.size(); i += 2)
    b.push_back(static_cast<std::byte>(std::stoi(s.substr(i, 2), nullptr, 16)));
  return b;
}

// Leaves and tree heads of the reference vectors.
std::vector<Hash> leaves() {
  std::vector<Hash> out;
  for (const char* in : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                         "606162636465666768696a6b6c6d6e6f"})
    out.push_back(leaf_hash(Bytes(bx(in))));
  return out;
}

const char* const kRoots[] = {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                              "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                              "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                              "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                              "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                              "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                              "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                              "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                              "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

TEST(Merkle, TreeHeadsMatchTheReferenceVectors) {
  auto l = leaves();
  EXPECT_EQ(l[0], hx("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"));
  for (size_t n = 0; n <= l.size(); ++n) EXPECT_EQ(root(l, 0, n), hx(kRoots[n])) << n;
}

struct ProofVector {
  uint64_t a, b;  // leaf index (or first size), tree size
  std::vector<const char*> proof;
};

TEST(Merkle, AFrontierGivesTheSameHeadAsTheWholeTree) {
  std::vector<Hash> leaves;
  Frontier f;
  EXPECT_EQ(f.root(), root(leaves));
  for (int i = 0; i < 300; ++i) {
    std::string d = "entry " + std::to_string(i);
    leaves.push_back(leaf_hash(as_bytes(d)));
    f.append(leaves.back());
    ASSERT_EQ(f.root(), root(leaves)) << leaves.size() << " leaves";
    ASSERT_EQ(f.peaks.size(), static_cast<size_t>(__builtin_popcountll(leaves.size())));
  }
}

TEST(Merkle, InclusionProofsMatchAndVerify) {
  auto l = leaves();
  std::vector<ProofVector> v = {
      {0,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5,
       8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1,
       5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
      {0, 1, {}},
  };
  for (const auto& t : v) {
    std::vector<Hash> want;
    for (const char* h : t.proof) want.push_back(hx(h));
    EXPECT_EQ(inclusion_proof(l, t.a, t.b), want) << t.a << "/" << t.b;
    Hash r = root(l, 0, t.b);
    EXPECT_TRUE(verify_inclusion(t.a, t.b, l[t.a], want, r));
    EXPECT_FALSE(verify_inclusion(t.a ^ 1, t.b, l[t.a], want, r)) << "another index";
    EXPECT_FALSE(verify_inclusion(t.a, t.b, l[(t.a + 1) % 8], want, r)) << "another leaf";
    if (!want.empty()) {
      auto bad = want;
      bad[0][0] ^= 8;
      EXPECT_FALSE(verify_inclusion(t.a, t.b, l[t.a], bad, r)) << "a flipped bit";
      bad = want;
      bad.pop_back();
      EXPECT_FALSE(verify_inclusion(t.a, t.b, l[t.a], bad, r)) << "a component removed";
    }
  }
  // Every leaf of every tree.
  for (uint64_t n = 1; n <= 8; ++n)
    for (uint64_t i = 0; i < n; ++i)
      EXPECT_TRUE(verify_inclusion(i, n, l[i], inclusion_proof(l, i, n), root(l, 0, n)))
          << i << "/" << n;
}

TEST(Merkle, ConsistencyProofsMatchAndVerify) {
  auto l = leaves();
  std::vector<ProofVector> v = {
      {1,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {6,
       8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2,
       5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
      {6,
       7,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
  };
  for (const auto& t : v) {
    std::vector<Hash> want;
    for (const char* h : t.proof) want.push_back(hx(h));
    EXPECT_EQ(consistency_proof(l, t.a, t.b), want) << t.a << "->" << t.b;
    Hash r1 = root(l, 0, t.a), r2 = root(l, 0, t.b);
    EXPECT_TRUE(verify_consistency(t.a, t.b, r1, r2, want));
    EXPECT_FALSE(verify_consistency(t.a, t.b, r2, r1, want)) << "swapped roots";
    EXPECT_FALSE(verify_consistency(t.a + 1, t.b, r1, r2, want)) << "another size";
    auto bad = want;
    bad[0][0] ^= 16;
    EXPECT_FALSE(verify_consistency(t.a, t.b, r1, r2, bad)) << "a flipped bit";
    EXPECT_FALSE(verify_consistency(t.a, t.b, r1, r2, {})) << "empty proof";
  }
  for (uint64_t a = 1; a <= 8; ++a)
    for (uint64_t b = a; b <= 8; ++b)
      EXPECT_TRUE(
          verify_consistency(a, b, root(l, 0, a), root(l, 0, b), consistency_proof(l, a, b)))
          << a << "->" << b;
  EXPECT_TRUE(verify_consistency(0, 5, root(l, 0, 0), root(l, 0, 5), {}));
  EXPECT_FALSE(verify_consistency(5, 4, root(l, 0, 5), root(l, 0, 4), {}));
}

TEST(Note, SignsChecksAndRejectsTampering) {
  uint8_t seed[32];
  randombytes_buf(seed, sizeof seed);
  SigningKey k = signing_key("skykeep.example/vault", seed);
  auto v = parse_verifier_key(verifier_key(k));
  ASSERT_TRUE(v.has_value()) << v.error().message();
  Checkpoint c{k.name, 8, root(leaves())};
  std::string note = sign_note(checkpoint_text(c), k);
  EXPECT_NE(note.find("\n\n\xE2\x80\x94 skykeep.example/vault "), std::string::npos);
  auto text = open_note(note, *v);
  ASSERT_TRUE(text.has_value()) << text.error().message();
  auto back = parse_checkpoint(*text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->size, 8u);
  EXPECT_EQ(back->root, c.root);
  std::string forged = note;
  forged[forged.find("\n8\n") + 1] = '9';
  EXPECT_EQ(open_note(forged, *v).error().code(), Status::Code::kPermissionDenied);
  uint8_t other_seed[32] = {1};
  auto other = parse_verifier_key(verifier_key(signing_key("skykeep.example/vault", other_seed)));
  EXPECT_EQ(open_note(note, *other).error().code(), Status::Code::kPermissionDenied)
      << "another key";
  EXPECT_FALSE(parse_verifier_key("skykeep.example/vault+00000000+AQ==").has_value());
  // The same seed gives the same key.
  EXPECT_EQ(verifier_key(signing_key("skykeep.example/vault", seed)), verifier_key(k));
}

}  // namespace
}  // namespace skykeep::ledger
