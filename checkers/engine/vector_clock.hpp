// Fixed-size vector clocks and the access dependence relation shared by the engine and
// the searches. Happens-before follows Mattern/Fidge vector clocks; dependence is the
// one used by source-DPOR (Abdulla et al., POPL 2014) over locations and sub-locations.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "checkers/engine/engine.hpp"

namespace tagrace::engine {

/// Most simulated threads one Program may run; thread sets are 32-bit masks.
inline constexpr std::uint32_t kMaxThreads = 16;

/// A set of threads as a bit mask (bit t = thread t).
using ThreadMask = std::uint32_t;

/// Happens-before clock: entry t counts the events of thread t that happen before
/// (or are) the event the clock belongs to. Fixed size: no allocation, vectorisable.
struct VectorClock {
  std::array<std::uint32_t, kMaxThreads> c{};

  std::uint32_t& operator[](std::uint32_t t) { return c[t]; }
  std::uint32_t operator[](std::uint32_t t) const { return c[t]; }
  /// Pointwise maximum over the first n entries (the program's threads; the others are 0
  /// in both): the programs checked run a few threads, and a short scalar loop costs less
  /// than a vectorised one over all kMaxThreads entries (-2% instructions per execution).
  void join(const VectorClock& o, std::uint32_t n) {
    for (std::uint32_t i = 0; i < n; ++i)
      if (o.c[i] > c[i]) c[i] = o.c[i];
  }
};

/// Number of threads in a set. Portable bit trick: std::popcount compiles to a libgcc
/// call on baseline x86-64, too slow for the per-step path.
constexpr std::uint32_t thread_count_of(ThreadMask m) {
  m = m - ((m >> 1) & 0x55555555u);
  m = (m & 0x33333333u) + ((m >> 2) & 0x33333333u);
  return (((m + (m >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
}

/// True for kinds that conflict with every other non-fence access on the same location.
constexpr bool is_write_like(AccessKind k) {
  return k == AccessKind::Write || k == AccessKind::ReadModifyWrite ||
         k == AccessKind::LockAcquire || k == AccessKind::LockRelease;
}

/// True when an access of this kind and sub-location conflicts with every non-fence
/// access to its location: every earlier access to the location happens before it, so a
/// backward walk over the location's accesses can stop there.
constexpr bool covers_location(AccessKind k, std::int32_t sub) {
  return sub < 0 && is_write_like(k);
}

/// Dependence of two accesses: same location, at least one write-like, sub-locations
/// not provably disjoint. Fences are independent of everything; Read-Read never conflicts.
constexpr bool dependent(LocKey loc_a, AccessKind kind_a, std::int32_t sub_a, LocKey loc_b,
                         AccessKind kind_b, std::int32_t sub_b) {
  if (kind_a == AccessKind::Fence || kind_b == AccessKind::Fence) return false;
  if (loc_a != loc_b) return false;
  if (sub_a >= 0 && sub_b >= 0 && sub_a != sub_b) return false;
  return is_write_like(kind_a) || is_write_like(kind_b);
}

/// dependent() on two Access records.
constexpr bool dependent(const Access& a, const Access& b) {
  return dependent(a.loc, a.kind, a.sub, b.loc, b.kind, b.sub);
}

}  // namespace tagrace::engine
