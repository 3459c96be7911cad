// Heap watch for state snapshots: counts the heap operations (operator new/delete) made
// while model code runs, so that the engine restores a snapshot only when no heap object
// that a saved fiber stack could point at has been allocated or freed since. Engine code
// pauses the count (HeapCounting); the global operator new/delete replacements live in
// heap_watch.cpp (not built under AddressSanitizer, where snapshots are off).
#pragma once

#include <cstdint>

namespace tagrace::engine::detail {

/// Whether this build can take state snapshots (not under AddressSanitizer: copying a
/// fiber's stack would read its redzones, and the restored frames' shadow would be stale).
bool snapshots_supported();

/// Heap operations counted on this OS thread while counting was on.
extern __attribute__((tls_model("initial-exec"))) constinit thread_local std::uint64_t tl_heap_ops;
/// Counting on: model code is running (thread bodies, final_check, unwinding).
extern __attribute__((tls_model("initial-exec"))) constinit thread_local bool tl_heap_count;

/// Counting on (model code called from the engine) or off (engine code reached from
/// model code) for the scope, restored after.
class HeapCounting {
 public:
  explicit HeapCounting(bool on) : saved_(tl_heap_count) { tl_heap_count = on; }
  ~HeapCounting() { tl_heap_count = saved_; }
  HeapCounting(const HeapCounting&) = delete;
  HeapCounting& operator=(const HeapCounting&) = delete;

 private:
  bool saved_;
};

}  // namespace tagrace::engine::detail
