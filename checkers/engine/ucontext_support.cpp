// Boost.Context's ucontext back-end (selected with BOOST_USE_UCONTEXT by the sanitizer
// build, because ASan only follows fiber switches through it) needs the per-thread
// activation record that boost's src/fiber.cpp defines; Debian ships libboost_context
// built for fcontext only, so this file provides those definitions (same code as boost).
#if defined(BOOST_USE_UCONTEXT)

#include <boost/context/fiber.hpp>
#include <cstddef>

namespace boost::context::detail {

namespace {
thread_local fiber_activation_record* fib_current_rec = nullptr;
thread_local std::size_t fib_counter = 0;
}  // namespace

// Schwarz counter: the main context's record lives as long as the thread uses fibers.
fiber_activation_record_initializer::fiber_activation_record_initializer() noexcept {
  if (0 == fib_counter++) fib_current_rec = new fiber_activation_record();
}

fiber_activation_record_initializer::~fiber_activation_record_initializer() {
  if (0 == --fib_counter) delete fib_current_rec;
}

fiber_activation_record*& fiber_activation_record::current() noexcept {
  thread_local static fiber_activation_record_initializer initializer;
  return fib_current_rec;
}

}  // namespace boost::context::detail

#endif  // BOOST_USE_UCONTEXT
