// libFuzzer target: the tlog reader (and writer) on arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skykeep::fuzz::exercise(skykeep::model::Format::kTlog, data, size);
  return 0;
}
