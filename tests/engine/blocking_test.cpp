// Blocking accesses: a waiter is descheduled until its ready() condition holds and is
// never explored spin by spin; a waiter nobody wakes is reported as a deadlock.
#include <gtest/gtest.h>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {
namespace {

struct Flags {
  int flag = 0;
  int data = 0;
  int other = 0;
  int seen = -1;
};

TEST(Blocking, AWaiterWokenByAFlagHasOneExecutionAndNoDeadlock) {
  const Program p =
      make_program<Flags>({[](Flags& s) {
                             store(s.data, 42);
                             store(s.flag, 1);
                           },
                           [](Flags& s) {
                             wait_nonzero(s.flag);
                             s.seen = load(s.data);
                           }},
                          [](Flags& s) {
                            if (s.seen != 42)
                              fail("message-passing", "waiter saw " + std::to_string(s.seen));
                          });
  const ExploreResult r = run(p, SearchKind::Exhaustive);
  EXPECT_EQ(r.verdict, Verdict::Verified);
  EXPECT_EQ(r.stats.executions, 1u);
  EXPECT_EQ(r.stats.deadlocked, 0u);
}

TEST(Blocking, AWaiterBetweenASetAndAClearHasThreeExecutionsOneDeadlocked) {
  // flag=1 || wait(flag) || flag=0 : the waiter can pass only between 1 and 0.
  ExploreOptions o;
  o.stop_on_first_violation = false;
  const ExploreResult r = run(make_program<Flags>({[](Flags& s) { store(s.flag, 1); },
                                                   [](Flags& s) { wait_nonzero(s.flag); },
                                                   [](Flags& s) { store(s.flag, 0); }}),
                              SearchKind::Exhaustive, o);
  EXPECT_EQ(r.stats.executions, 3u);
  EXPECT_EQ(r.stats.complete, 2u);
  EXPECT_EQ(r.stats.deadlocked, 1u);
}

TEST(Blocking, AWaiterWithTwoPossibleWakersHasFourExecutions) {
  // flag=1 || wait(flag) || flag=1 : the waiter may pass after either write.
  const ExploreResult r = run(make_program<Flags>({[](Flags& s) { store(s.flag, 1); },
                                                   [](Flags& s) { wait_nonzero(s.flag); },
                                                   [](Flags& s) { store(s.flag, 1); }}),
                              SearchKind::Exhaustive);
  EXPECT_EQ(r.verdict, Verdict::Verified);
  EXPECT_EQ(r.stats.executions, 4u);
}

TEST(Blocking, AWaiterNobodyWakesIsReportedAsADeadlock) {
  const ExploreResult r =
      run(make_program<Flags>({[](Flags& s) { store(s.other, 1); },
                               [](Flags& s) { wait_nonzero(s.flag, "wait(PG_flag)"); }}),
          SearchKind::Exhaustive);
  ASSERT_EQ(r.verdict, Verdict::Violation);
  const Violation& v = r.violations.at(0);
  EXPECT_EQ(v.kind, ViolationKind::Deadlock);
  ASSERT_EQ(v.waiting.size(), 1u);
  EXPECT_EQ(v.waiting[0].first, 1u);
  EXPECT_EQ(v.waiting[0].second, "wait(PG_flag)");
}

TEST(Blocking, ARunawayExecutionHitsTheStepLimit) {
  ExploreOptions o;
  o.max_steps_per_execution = 50;
  const ExploreResult r = run(make_program<Flags>({[](Flags& s) {
                                while (load(s.flag) == 0) {
                                }
                              }}),
                              SearchKind::Exhaustive, o);
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.violations.at(0).kind, ViolationKind::StepLimit);
  EXPECT_EQ(r.violations.at(0).step, 50u);
}

}  // namespace
}  // namespace tagrace::engine::testing
