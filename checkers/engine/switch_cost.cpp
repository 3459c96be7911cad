// measure_switch_cost_ns(): ping-pongs two Boost.Context fibers on pooled stacks, the
// same mechanism the engine uses, and reports nanoseconds per one-way switch.
#include <boost/context/fiber.hpp>
#include <chrono>

#include "checkers/engine/engine.hpp"
#include "checkers/engine/stack_pool.hpp"

namespace tagrace::engine {

double measure_switch_cost_ns(std::uint32_t iterations) {
  namespace ctx = boost::context;
  if (iterations == 0) iterations = 1;
  detail::StackPool pool(detail::default_stack_size());
  std::uint32_t counter = 0;
  ctx::fiber f(std::allocator_arg, detail::PooledStackAllocator{&pool},
               [&counter](ctx::fiber&& back) {
                 while (true) {
                   ++counter;
                   back = std::move(back).resume();
                   if (!back) break;
                 }
                 return std::move(back);
               });
  f = std::move(f).resume();  // warm up: first entry
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint32_t i = 0; i < iterations; ++i) f = std::move(f).resume();
  const auto t1 = std::chrono::steady_clock::now();
  const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
  // Each resume() is a round trip: two switches.
  const double per_switch = ns / (2.0 * iterations);
  return per_switch > 0 ? per_switch : 1e-3;
}

}  // namespace tagrace::engine
