#include "base/crc.h"

#include <array>
#include <cstring>

namespace skykeep {
namespace {

// kTables[k][b]: the CRC register change of byte b followed by k zero bytes.
struct Tables {
  std::array<std::array<uint16_t, 256>, 8> t{};
  Tables() {
    for (int b = 0; b < 256; ++b) t[0][b] = crc_x25_step(0, static_cast<uint8_t>(b));
    for (int k = 1; k < 8; ++k)
      for (int b = 0; b < 256; ++b)
        t[k][b] = static_cast<uint16_t>((t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff]);
  }
};
const Tables kTables;

}  // namespace

uint16_t crc_x25(std::span<const std::byte> data, uint16_t crc) {
  const auto& t = kTables.t;
  const std::byte* p = data.data();
  size_t n = data.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    w ^= crc;
    crc = static_cast<uint16_t>(t[7][w & 0xff] ^ t[6][(w >> 8) & 0xff] ^ t[5][(w >> 16) & 0xff] ^
                                t[4][(w >> 24) & 0xff] ^ t[3][(w >> 32) & 0xff] ^
                                t[2][(w >> 40) & 0xff] ^ t[1][(w >> 48) & 0xff] ^ t[0][w >> 56]);
    p += 8;
    n -= 8;
  }
  while (n--)
    crc = static_cast<uint16_t>((crc >> 8) ^ t[0][(crc ^ static_cast<uint8_t>(*p++)) & 0xff]);
  return crc;
}

}  // namespace skykeep
