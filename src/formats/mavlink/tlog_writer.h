// tlog writer: a Sink that encodes MAVLink topics as timestamped MAVLink 2 packets (payloads
// zero-truncated, CRC with each topic's CRC_EXTRA). Topics that are not MAVLink messages cannot
// be carried and are skipped (skipped_topics()). Not thread-safe.
#pragma once

#include <memory>

#include "formats/writer.h"

namespace skykeep::mavlink {

std::unique_ptr<formats::Writer> make_tlog_writer(formats::Output& out);

}  // namespace skykeep::mavlink
