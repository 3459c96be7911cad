// A thin litmus harness over the checker backend: each thread body runs against a
// CheckerPrimitives on plain words, the engine's exhaustive search (reads-from choices
// included) enumerates the executions, and the final condition is evaluated on each.
// Follows the kernel's tools/memory-model/litmus-tests shapes ("exists" clause). Every
// test runs with state snapshots and without, and the two must reach the same final
// states in the same order (a restored weak state must behave like the re-run prefix).
#pragma once

#include <array>
#include <functional>
#include <vector>

#include "checkers/backend/checker_primitives.hpp"

namespace tagrace::weaktest {

/// Shared words and per-thread registers of one litmus execution.
struct World {
  unsigned long x = 0, y = 0, z = 0;
  std::array<std::array<unsigned long, 2>, 4> r{};  ///< r[thread][register]
  bool operator==(const World&) const = default;
};

using Body = std::function<void(model::Primitives&, World&)>;

struct LitmusResult {
  bool observed = false;      ///< some execution satisfied the exists clause
  std::uint64_t executions = 0;
  bool verified = false;      ///< the exhaustive search covered its whole space
  std::uint64_t restored = 0;  ///< executions started from a state snapshot
};

/// Runs the litmus test under `mm`; `exists` is the test's final condition.
LitmusResult run_litmus(const std::vector<Body>& threads,
                        const std::function<bool(const World&)>& exists,
                        checkers::MemoryModel mm = checkers::MemoryModel::Weak);

}  // namespace tagrace::weaktest
