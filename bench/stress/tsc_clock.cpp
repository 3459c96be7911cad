// ns_per_tick() calibration (see tsc_clock.hpp).
#include "bench/stress/tsc_clock.hpp"

#include <thread>

namespace tagrace::stress {

namespace {
double calibrate() {
  using clk = std::chrono::steady_clock;
  auto t0 = clk::now();
  std::uint64_t c0 = ticks();
  while (clk::now() - t0 < std::chrono::milliseconds(20)) {
  }
  std::uint64_t c1 = ticks();
  double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
  return c1 > c0 ? ns / static_cast<double>(c1 - c0) : 1.0;
}
}  // namespace

double ns_per_tick() {
  static const double v = calibrate();
  return v;
}

void spin_for_ns(double ns) {
  if (ns <= 0) return;
  std::uint64_t end = ticks() + static_cast<std::uint64_t>(ns / ns_per_tick());
  while (ticks() < end) {
  }
}

}  // namespace tagrace::stress
