// The one definition Boost.Context's header-only ucontext back-end leaves to its
// library: fiber_activation_record::current(). The sanitizer build selects that
// back-end (BOOST_USE_UCONTEXT: ASan follows fiber switches only through it) while
// Debian's libboost_context is built for fcontext, so tagrace defines it here: each OS
// thread's own context is a default-constructed (main) record, created on first use.
#if defined(BOOST_USE_UCONTEXT)

#include <boost/context/fiber.hpp>

namespace boost::context::detail {

fiber_activation_record*& fiber_activation_record::current() noexcept {
  thread_local fiber_activation_record thread_main_context;
  thread_local fiber_activation_record* running = &thread_main_context;
  return running;
}

}  // namespace boost::context::detail

#endif
