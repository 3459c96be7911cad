// SplitMix64 (Steele, Lea, Flood, OOPSLA 2014): a tiny, fast, seedable generator for the
// sampling searches, with Lemire's multiply-shift reduction to a range.
#pragma once

#include <bit>
#include <cstdint>

#include "checkers/engine/vector_clock.hpp"

namespace tagrace::search {

/// Deterministic 64-bit generator; same seed, same sequence, on every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform value in [0, n), n > 0 (bias below 2^-32 for the small n used here).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  /// The k-th (0-based) set bit of mask, k drawn uniformly.
  engine::ThreadId pick_bit(engine::ThreadMask mask) {
    std::uint32_t k = below(engine::thread_count_of(mask));
    while (k--) mask &= mask - 1;
    return static_cast<engine::ThreadId>(std::countr_zero(mask));
  }

 private:
  std::uint64_t state_;
};

}  // namespace tagrace::search
