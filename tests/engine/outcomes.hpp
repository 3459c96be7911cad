// Test helper for the random-program cross-checks: explores a program given as per-thread
// step lists over a World with an `x` array (the shared locations) and a `log` array (what
// each thread read), and collects the final states of complete executions and the
// blocked-thread sets of deadlocks, so that two searches can be compared by what they reach.
#pragma once

#include <gtest/gtest.h>

#include <iterator>
#include <memory>
#include <set>
#include <vector>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {

struct Outcomes {
  std::set<std::vector<int>> finals;
  std::set<std::vector<int>> deadlocks;
  ExploreResult result;
};

/// Explores `threads` (each step run by perform(world, thread, step)) with `kind` and `o`
/// (stop_on_first_violation is turned off: every outcome is collected).
template <typename World, typename Step>
Outcomes explore_outcomes(const std::vector<std::vector<Step>>& threads,
                          void (*perform)(World&, int, const Step&), SearchKind kind,
                          ExploreOptions o) {
  auto finals = std::make_shared<std::set<std::vector<int>>>();
  std::vector<std::function<void(World&)>> bodies;
  for (std::size_t t = 0; t < threads.size(); ++t) {
    bodies.push_back([t, perform, steps = threads[t]](World& w) {
      for (const Step& s : steps) perform(w, static_cast<int>(t), s);
    });
  }
  const Program p = make_program<World>(bodies, [finals](World& w) {
    std::vector<int> v(std::begin(w.x), std::end(w.x));
    for (auto& row : w.log) v.insert(v.end(), std::begin(row), std::end(row));
    finals->insert(v);
  });
  o.stop_on_first_violation = false;
  Outcomes out;
  out.result = run(p, kind, o);
  out.finals = *finals;
  for (const Violation& v : out.result.violations) {
    EXPECT_EQ(v.kind, ViolationKind::Deadlock);
    std::vector<int> sig;
    for (const auto& [tid, what] : v.waiting) sig.push_back(static_cast<int>(tid));
    out.deadlocks.insert(sig);
  }
  return out;
}

}  // namespace tagrace::engine::testing
