// Replacements of the global operator new/delete that count heap operations made while
// model code runs (heap_watch.hpp), forwarding to malloc/free. Not built under
// AddressSanitizer, whose own operators find more bugs (snapshots are off there).
#include "checkers/engine/heap_watch.hpp"

#include <cstdlib>
#include <new>

namespace tagrace::engine::detail {

__attribute__((tls_model("initial-exec"))) constinit thread_local std::uint64_t tl_heap_ops = 0;
__attribute__((tls_model("initial-exec"))) constinit thread_local bool tl_heap_count = false;

#if defined(__SANITIZE_ADDRESS__)
#define TAGRACE_NO_HEAP_WATCH 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TAGRACE_NO_HEAP_WATCH 1
#endif
#endif

#ifdef TAGRACE_NO_HEAP_WATCH
bool snapshots_supported() { return false; }
#else
bool snapshots_supported() { return true; }
#endif

}  // namespace tagrace::engine::detail

#ifndef TAGRACE_NO_HEAP_WATCH
namespace {

using tagrace::engine::detail::tl_heap_count;
using tagrace::engine::detail::tl_heap_ops;

inline void note() {
  if (tl_heap_count) [[unlikely]]
    ++tl_heap_ops;
}

void* allocate(std::size_t n) {
  note();
  if (n == 0) n = 1;
  for (;;) {
    if (void* p = std::malloc(n)) return p;
    std::new_handler h = std::get_new_handler();
    if (!h) throw std::bad_alloc();
    h();
  }
}

void* allocate_aligned(std::size_t n, std::align_val_t al) {
  note();
  const auto a = static_cast<std::size_t>(al);
  if (n == 0) n = 1;
  n = (n + a - 1) / a * a;  // aligned_alloc wants a multiple of the alignment
  for (;;) {
    if (void* p = std::aligned_alloc(a, n)) return p;
    std::new_handler h = std::get_new_handler();
    if (!h) throw std::bad_alloc();
    h();
  }
}

/// The nothrow forms: nullptr instead of std::bad_alloc.
template <class Alloc>
void* or_null(Alloc alloc) noexcept {
  try {
    return alloc();
  } catch (...) {
    return nullptr;
  }
}

void release(void* p) noexcept {
  if (!p) return;
  note();
  std::free(p);
}

}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return or_null([n] { return allocate(n); });
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return or_null([n] { return allocate(n); });
}
void* operator new(std::size_t n, std::align_val_t a) { return allocate_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate_aligned(n, a); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return or_null([n, a] { return allocate_aligned(n, a); });
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return or_null([n, a] { return allocate_aligned(n, a); });
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
#endif
