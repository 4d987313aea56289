// ULog writer (version 1 files): a Sink that encodes what it receives as ULog. Formats a log
// brings (on_native_definition) are written as they are; topics from other formats get a flat
// format generated from their schema. Not thread-safe.
#pragma once

#include <memory>

#include "formats/writer.h"

namespace skykeep::ulog {

std::unique_ptr<formats::Writer> make_writer(formats::Output& out);

}  // namespace skykeep::ulog
