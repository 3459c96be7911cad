// Hidden location classes (ExploreOptions::location_class), the engine side of the
// per-page decomposition: hidden accesses add no executions, the visible class keeps
// every order, and a race that only a wait on a hidden object could reverse is counted
// (hidden_blocked_races), which is what voids a decomposed proof.
#include <gtest/gtest.h>

#include <set>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {
namespace {

struct TwoPages {
  int x0 = 0, x1 = 0;  // class 0 and class 1
  int r0 = -1, r1 = -1;
  TestLock l1;  // a lock of class 1
};

TwoPages g;  // fixed addresses, so the class function can name them
std::set<int> seen_r0;

std::int32_t class_of(LocKey k) {
  if (k == key(&g.x0)) return 0;
  if (k == key(&g.x1) || k == key(&g.l1)) return 1;
  return -1;
}

Program two_pages(std::vector<std::function<void()>> bodies) {
  auto shared = std::make_shared<std::vector<std::function<void()>>>(std::move(bodies));
  Program p;
  p.reset = [] { g = TwoPages{}; };
  p.threads = [shared] { return *shared; };
  p.final_check = [] { seen_r0.insert(g.r0); };
  return p;
}

ExploreOptions visible(std::int32_t c) {
  ExploreOptions o;
  o.location_class = class_of;
  o.visible_class = c;
  return o;
}

TEST(Decomposition, HiddenAccessesAddNoExecutionsAndTheVisibleOrdersStay) {
  // T0: x0=1; x1=1   T1: r0=x0; r1=x1  -- two independent one-race "pages": 2 x 2 traces.
  const Program p = two_pages({[] {
                                 store(g.x0, 1);
                                 store(g.x1, 1);
                               },
                               [] {
                                 g.r0 = load(g.x0);
                                 g.r1 = load(g.x1);
                               }});
  EXPECT_EQ(run(p, SearchKind::Exhaustive).stats.executions, 4u);
  seen_r0.clear();
  const ExploreResult r = run(p, SearchKind::Exhaustive, visible(0));
  EXPECT_EQ(r.verdict, Verdict::Verified);
  EXPECT_EQ(r.stats.executions, 2u);
  EXPECT_EQ(r.stats.hidden_blocked_races, 0u);
  EXPECT_EQ(seen_r0, (std::set<int>{0, 1}));  // both orders of the visible race
}

TEST(Decomposition, ARaceOrderedOnlyByAHiddenLockIsCounted) {
  // x0 (class 0) is protected by l1 (class 1): hiding l1 hides the order of x0's accesses,
  // so the search cannot reverse the race on x0 and must say so.
  const Program p = two_pages({[] {
                                 g.l1.lock();
                                 store(g.x0, 1);
                                 g.l1.unlock();
                               },
                               [] {
                                 g.l1.lock();
                                 g.r0 = load(g.x0);
                                 g.l1.unlock();
                               }});
  seen_r0.clear();
  const ExploreResult full = run(p, SearchKind::Exhaustive);
  EXPECT_EQ(seen_r0, (std::set<int>{0, 1}));
  EXPECT_EQ(full.stats.hidden_blocked_races, 0u);
  const ExploreResult r = run(p, SearchKind::Exhaustive, visible(0));
  EXPECT_GT(r.stats.hidden_blocked_races, 0u);
}

TEST(Decomposition, WithoutAVisibleClassNothingIsHidden) {
  const Program p = two_pages({[] { store(g.x1, 1); }, [] { g.r1 = load(g.x1); }});
  ExploreOptions o;
  o.location_class = class_of;  // visible_class stays -1
  EXPECT_EQ(run(p, SearchKind::Exhaustive, o).stats.executions, 2u);
  EXPECT_EQ(run(p, SearchKind::Exhaustive, visible(0)).stats.executions, 1u);
}

}  // namespace
}  // namespace tagrace::engine::testing
