// Reading a kept log back: its derived signals, or its original bytes streamed through a Sink.
// Thread-compatible (each call decrypts on its own; the catalog is read under its mutex).
#pragma once

#include "analysis/signals.h"
#include "base/result.h"
#include "formats/reader.h"
#include "model/log.h"
#include "vault/vault.h"

namespace skykeep::vault {

// The vehicle's signals of a log, from its derived data. Errors: NotFound, Corruption,
// PermissionDenied.
Result<analysis::Signals> load_signals(Vault& v, int64_t log_id);

// Decrypts the log's original bytes and reads them into sink, in bounded memory, with the MAVLink
// dialect the log was imported with (kept with it) when it has one, else with options.
// Errors: NotFound, Corruption, PermissionDenied, and the reader's.
Status read_original(Vault& v, int64_t log_id, const formats::ReaderOptions& options,
                     formats::Sink& sink);

// The records of the log between from_us and to_us (log clock), with the parameters set before
// to_us, into *log (formats::WindowSink): memory in proportion to the window, not the log.
Status read_window(Vault& v, int64_t log_id, int64_t from_us, int64_t to_us,
                   const formats::ReaderOptions& options, model::Log* log);

}  // namespace skykeep::vault
