// The fibers' life cycle: sleep-set-blocked (pruned) executions are drained, not
// unwound (their threads run to their ends without decisions or events), and fibers are
// parked between executions, not re-created. These tests pin what that must not change:
// no object on a fiber's stack is leaked or destroyed twice, nothing a drained remainder
// does is reported, and a fiber whose body threw or failed serves the next execution.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <vector>

#include "checkers/engine/engine.hpp"
#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {
namespace {

/// Objects alive on the simulated threads' stacks (constructed minus destroyed).
int g_alive = 0;
int g_constructed = 0;
struct Guard {
  Guard() {
    ++g_alive;
    ++g_constructed;
  }
  ~Guard() { --g_alive; }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;
};

struct World {
  int x = 0, y = 0;
  TestLock a, b;
};

/// T0: w(x) r(x) w(x); T1: w(y) w(x) w(x); T2: r(x). Source-DPOR with sleep sets
/// explores 51 executions, one of them sleep-set blocked.
std::vector<std::function<void(World&)>> blocked_program(bool fail_at_end) {
  auto body = [fail_at_end](std::function<void(World&)> steps) {
    return [fail_at_end, steps](World& w) {
      Guard g;  // alive across every scheduling point of the thread
      steps(w);
      if (fail_at_end) fail("assertion", "reached the end of a thread");
    };
  };
  return {body([](World& w) {
            store(w.x, 1);
            load(w.x);
            store(w.x, 2);
          }),
          body([](World& w) {
            store(w.y, 1);
            store(w.x, 3);
            store(w.x, 4);
          }),
          body([](World& w) { load(w.x); })};
}

ExploreOptions unmerged() {
  ExploreOptions o;
  o.merge_local = false;  // every access a decision, as the counts below assume
  o.stop_on_first_violation = false;
  // The counts of objects alive on the fiber stacks are global, outside the state the
  // programs save: every execution must run from the start.
  o.snapshots = false;
  return o;
}

TEST(Drain, PrunedExecutionsLeakNothingOnTheFiberStacks) {
  g_alive = g_constructed = 0;
  int finals = 0;
  const Program p = make_program<World>(blocked_program(false), [&finals](World&) { ++finals; });
  const ExploreResult r = run(p, SearchKind::Exhaustive, unmerged());
  EXPECT_EQ(r.verdict, Verdict::Verified);
  EXPECT_EQ(r.stats.executions, 51u);
  ASSERT_EQ(r.stats.blocked, 1u);  // the execution this test is about
  EXPECT_EQ(r.stats.complete, 50u);
  EXPECT_EQ(finals, 50);  // a drained run is not complete: no final check
  EXPECT_EQ(g_alive, 0);
  EXPECT_EQ(g_constructed, 3 * 51);  // every thread of every execution started once
}

/// A random program over x and y (3 threads of 2-4 reads, writes or writes under locks
/// a and b taken in either order, so some deadlock); a thread fails at its end when the
/// last value it read is 1, and throws (a model bug) when it is 2.
std::vector<std::function<void(World&)>> failing_program(std::uint64_t seed) {
  XorShift rng(seed, 0x9E3779B97F4A7C15ull, 1);
  auto next = [&rng](int n) { return rng.next(n); };
  std::vector<std::function<void(World&)>> bodies;
  for (int t = 0; t < 3; ++t) {
    std::vector<std::pair<int, int>> ops;  // (0 read, 1 write, 2 locked write; location)
    for (int i = 2 + next(3); i > 0; --i) ops.emplace_back(next(3), next(2));
    bodies.push_back([ops, t](World& w) {
      Guard g;
      int last = 0;
      for (auto [op, l] : ops) {
        int& v = l ? w.y : w.x;
        if (op == 0) {
          last = load(v);
        } else if (op == 1) {
          store(v, t + 1);
        } else {
          TestLock& first = l ? w.a : w.b;
          TestLock& second = l ? w.b : w.a;
          first.lock();
          second.lock();
          store(v, t + 1);
          second.unlock();
          first.unlock();
        }
      }
      if (last == 1) fail("assertion", "read 1");
      if (last == 2) throw std::runtime_error("read 2");  // a model bug: reported too
    });
  }
  return bodies;
}

TEST(Drain, NothingTheDrainedRemainderDoesIsReported) {
  // A drained remainder may fail (it completes some trace the search also explores), but
  // it is no explored execution: each violation belongs to an execution that ended in
  // it (a deadlock or a failure), and replays to it.
  g_alive = 0;
  std::uint64_t blocked = 0, violations = 0, deadlocks = 0;
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    const Program p = make_program<World>(failing_program(seed));
    const ExploreResult r = run(p, SearchKind::Exhaustive, unmerged());
    const ExploreStats& st = r.stats;
    ASSERT_EQ(r.violations.size(), st.executions - st.complete - st.blocked)
        << "seed " << seed;
    ASSERT_EQ(g_alive, 0) << "seed " << seed;
    blocked += st.blocked;
    violations += r.violations.size();
    deadlocks += st.deadlocked;
    for (const Violation& v : r.violations) {
      ExploreOptions o;
      o.search = SearchKind::Replay;
      o.schedule = v.schedule;
      const ExploreResult again = explore(p, o);
      ASSERT_EQ(again.violations.size(), 1u) << "seed " << seed;
      EXPECT_EQ(again.violations[0].kind, v.kind) << "seed " << seed;
      EXPECT_EQ(again.violations[0].message, v.message) << "seed " << seed;
      EXPECT_EQ(again.violations[0].step, v.step) << "seed " << seed;
    }
  }
  EXPECT_GT(blocked, 0u);  // the programs do prune executions
  EXPECT_GT(violations, 0u);
  EXPECT_GT(deadlocks, 0u);
}

TEST(Drain, FibersParkedAfterAnExceptionServeTheNextExecutions) {
  // Fibers are reused across executions: one whose body threw (a model bug, reported as
  // a violation) or was abandoned by fail() serves the next execution's thread again.
  g_alive = g_constructed = 0;
  auto bodies = blocked_program(false);
  bodies.push_back([](World& w) {
    Guard g;
    if (load(w.x) == 3) throw std::runtime_error("model bug");
    if (load(w.y) == 1) fail("assertion", "saw y");
  });
  const Program p = make_program<World>(bodies);
  const ExploreResult r = run(p, SearchKind::Exhaustive, unmerged());
  std::size_t thrown = 0, failed = 0;
  for (const Violation& v : r.violations) {
    thrown += v.category == "exception";
    failed += v.category == "assertion";
  }
  EXPECT_GT(thrown, 0u);
  EXPECT_GT(failed, 0u);
  EXPECT_EQ(r.violations.size(), r.stats.executions - r.stats.complete - r.stats.blocked);
  EXPECT_EQ(g_alive, 0);
  EXPECT_EQ(g_constructed, static_cast<int>(4 * r.stats.executions));
}

TEST(Drain, MergedSearchDrainsToo) {
  // With local-access merging on (the default) the same program keeps its verdict and
  // leaks nothing.
  g_alive = 0;
  const Program p = make_program<World>(blocked_program(false));
  ExploreOptions o = unmerged();
  o.merge_local = true;
  const ExploreResult r = run(p, SearchKind::Exhaustive, o);
  EXPECT_EQ(r.verdict, Verdict::Verified);
  EXPECT_EQ(g_alive, 0);
}

}  // namespace
}  // namespace tagrace::engine::testing
