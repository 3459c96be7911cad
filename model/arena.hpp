// Arena: the storage of the simulated kernel's objects and of their vectors' elements,
// so that a state snapshot of the kernel (the checker saves one before a decision and
// restores it for later executions through it) is one copy of the bytes in use instead
// of a walk over every object. Memory is bump-allocated in chunks that never move and is
// given back only with the arena: pools reuse their objects and vectors keep their
// capacity across executions, so the arena stops growing after the first execution.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

#include "model/state_buffer.hpp"

namespace tagrace::model {

class Arena {
 public:
  explicit Arena(std::size_t chunk_bytes = 8 << 10) : chunk_bytes_(chunk_bytes) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  void* allocate(std::size_t n, std::size_t align) {
    if (cur_ < chunks_.size()) {
      Chunk& c = chunks_[cur_];
      const std::size_t at = (c.used + align - 1) & ~(align - 1);
      if (at + n <= c.size) {
        c.used = at + n;
        return c.mem.get() + at;
      }
    }
    return allocate_slow(n, align);
  }
  /// Bytes handed out so far (alignment padding included).
  std::size_t bytes_used() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < chunks_.size() && i <= cur_; ++i) n += chunks_[i].used;
    return n;
  }

  /// Every byte in use, and where allocation stands. Restoring is valid only into the
  /// same chunks: the checker restores only when the threads made no heap operation
  /// since the save, and a new chunk is one.
  void save_state(StateBuffer& out) const {
    out.put(cur_);
    for (std::size_t i = 0; i <= cur_ && i < chunks_.size(); ++i) {
      out.put(chunks_[i].used);
      out.put_bytes(chunks_[i].mem.get(), chunks_[i].used);
    }
  }
  void restore_state(StateBuffer& in) {
    in.get(cur_);
    for (std::size_t i = 0; i < chunks_.size(); ++i) {
      if (i > cur_) {
        chunks_[i].used = 0;
        continue;
      }
      in.get(chunks_[i].used);
      in.get_bytes(chunks_[i].mem.get(), chunks_[i].used);
    }
  }

 private:
  struct Chunk {
    std::unique_ptr<std::byte[]> mem;
    std::size_t size = 0;
    std::size_t used = 0;
  };
  [[gnu::noinline]] void* allocate_slow(std::size_t n, std::size_t align) {
    if (!chunks_.empty()) ++cur_;
    if (cur_ == chunks_.size() || chunks_[cur_].size < n + align) {
      Chunk c;
      c.size = std::max(chunk_bytes_, n + align);
      c.mem = std::make_unique_for_overwrite<std::byte[]>(c.size);
      if (cur_ == chunks_.size()) {
        chunks_.push_back(std::move(c));
      } else {
        chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(cur_), std::move(c));
      }
    }
    chunks_[cur_].used = 0;
    return allocate(n, align);
  }

  std::size_t chunk_bytes_;
  std::vector<Chunk> chunks_;
  std::size_t cur_ = 0;  ///< the chunk allocated from; later ones are empty spares
};

/// Allocates from an Arena, or from the heap when it has none (a default-constructed
/// one: objects made outside a Kernel). Copies of a container go to the heap: only the
/// Kernel's own objects live in its arena, so nothing a thread copies makes it grow.
template <class T>
struct ArenaAllocator {
  // Chunks come from operator new[]: aligned for any fundamental type, no more.
  static_assert(alignof(T) <= alignof(std::max_align_t));
  using value_type = T;
  using propagate_on_container_move_assignment = std::true_type;

  Arena* arena = nullptr;

  ArenaAllocator() = default;
  explicit ArenaAllocator(Arena* a) : arena(a) {}
  template <class U>
  ArenaAllocator(const ArenaAllocator<U>& o) : arena(o.arena) {}

  T* allocate(std::size_t n) {
    if (arena) return static_cast<T*>(arena->allocate(n * sizeof(T), alignof(T)));
    return std::allocator<T>{}.allocate(n);
  }
  void deallocate(T* p, std::size_t n) {
    if (!arena) std::allocator<T>{}.deallocate(p, n);
  }
  ArenaAllocator select_on_container_copy_construction() const { return {}; }
  template <class U>
  bool operator==(const ArenaAllocator<U>& o) const {
    return arena == o.arena;
  }
};

/// The vectors of the kernel's objects.
template <class T>
using kvector = std::vector<T, ArenaAllocator<T>>;

}  // namespace tagrace::model
