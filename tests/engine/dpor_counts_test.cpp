// Pins the number of executions source-DPOR explores on programs whose number of
// Mazurkiewicz traces is known (GenMC-style regression oracle): a weakened or broken
// reduction shows up as a changed count.
#include <gtest/gtest.h>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {
namespace {

struct Cells {
  int x = 0;
  int y = 0;
  int own[8] = {};
  int counter = 0;
  TestLock lock;
};

ExploreResult exhaustive(const Program& p) {
  ExploreResult r = run(p, SearchKind::Exhaustive);
  EXPECT_EQ(r.verdict, Verdict::Verified);
  EXPECT_TRUE(r.violations.empty());
  return r;
}

Program writers_of_one_location(int n) {
  std::vector<std::function<void(Cells&)>> bodies;
  for (int i = 0; i < n; ++i) bodies.push_back([i](Cells& c) { store(c.x, i + 1); });
  return make_program<Cells>(bodies);
}

TEST(DporCounts, NWritersOfOneLocationGiveNFactorialExecutions) {
  EXPECT_EQ(exhaustive(writers_of_one_location(2)).stats.executions, 2u);
  EXPECT_EQ(exhaustive(writers_of_one_location(3)).stats.executions, 6u);
  EXPECT_EQ(exhaustive(writers_of_one_location(4)).stats.executions, 24u);
}

TEST(DporCounts, WritersOfTheirOwnLocationsGiveOneExecution) {
  std::vector<std::function<void(Cells&)>> bodies;
  for (int i = 0; i < 4; ++i)
    bodies.push_back([i](Cells& c) {
      for (int k = 0; k < 5; ++k) store(c.own[i], k);
    });
  const ExploreResult r = exhaustive(make_program<Cells>(bodies));
  EXPECT_EQ(r.stats.executions, 1u);
  EXPECT_EQ(r.stats.steps, 20u);
}

TEST(DporCounts, OneWriterAndTwoReadersGiveFourExecutions) {
  const ExploreResult r = exhaustive(
      make_program<Cells>({[](Cells& c) { store(c.x, 1); }, [](Cells& c) { (void)load(c.x); },
                           [](Cells& c) { (void)load(c.x); }}));
  EXPECT_EQ(r.stats.executions, 4u);
}

TEST(DporCounts, TwoThreadsWritingTwiceGiveSixExecutions) {
  auto body = [](Cells& c) {
    store(c.x, 1);
    store(c.x, 2);
  };
  EXPECT_EQ(exhaustive(make_program<Cells>({body, body})).stats.executions, 6u);
}

Program locked_increments(int n) {
  std::vector<std::function<void(Cells&)>> bodies(n, [](Cells& c) {
    c.lock.lock();
    store(c.counter, load(c.counter) + 1);
    c.lock.unlock();
  });
  return make_program<Cells>(bodies, [n](Cells& c) {
    if (c.counter != n) fail("lost-update", "counter is " + std::to_string(c.counter));
  });
}

TEST(DporCounts, LockProtectedIncrementsGiveNFactorialExecutions) {
  EXPECT_EQ(exhaustive(locked_increments(2)).stats.executions, 2u);
  EXPECT_EQ(exhaustive(locked_increments(3)).stats.executions, 6u);
  EXPECT_EQ(exhaustive(locked_increments(4)).stats.executions, 24u);
}

TEST(DporCounts, StoreBufferingShapeGivesThreeExecutions) {
  // x=1; r=y  ||  y=1; r=x : the fourth order is cyclic, so three traces.
  const ExploreResult r = exhaustive(make_program<Cells>({[](Cells& c) {
                                                            store(c.x, 1);
                                                            (void)load(c.y);
                                                          },
                                                          [](Cells& c) {
                                                            store(c.y, 1);
                                                            (void)load(c.x);
                                                          }}));
  EXPECT_EQ(r.stats.executions, 3u);
}

TEST(DporCounts, ReadersOfASharedLocationWritingTheirOwnGiveOneExecution) {
  auto body = [](int i) { return [i](Cells& c) { store(c.own[i], load(c.x)); }; };
  EXPECT_EQ(exhaustive(make_program<Cells>({body(0), body(1)})).stats.executions, 1u);
}

TEST(DporCounts, AChooseOfThreeGivesThreeExecutions) {
  const ExploreResult r =
      exhaustive(make_program<Cells>({[](Cells& c) { store(c.x, static_cast<int>(choose(3))); },
                                      [](Cells& c) { store(c.own[1], 1); }}));
  EXPECT_EQ(r.stats.executions, 3u);
}

TEST(DporCounts, AChoiceTimesARaceMultiplies) {
  const ExploreResult r =
      exhaustive(make_program<Cells>({[](Cells& c) { store(c.x, static_cast<int>(choose(2))); },
                                      [](Cells& c) { store(c.x, 7); }}));
  EXPECT_EQ(r.stats.executions, 4u);
}

TEST(DporCounts, DisjointBitsOfOneWordAreIndependent) {
  auto bit_op = [](int b) {
    return [b](Cells& c) {
      schedule_point({.loc = key(&c.x), .kind = AccessKind::ReadModifyWrite, .sub = b});
      c.x |= 1 << b;
    };
  };
  EXPECT_EQ(exhaustive(make_program<Cells>({bit_op(0), bit_op(1), bit_op(2)})).stats.executions,
            1u);
}

TEST(DporCounts, FencesAreIndependentOfEverything) {
  auto body = [](Cells& c) {
    for (int k = 0; k < 3; ++k) schedule_point({.loc = key(&c.x), .kind = AccessKind::Fence});
  };
  EXPECT_EQ(exhaustive(make_program<Cells>({body, body, body})).stats.executions, 1u);
}

TEST(DporCounts, WastedExecutionsStayBelowTenPercent) {
  for (int n = 2; n <= 4; ++n) {
    const ExploreResult r = exhaustive(locked_increments(n));
    EXPECT_LT(10 * r.stats.blocked, r.stats.executions) << n;
  }
}

TEST(DporCounts, TheLastThreadsStepsTakeNoDecision) {
  // T0 writes x once; T1 writes x, then reads it twice: 4 Mazurkiewicz traces. Once T0
  // is done, T1's remaining steps are forced: no DPOR node, the same executions.
  std::vector<std::function<void(Cells&)>> bodies = {
      [](Cells& c) { store(c.x, 1); },
      [](Cells& c) {
        store(c.x, 2);
        (void)load(c.x);
        (void)load(c.x);
      }};
  const Program p = make_program<Cells>(bodies);
  for (bool snapshots : {true, false}) {
    ExploreOptions o;
    o.snapshots = snapshots;
    const ExploreResult r = run(p, SearchKind::Exhaustive, o);
    EXPECT_EQ(r.verdict, Verdict::Verified);
    EXPECT_EQ(r.stats.executions, 4u);
    // T0's write first: T1's 3 steps are forced; after T1's write: its 2 reads; after
    // one read: the other; last: T0's write, once T1 is done.
    EXPECT_EQ(r.stats.forced_steps, 3u + 2u + 1u + 1u) << "snapshots " << snapshots;
  }
  // A search that must see every step takes none (bounded POR, DFS, sampling).
  EXPECT_EQ(run(p, SearchKind::Bounded).stats.forced_steps, 0u);
  EXPECT_EQ(run(p, SearchKind::Dfs).stats.forced_steps, 0u);
}

}  // namespace
}  // namespace tagrace::engine::testing
