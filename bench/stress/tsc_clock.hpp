// A cheap cycle clock for per-operation timing: rdtsc on x86-64, cntvct_el0 on arm64,
// steady_clock elsewhere; ns_per_tick() is calibrated once against steady_clock.
// Cheapness matters: instrumentation must stay under 5% of an operation (issue 4).
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace tagrace::stress {

inline std::uint64_t ticks() {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#elif defined(__aarch64__)
  std::uint64_t v;
  asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
  return v;
#else
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

/// Nanoseconds per tick (calibrated over ~20 ms on first use, thread-safe).
double ns_per_tick();

/// Busy-waits for `ns` nanoseconds (the calibrated-delay tag-init cost).
void spin_for_ns(double ns);

}  // namespace tagrace::stress
