// Fiber stack pool: stacks are mapped once and reused by every execution, so creating
// a fiber per simulated thread costs no system call in the hot path.
#include "checkers/engine/stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <new>

namespace tagrace::engine::detail {

namespace {
std::size_t page_size() {
  static const std::size_t p = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return p;
}
}  // namespace

std::size_t default_stack_size() {
#if defined(__SANITIZE_ADDRESS__)
  return 256 * 1024;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return 256 * 1024;
#else
  return 128 * 1024;
#endif
#else
  return 128 * 1024;
#endif
}

StackPool::StackPool(std::size_t stack_size)
    : size_((stack_size + page_size() - 1) / page_size() * page_size()) {}

StackPool::~StackPool() {
  for (void* base : all_) ::munmap(base, size_ + page_size());
}

boost::context::stack_context StackPool::allocate() {
  void* base;
  if (!free_.empty()) {
    base = free_.back();
    free_.pop_back();
  } else {
    base = ::mmap(nullptr, size_ + page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                  -1, 0);
    if (base == MAP_FAILED) throw std::bad_alloc();
    // Guard page at the low end: a stack overflow faults instead of corrupting memory.
    ::mprotect(base, page_size(), PROT_NONE);
    all_.push_back(base);
    free_.reserve(all_.size());
  }
  boost::context::stack_context sctx;
  sctx.size = size_;
  sctx.sp = static_cast<char*>(base) + page_size() + size_;
  return sctx;
}

void StackPool::deallocate(boost::context::stack_context& sctx) noexcept {
  void* base = static_cast<char*>(sctx.sp) - size_ - page_size();
  free_.push_back(base);  // capacity reserved in allocate(): no throw
}

}  // namespace tagrace::engine::detail
