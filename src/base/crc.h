// Checksums used by the wire formats. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace skykeep {

// CRC-16/MCRF4XX ("X.25" in MAVLink): init 0xFFFF, reflected poly 0x1021, no final xor.
inline uint16_t crc_x25_step(uint16_t crc, uint8_t b) {
  uint8_t tmp = b ^ static_cast<uint8_t>(crc & 0xff);
  tmp ^= static_cast<uint8_t>(tmp << 4);
  return static_cast<uint16_t>((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4));
}

// The same CRC over a span, eight bytes at a time (slicing-by-8 tables).
uint16_t crc_x25(std::span<const std::byte> data, uint16_t crc = 0xFFFF);

inline uint16_t crc_x25(std::string_view s, uint16_t crc = 0xFFFF) {
  return crc_x25(std::span<const std::byte>(reinterpret_cast<const std::byte*>(s.data()), s.size()),
                 crc);
}

}  // namespace skykeep
