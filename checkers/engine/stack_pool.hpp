// A fixed set of fiber stacks reused across executions, plus the Boost.Context stack
// allocator that draws from it. Follows Boost.Context's pooled_fixedsize_stack idea,
// but keeps the memory mapped (and touched) for the whole exploration, with a guard page.
#pragma once

#include <boost/context/stack_context.hpp>
#include <cstddef>
#include <vector>

namespace tagrace::engine::detail {

/// Owns mmap'd stacks of one size; allocate() hands out a free one (mapping a new one
/// only when all are in use), deallocate() returns it. Not thread-safe: one per explore().
class StackPool {
 public:
  /// Stack size in bytes, excluding the guard page.
  explicit StackPool(std::size_t stack_size);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sctx) noexcept;
  /// Number of stacks mapped so far (the pool never shrinks before destruction).
  std::size_t mapped() const { return all_.size(); }

 private:
  std::size_t size_;
  std::vector<void*> free_;  ///< bases of stacks not in use
  std::vector<void*> all_;   ///< bases of every mapping
};

/// Boost.Context StackAllocator over a StackPool (copyable handle).
struct PooledStackAllocator {
  StackPool* pool;
  boost::context::stack_context allocate() { return pool->allocate(); }
  void deallocate(boost::context::stack_context& sctx) noexcept { pool->deallocate(sctx); }
};

/// Boost.Context StackAllocator handing out one fixed stack of a StackPool (a runner slot
/// keeps its stack, so a slot's fiber always runs on the same memory); deallocate()
/// leaves it to its owner.
struct FixedStackAllocator {
  boost::context::stack_context sctx;
  boost::context::stack_context allocate() { return sctx; }
  void deallocate(boost::context::stack_context&) noexcept {}
};

/// Default stack size: 128 KiB, doubled under AddressSanitizer (redzones).
std::size_t default_stack_size();

}  // namespace tagrace::engine::detail
