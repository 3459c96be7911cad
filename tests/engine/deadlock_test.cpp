// Deadlocks are violations with the waiting threads listed: an ABBA lock cycle found by
// the exhaustive and the bounded search.
#include <gtest/gtest.h>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {
namespace {

struct TwoLocks {
  TestLock a;
  TestLock b;
};

Program abba() {
  return make_program<TwoLocks>({[](TwoLocks& s) {
                                   s.a.lock("lock(A)");
                                   s.b.lock("lock(B)");
                                   s.b.unlock();
                                   s.a.unlock();
                                 },
                                 [](TwoLocks& s) {
                                   s.b.lock("lock(B)");
                                   s.a.lock("lock(A)");
                                   s.a.unlock();
                                   s.b.unlock();
                                 }});
}

void expect_abba_deadlock(const ExploreResult& r) {
  ASSERT_EQ(r.verdict, Verdict::Violation);
  ASSERT_FALSE(r.violations.empty());
  const Violation& v = r.violations.front();
  EXPECT_EQ(v.kind, ViolationKind::Deadlock);
  EXPECT_EQ(v.category, "deadlock");
  ASSERT_EQ(v.waiting.size(), 2u);
  EXPECT_EQ(v.waiting[0], (std::pair<ThreadId, std::string>{0, "lock(B)"}));
  EXPECT_EQ(v.waiting[1], (std::pair<ThreadId, std::string>{1, "lock(A)"}));
  EXPECT_EQ(v.step, v.schedule.size());
}

TEST(Deadlock, AbbaLockCycleIsFoundByTheExhaustiveSearch) {
  const ExploreResult r = run(abba(), SearchKind::Exhaustive);
  expect_abba_deadlock(r);
  EXPECT_EQ(r.stats.executions, 2u);
}

TEST(Deadlock, AbbaLockCycleIsFoundWithOnePreemption) {
  ExploreOptions o;
  o.preemption_bound = 1;
  expect_abba_deadlock(run(abba(), SearchKind::Bounded, o));
}

TEST(Deadlock, AbbaLockCycleNeedsAPreemption) {
  ExploreOptions o;
  o.preemption_bound = 0;
  const ExploreResult r = run(abba(), SearchKind::Dfs, o);
  EXPECT_EQ(r.verdict, Verdict::Verified);
  EXPECT_EQ(r.stats.executions, 2u);
  EXPECT_TRUE(run(abba(), SearchKind::Bounded, o).violations.empty());
}

TEST(Deadlock, ExploringOnAfterTheDeadlockVisitsEachTraceOnce) {
  ExploreOptions o;
  o.stop_on_first_violation = false;
  const ExploreResult r = run(abba(), SearchKind::Exhaustive, o);
  EXPECT_EQ(r.verdict, Verdict::Violation);
  // Three traces: A-section first, B-section first, and the cycle.
  EXPECT_EQ(r.stats.executions, 3u);
  EXPECT_EQ(r.stats.complete, 2u);
  EXPECT_EQ(r.stats.deadlocked, 1u);
  EXPECT_EQ(r.stats.blocked, 0u);
  EXPECT_EQ(r.violations.size(), 1u);
}

TEST(Deadlock, ALockNeverReleasedBlocksTheOtherThread) {
  struct S {
    TestLock l;
  };
  ExploreOptions o;
  o.stop_on_first_violation = false;
  const ExploreResult r = run(
      make_program<S>({[](S& s) { s.l.lock("lock(L) #0"); }, [](S& s) { s.l.lock("lock(L) #1"); }}),
      SearchKind::Exhaustive, o);
  // Either thread may take the lock first; the other waits forever.
  ASSERT_EQ(r.violations.size(), 2u);
  EXPECT_EQ(r.stats.executions, 2u);
  EXPECT_EQ(r.violations[0].waiting.at(0).second, "lock(L) #1");
  EXPECT_EQ(r.violations[1].waiting.at(0).second, "lock(L) #0");
}

}  // namespace
}  // namespace tagrace::engine::testing
