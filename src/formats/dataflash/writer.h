// DataFlash writer: a Sink that encodes what it receives as an ArduPilot DataFlash log, with FMT
// records (FMTU/UNIT/MULT for units, multipliers and instances). DataFlash topics keep their type
// ids and format characters; other topics get generated ones. Not thread-safe.
#pragma once

#include <memory>

#include "formats/writer.h"

namespace skykeep::dataflash {

std::unique_ptr<formats::Writer> make_writer(formats::Output& out);

}  // namespace skykeep::dataflash
