// Reading a kept log back: its derived signals, or its original bytes streamed through a Sink.
// Thread-compatible (each call decrypts on its own; the catalog is read under its mutex).
#pragma once

#include "analysis/signals.h"
#include "base/result.h"
#include "formats/reader.h"
#include "vault/vault.h"

namespace skykeep::vault {

// The vehicle's signals of a log, from its derived data. Errors: NotFound, Corruption,
// PermissionDenied.
Result<analysis::Signals> load_signals(Vault& v, int64_t log_id);

// Decrypts the log's original bytes and reads them into sink, in bounded memory.
// Errors: NotFound, Corruption, PermissionDenied, and the reader's.
Status read_original(Vault& v, int64_t log_id, const formats::ReaderOptions& options, formats::Sink& sink);

}  // namespace skykeep::vault
