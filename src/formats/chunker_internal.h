// Chunker: turns arbitrary feed() chunks into calls of a frame parser that consumes only whole
// frames, copying only the bytes of a frame that straddles two chunks. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/byte_reader.h"

namespace skykeep::formats {

class Chunker {
 public:
  // max_frame: the most bytes the parser ever needs to see at once to make progress.
  explicit Chunker(size_t max_frame) : max_frame_(max_frame) {}

  // parse(Bytes data, uint64_t offset_of_data, bool final) -> bytes consumed. With final false
  // the parser may stop before an incomplete frame; it must consume at least one byte whenever
  // it is given max_frame bytes or more.
  template <typename Parse>
  void feed(Bytes in, Parse&& parse) {
    while (!in.empty()) {
      if (pending_.empty()) {
        size_t used = parse(in, offset_, false);
        offset_ += used;
        in = in.subspan(used);
        pending_.assign(in.begin(), in.end());
        return;
      }
      size_t take = std::min(in.size(), max_frame_);
      pending_.insert(pending_.end(), in.begin(), in.begin() + static_cast<ptrdiff_t>(take));
      size_t used = parse(Bytes(pending_), offset_, false);
      offset_ += used;
      size_t left = pending_.size() - used;
      if (left <= take) {  // what is left came from `in`: go on from there without copying
        in = in.subspan(take - left);
        pending_.clear();
      } else {
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(used));
        in = in.subspan(take);
      }
    }
  }

  // Hands the parser what is left with final = true; returns the bytes it left unconsumed.
  template <typename Parse>
  size_t finish(Parse&& parse) {
    size_t used = parse(Bytes(pending_), offset_, true);
    offset_ += used;
    size_t left = pending_.size() - used;
    pending_.clear();
    return left;
  }

  uint64_t offset() const { return offset_; }

 private:
  std::vector<std::byte> pending_;
  uint64_t offset_ = 0;
  size_t max_frame_;
};

}  // namespace skykeep::formats
