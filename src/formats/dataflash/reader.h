// ArduPilot DataFlash (.bin) push reader: self-described by FMT records (FMTU/UNIT/MULT for
// units and instances), TimeUS- and TimeMS-era logs, frames by the FMT Length, resynchronises on
// the 0xA3 0x95 header after garbage. Spec: docs/formats.md#dataflash. Not thread-safe.
#pragma once

#include <memory>

#include "formats/reader.h"

namespace skykeep::dataflash {

std::unique_ptr<formats::Reader> make_reader(formats::Sink& sink);

// True when the bytes begin with a DataFlash FMT record.
bool sniff(Bytes prefix);

}  // namespace skykeep::dataflash
