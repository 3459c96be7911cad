// State snapshots (ExploreOptions::snapshots) change nothing but the work: on random
// programs the exhaustive and bounded searches explore the same executions, steps,
// context switches, violations and final states with snapshots as without, while most
// executions start from a saved state. Locals on the fiber stacks come back with
// the stacks; a program that allocates on the heap while its threads run is never
// restored (a saved frame could point at memory freed since).
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <vector>

#include "checkers/engine/heap_watch.hpp"
#include "tests/engine/outcomes.hpp"
#include "tests/engine/random_programs.hpp"

namespace tagrace::engine::testing {
namespace {

using namespace random_programs;

Outcomes outcomes(const std::vector<std::vector<Step>>& threads, SearchKind kind, bool snapshots,
                  std::uint32_t bound = 2) {
  ExploreOptions o;
  o.preemption_bound = bound;
  o.snapshots = snapshots;
  return explore_outcomes(threads, &perform, kind, o);
}

void expect_same_exploration(const ExploreResult& a, const ExploreResult& b, std::uint64_t seed) {
  EXPECT_EQ(a.verdict, b.verdict) << "seed " << seed;
  EXPECT_EQ(a.stats.executions, b.stats.executions) << "seed " << seed;
  EXPECT_EQ(a.stats.complete, b.stats.complete) << "seed " << seed;
  EXPECT_EQ(a.stats.blocked, b.stats.blocked) << "seed " << seed;
  EXPECT_EQ(a.stats.deadlocked, b.stats.deadlocked) << "seed " << seed;
  EXPECT_EQ(a.stats.steps, b.stats.steps) << "seed " << seed;
  EXPECT_EQ(a.stats.local_steps, b.stats.local_steps) << "seed " << seed;
  EXPECT_EQ(a.stats.context_switches, b.stats.context_switches) << "seed " << seed;
  EXPECT_EQ(a.stats.max_depth, b.stats.max_depth) << "seed " << seed;
  EXPECT_EQ(a.stats.restarts, b.stats.restarts) << "seed " << seed;
  ASSERT_EQ(a.violations.size(), b.violations.size()) << "seed " << seed;
  for (std::size_t i = 0; i < a.violations.size(); ++i) {
    EXPECT_EQ(a.violations[i].schedule, b.violations[i].schedule) << "seed " << seed;
    EXPECT_EQ(a.violations[i].waiting, b.violations[i].waiting) << "seed " << seed;
  }
}

TEST(Snapshots, RandomProgramsExploreExactlyAsWithout) {
  if (!detail::snapshots_supported()) GTEST_SKIP() << "no snapshots in this build (ASan)";
  std::uint64_t executions = 0, restored = 0, saved = 0;
  for (SearchKind kind : {SearchKind::Exhaustive, SearchKind::Bounded}) {
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
      const auto program = random_program(seed);
      const Outcomes with = outcomes(program, kind, true);
      const Outcomes without = outcomes(program, kind, false);
      ASSERT_EQ(with.finals, without.finals) << "seed " << seed;
      ASSERT_EQ(with.deadlocks, without.deadlocks) << "seed " << seed;
      expect_same_exploration(with.result, without.result, seed);
      EXPECT_EQ(without.result.stats.restored_executions, 0u);
      // The first execution runs from reset(); after a local-merging restart it is
      // discarded, and the restarted exploration starts from the initial state's snapshot.
      EXPECT_LE(with.result.stats.restored_executions, with.result.stats.executions);
      if (with.result.stats.restarts == 0) {
        EXPECT_LT(with.result.stats.restored_executions, with.result.stats.executions);
      }
      executions += with.result.stats.executions;
      restored += with.result.stats.restored_executions;
      saved += with.result.stats.snapshots;
    }
  }
  // Pinned (regression oracle). Every execution but the first of each of the 600
  // explorations (the first after a restart included) starts from a snapshot, except
  // those whose branch point is a choose() made before the first scheduling point (the
  // first snapshot comes after it).
  EXPECT_EQ(executions, 32055u);
  EXPECT_EQ(restored, 31265u);
  EXPECT_GE(saved, 600u);
}

/// Locals live on the fiber stacks, which the engine saves: a running sum and a loop
/// counter must come back exactly as they were at the branch point.
struct Sums {
  int x = 0;
  int out[3] = {};
};

Outcomes sum_outcomes(bool snapshots, bool allocate) {
  std::vector<std::function<void(Sums&)>> bodies;
  for (int t = 0; t < 3; ++t) {
    bodies.push_back([t, allocate](Sums& w) {
      int sum = 0;
      for (int i = 0; i < 3; ++i) {
        sum = sum * 10 + load(w.x);
        if (allocate) {
          int* box = new int(sum);  // a heap operation by a thread
          asm volatile("" : : "r"(box) : "memory");  // not elided
          sum = *box;
          delete box;
        }
      }
      store(w.x, t + 1);
      w.out[t] = sum;
    });
  }
  auto finals = std::make_shared<std::set<std::vector<int>>>();
  const Program p = make_program<Sums>(bodies, [finals](Sums& w) {
    finals->insert({w.x, w.out[0], w.out[1], w.out[2]});
  });
  ExploreOptions o;
  o.snapshots = snapshots;
  o.merge_local = false;
  Outcomes out;
  out.result = run(p, SearchKind::Exhaustive, o);
  out.finals = *finals;
  return out;
}

/// The sums program with and without snapshots: the same final states and exploration.
/// Returns the run with snapshots.
Outcomes sums_agree(bool allocate) {
  Outcomes with = sum_outcomes(true, allocate);
  const Outcomes without = sum_outcomes(false, allocate);
  EXPECT_EQ(with.finals, without.finals);
  expect_same_exploration(with.result, without.result, 0);
  return with;
}

TEST(Snapshots, LocalsOnTheFiberStacksComeBack) {
  if (!detail::snapshots_supported()) GTEST_SKIP() << "no snapshots in this build (ASan)";
  const Outcomes with = sums_agree(false);
  EXPECT_GT(with.result.stats.executions, 100u);
  EXPECT_EQ(with.result.stats.restored_executions + 1, with.result.stats.executions);
}

TEST(Snapshots, ThreadsThatUseTheHeapAreNeverRestored) {
  if (!detail::snapshots_supported()) GTEST_SKIP() << "no snapshots in this build (ASan)";
  EXPECT_EQ(sums_agree(true).result.stats.restored_executions, 0u);
}

}  // namespace
}  // namespace tagrace::engine::testing
