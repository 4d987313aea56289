// ByteBuffer: a growable, contiguous byte array for column data. Small buffers live on the heap;
// from 2 MiB on they are anonymous mappings that ask for transparent huge pages and grow with
// mremap, so growth neither copies nor pays a page fault per 4 KiB (docs/formats.md, "Columns").
// Not thread-safe; move-only.
#pragma once

#include <cstddef>
#include <cstring>
#include <utility>

namespace skykeep {

class ByteBuffer {
 public:
  ByteBuffer() = default;
  ~ByteBuffer() { release(); }
  ByteBuffer(const ByteBuffer&) = delete;
  ByteBuffer& operator=(const ByteBuffer&) = delete;
  ByteBuffer(ByteBuffer&& o) noexcept { swap(o); }
  ByteBuffer& operator=(ByteBuffer&& o) noexcept {
    if (this != &o) {
      release();
      swap(o);
    }
    return *this;
  }

  std::byte* data() { return data_; }
  const std::byte* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

  // Ensures capacity() >= n, keeping the contents. Aborts on allocation failure.
  void reserve(size_t n) {
    if (n > capacity_) grow(n);
  }
  // Sets size() to n (growing geometrically as needed); new bytes are unspecified.
  void resize(size_t n) {
    if (n > capacity_) grow(n > capacity_ * 2 ? n : capacity_ * 2);
    size_ = n;
  }
  void append(const void* p, size_t n) {
    size_t at = size_;
    resize(size_ + n);
    if (n) std::memcpy(data_ + at, p, n);
  }
  // Forgets the contents but keeps the memory, so a reused buffer costs no page faults.
  void clear() { size_ = 0; }

 private:
  void grow(size_t n);
  void release();
  void swap(ByteBuffer& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    std::swap(mapped_, o.mapped_);
  }

  std::byte* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  bool mapped_ = false;
};

}  // namespace skykeep
