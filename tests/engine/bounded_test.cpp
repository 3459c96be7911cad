// Preemption-bounded search: a bug needing exactly one preemption is found with bound 1
// and not with bound 0, and a bound explores fewer executions than the full space.
#include <gtest/gtest.h>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {
namespace {

struct Window {
  int x = 0;
};

// x is 1 only between thread 0's two stores: the reader must preempt thread 0 there.
Program one_preemption_bug() {
  return make_program<Window>({[](Window& s) {
                                 store(s.x, 1);
                                 store(s.x, 0);
                               },
                               [](Window& s) {
                                 if (load(s.x) == 1) fail("window", "saw the transient 1");
                               }});
}

ExploreResult bounded(const Program& p, std::uint32_t bound,
                      SearchKind kind = SearchKind::Bounded) {
  ExploreOptions o;
  o.preemption_bound = bound;
  return run(p, kind, o);
}

TEST(Bounded, ABugNeedingOnePreemptionIsMissedWithBoundZero) {
  const ExploreResult r = bounded(one_preemption_bug(), 0);
  EXPECT_EQ(r.verdict, Verdict::NoViolationSampled);  // bounded POR never proves
  EXPECT_EQ(r.stats.executions, 2u);
  EXPECT_NE(r.search_description.find("at most 0 preemption"), std::string::npos);
  const ExploreResult dfs = bounded(one_preemption_bug(), 0, SearchKind::Dfs);
  EXPECT_EQ(dfs.verdict, Verdict::Verified);  // the exact bounded search proves the bound
  EXPECT_EQ(dfs.stats.executions, 2u);
}

TEST(Bounded, ABugNeedingOnePreemptionIsFoundWithBoundOne) {
  const ExploreResult r = bounded(one_preemption_bug(), 1);
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.violations[0].category, "window");
}

Program three_threads_writing_twice() {
  auto body = [](Window& s) {
    store(s.x, 1);
    store(s.x, 2);
  };
  return make_program<Window>({body, body, body});
}

TEST(Bounded, BoundOneExploresFewerExecutionsThanExhaustive) {
  const ExploreResult full = run(three_threads_writing_twice(), SearchKind::Exhaustive);
  const ExploreResult b1 = bounded(three_threads_writing_twice(), 1);
  const ExploreResult dfs1 = bounded(three_threads_writing_twice(), 1, SearchKind::Dfs);
  EXPECT_EQ(full.verdict, Verdict::Verified);
  EXPECT_EQ(dfs1.verdict, Verdict::Verified);
  EXPECT_EQ(full.stats.executions, 90u);  // 6! / (2! 2! 2!)
  EXPECT_EQ(dfs1.stats.executions, 24u);  // every schedule with <= 1 preemption
  // Every write conflicts, so no two bounded schedules are equivalent: POR saves nothing.
  EXPECT_EQ(b1.stats.executions, 24u);
  EXPECT_LT(b1.stats.executions, full.stats.executions);
}

TEST(Bounded, ACapMakesTheVerdictIncomplete) {
  ExploreOptions o;
  o.max_executions = 5;
  const ExploreResult r = run(three_threads_writing_twice(), SearchKind::Exhaustive, o);
  EXPECT_EQ(r.verdict, Verdict::Incomplete);
  EXPECT_EQ(r.stats.executions, 5u);
}

}  // namespace
}  // namespace tagrace::engine::testing
