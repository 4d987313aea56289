#include "base/buffer.h"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>

namespace skykeep {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

[[noreturn]] void out_of_memory(size_t n) {
  std::fprintf(stderr, "skykeep: out of memory allocating %zu bytes\n", n);
  std::abort();
}

size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

}  // namespace

void ByteBuffer::grow(size_t n) {
  if (n < kHugePage) {
    size_t cap = n < 64 ? 64 : n;
    void* p = std::realloc(data_, cap);
    if (!p) out_of_memory(cap);
    data_ = static_cast<std::byte*>(p);
    capacity_ = cap;
    return;
  }
  size_t cap = round_up(n, kHugePage);
  void* p;
  if (mapped_) {
    p = mremap(data_, capacity_, cap, MREMAP_MAYMOVE);
    if (p == MAP_FAILED) out_of_memory(cap);
  } else {
    p = mmap(nullptr, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) out_of_memory(cap);
    if (capacity_) std::memcpy(p, data_, capacity_);  // callers may fill past size()
    std::free(data_);
    mapped_ = true;
  }
  madvise(p, cap, MADV_HUGEPAGE);
  data_ = static_cast<std::byte*>(p);
  capacity_ = cap;
}

void ByteBuffer::release() {
  if (mapped_) {
    munmap(data_, capacity_);
  } else {
    std::free(data_);
  }
  data_ = nullptr;
  size_ = capacity_ = 0;
  mapped_ = false;
}

}  // namespace skykeep
