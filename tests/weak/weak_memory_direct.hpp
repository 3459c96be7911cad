// Helpers for the tests that drive WeakMemory directly, outside an exploration (choose()
// is 0 there: the newest candidate store).
#pragma once

#include <cstdint>
#include <string>

#include "checkers/backend/weak_memory.hpp"

namespace tagrace::checkers::testing {

using Order = WeakMemory::Order;
constexpr engine::ThreadId T0 = 0, T1 = 1;

inline std::uintptr_t addr(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

/// A plain tag access: "" or the data-race description the backend would report.
inline std::string tag_access(WeakMemory& w, engine::ThreadId t, const void* granule, bool write,
                              bool kernel, const char* what) {
  const WeakMemory::TagAccess other = w.tag_race(t, granule, write, kernel, what);
  return other.tid == engine::kNoThread ? "" : WeakMemory::describe_race(t, what, other);
}

}  // namespace tagrace::checkers::testing
