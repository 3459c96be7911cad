// Heap watch for state snapshots: counts the heap operations (operator new/delete) made
// while model code runs, so that the engine restores a snapshot only when no heap object
// that a saved fiber stack could point at has been allocated or freed since. Engine code
// pauses the count (HeapPause); the global operator new/delete replacements live in
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

/// Counting off for the scope (engine code reached from model code), restored after.
class HeapPause {
 public:
  HeapPause() : saved_(tl_heap_count) { tl_heap_count = false; }
  ~HeapPause() { tl_heap_count = saved_; }
  HeapPause(const HeapPause&) = delete;
  HeapPause& operator=(const HeapPause&) = delete;

 private:
  bool saved_;
};

/// Counting on for the scope (model code called from the engine), restored after.
class HeapCount {
 public:
  HeapCount() : saved_(tl_heap_count) { tl_heap_count = true; }
  ~HeapCount() { tl_heap_count = saved_; }
  HeapCount(const HeapCount&) = delete;
  HeapCount& operator=(const HeapCount&) = delete;

 private:
  bool saved_;
};

}  // namespace tagrace::engine::detail
