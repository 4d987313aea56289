// PX4 ULog push reader (header versions 0 and 1): definitions, subscriptions, data, parameters,
// logged strings, dropouts, appended data; recovers from corruption by rescanning for a valid
// message header. Spec: docs/formats.md#ulog. Not thread-safe.
#pragma once

#include <memory>

#include "formats/reader.h"

namespace skykeep::ulog {

std::unique_ptr<formats::Reader> make_reader(formats::Sink& sink);

// True when the bytes begin with the ULog magic.
bool sniff(Bytes prefix);

}  // namespace skykeep::ulog
