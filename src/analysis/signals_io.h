// Signals as bytes: the derived data the vault keeps (encrypted) beside each log, so that tracks,
// exports and plots need not decode the original again. Layout: docs/vault.md, "Derived data".
// Pure functions; thread-safe.
#pragma once

#include <functional>
#include <vector>

#include "analysis/signals.h"
#include "base/byte_reader.h"
#include "base/result.h"

namespace skykeep::analysis {

std::vector<std::byte> encode(const Signals& s);
// The same bytes handed to out in pieces (no copy of the whole).
void encode(const Signals& s, const std::function<void(Bytes)>& out);
// Errors: Corruption (not derived data of this version, or truncated).
Result<Signals> decode(Bytes data);

}  // namespace skykeep::analysis
