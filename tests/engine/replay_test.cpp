// Determinism: a violation's recorded schedule, replayed, reproduces the same schedule and
// violation at the same step; a corrupted schedule is Nondeterminism, never a crash.
#include <gtest/gtest.h>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {
namespace {

struct Counter {
  int value = 0;
  int noise = 0;
};

// A lost update that only some interleavings (and one data choice) expose.
Program lost_update() {
  auto body = [](Counter& c) {
    store(c.noise, static_cast<int>(choose(2)));
    const int v = load(c.value);
    store(c.value, v + 1);
  };
  return make_program<Counter>({body, body}, [](Counter& c) {
    if (c.value != 2) fail("lost-update", "value is " + std::to_string(c.value));
  });
}

ExploreResult replay(const Program& p, std::vector<ThreadId> schedule) {
  ExploreOptions o;
  o.schedule = std::move(schedule);
  return run(p, SearchKind::Replay, o);
}

TEST(Replay, AViolationScheduleReproducesTheSameViolationAtTheSameStep) {
  const Program p = lost_update();
  for (SearchKind kind : {SearchKind::Exhaustive, SearchKind::Random, SearchKind::Pct}) {
    const ExploreResult found = run(p, kind);
    ASSERT_EQ(found.verdict, Verdict::Violation);
    const Violation& v = found.violations.front();
    const ExploreResult again = replay(p, v.schedule);
    ASSERT_EQ(again.verdict, Verdict::Violation);
    const Violation& w = again.violations.front();
    EXPECT_EQ(w.kind, v.kind);
    EXPECT_EQ(w.category, v.category);
    EXPECT_EQ(w.message, v.message);
    EXPECT_EQ(w.step, v.step);
    EXPECT_EQ(w.schedule, v.schedule);
    EXPECT_EQ(again.stats.executions, 1u);
  }
}

TEST(Replay, AnEncodedScheduleReplaysTheSameDeadlock) {
  struct S {
    TestLock a, b;
  };
  const Program p = make_program<S>({[](S& s) {
                                       s.a.lock("lock(A)");
                                       s.b.lock("lock(B)");
                                       s.b.unlock();
                                       s.a.unlock();
                                     },
                                     [](S& s) {
                                       s.b.lock("lock(B)");
                                       s.a.lock("lock(A)");
                                       s.a.unlock();
                                       s.b.unlock();
                                     }});
  const ExploreResult found = run(p, SearchKind::Exhaustive);
  ASSERT_EQ(found.verdict, Verdict::Violation);
  const auto decoded = decode_schedule(encode_schedule(found.violations[0].schedule));
  ASSERT_TRUE(decoded.has_value());
  const ExploreResult again = replay(p, *decoded);
  ASSERT_EQ(again.verdict, Verdict::Violation);
  EXPECT_EQ(again.violations[0].kind, ViolationKind::Deadlock);
  EXPECT_EQ(again.violations[0].waiting, found.violations[0].waiting);
  EXPECT_EQ(again.violations[0].step, found.violations[0].step);
}

TEST(Replay, ACleanScheduleReplaysWithoutAVerdictOfVerified) {
  const Program p = lost_update();
  // Thread 0 runs to the end (choice 0), then thread 1 (choice 0): no lost update.
  const ExploreResult r = replay(p, {0, 0, 0, 0, 1, 0, 1, 1});
  EXPECT_EQ(r.verdict, Verdict::NoViolationSampled);
  EXPECT_TRUE(r.violations.empty());
}

void expect_nondeterminism(const ExploreResult& r) {
  ASSERT_EQ(r.verdict, Verdict::Violation);
  ASSERT_EQ(r.violations.size(), 1u);
  EXPECT_EQ(r.violations[0].kind, ViolationKind::Nondeterminism);
  EXPECT_FALSE(r.violations[0].message.empty());
}

TEST(Replay, CorruptedSchedulesReportNondeterminismNotACrash) {
  const Program p = lost_update();
  expect_nondeterminism(replay(p, {0, 0, 0, 0, 1, 0, 1}));           // runs out early
  expect_nondeterminism(replay(p, {0, 0, 0, 0, 1, 0, 1, 1, 1, 0}));  // program ends first
  expect_nondeterminism(replay(p, {0, 0, 0, 0, 0}));                 // thread 0 has finished
  expect_nondeterminism(replay(p, {7}));                             // no such thread
  expect_nondeterminism(replay(p, {0, 5}));                          // choose(2) returning 5
  expect_nondeterminism(replay(p, {}));
}

}  // namespace
}  // namespace tagrace::engine::testing
