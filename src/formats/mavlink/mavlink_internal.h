// MAVLink framing constants shared by the tlog reader and writer. docs/formats.md#tlog.
#pragma once

#include <cstdint>

namespace skykeep::mavlink {

inline constexpr uint8_t kStxV1 = 0xFE;
inline constexpr uint8_t kStxV2 = 0xFD;
inline constexpr uint32_t kHeaderV1 = 6;   // stx len seq sys comp msgid
inline constexpr uint32_t kHeaderV2 = 10;  // stx len incompat compat seq sys comp msgid[3]
inline constexpr uint32_t kSignatureLen = 13;
inline constexpr uint8_t kIncompatSigned = 0x01;
inline constexpr uint32_t kTimestampLen = 8;
inline constexpr uint32_t kMaxRecord = kTimestampLen + kHeaderV2 + 255 + 2 + kSignatureLen;
// Unknown messages are kept as [length u8][checksum u16][payload 255] so they can be written back.
inline constexpr uint32_t kUnknownPayload = 3 + 255;

}  // namespace skykeep::mavlink
