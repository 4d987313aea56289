// What every fuzz target does with its input: read it with one reader, whole and in chunks the
// input itself chooses, check the invariants of the result, and write it back out and read that.
// Aborts (so the fuzzer or the replay reports it) when an invariant breaks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "model/schema.h"

namespace skykeep::fuzz {

void exercise(model::Format format, const uint8_t* data, size_t size);

}  // namespace skykeep::fuzz
