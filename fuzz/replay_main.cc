// Replays a corpus through a fuzz target without libFuzzer, so gcc builds can run it (under
// ASan and UBSan in `make test`). Arguments: files or folders. Besides each input as it is, it
// replays cuts and byte flips of the input's first 256 KiB, chosen by a fixed seed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void replay(const std::vector<uint8_t>& input, std::mt19937_64& rng) {
  LLVMFuzzerTestOneInput(input.data(), input.size());
  std::vector<uint8_t> head(input.begin(), input.begin() + static_cast<ptrdiff_t>(std::min<size_t>(
                                                               input.size(), 256 << 10)));
  if (head.empty()) return;
  for (int i = 0; i < 16; ++i) {
    size_t cut = std::uniform_int_distribution<size_t>(0, head.size())(rng);
    LLVMFuzzerTestOneInput(head.data(), cut);
  }
  for (int i = 0; i < 16; ++i) {
    auto copy = head;
    for (int k = 0; k < 1 + i % 4; ++k)
      copy[std::uniform_int_distribution<size_t>(0, copy.size() - 1)(rng)] =
          static_cast<uint8_t>(std::uniform_int_distribution<int>(0, 255)(rng));
    LLVMFuzzerTestOneInput(copy.data(), copy.size());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::mt19937_64 rng(20261125);
  size_t files = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    std::error_code ec;
    std::vector<std::filesystem::path> inputs;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& e : std::filesystem::directory_iterator(p, ec))
        if (e.is_regular_file()) inputs.push_back(e.path());
      std::sort(inputs.begin(), inputs.end());
    } else if (std::filesystem::is_regular_file(p, ec)) {
      inputs.push_back(p);
    } else {
      std::printf("skipped %s: not there\n", argv[i]);
      continue;
    }
    for (const auto& in : inputs) {
      std::ifstream f(in, std::ios::binary);
      std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)),
                                 std::istreambuf_iterator<char>());
      replay(bytes, rng);
      ++files;
    }
  }
  std::printf("replayed %zu inputs, each with 32 variants\n", files);
  return files == 0 ? 1 : 0;
}
