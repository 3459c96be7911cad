// Local-access merging (ExploreOptions::merge_local): accesses to locations only one
// thread has touched are not scheduling points. Checked against the unmerged search and
// full enumeration on random programs whose accesses depend on values read (so that a
// location can turn shared late and force a restart), and on the corner cases: replay of
// a merged run's schedule without merging, a blocked owned lock, a livelock on an owned
// location, and the merged step counts.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "tests/engine/outcomes.hpp"

namespace tagrace::engine::testing {
namespace {

constexpr int kLocs = 4;

struct World {
  int x[kLocs] = {};
  TestLock lock;
  TestLock own[3];  // own[t] is taken by thread t only
  int log[3][8] = {};
  int logged[3] = {};
};

enum class Op { Write, Read, Add, Locked, OwnLocked, Wait, Choose, WriteIfSet };
struct Step {
  Op op;
  int loc;
  int value;  // Write/Locked: value; WriteIfSet: the location written when loc != 0
};

void note(World& w, int t, int v) { w.log[t][w.logged[t]++] = v; }

void perform(World& w, int t, const Step& s) {
  int& x = w.x[s.loc];
  switch (s.op) {
    case Op::Write: store(x, s.value); break;
    case Op::Read: note(w, t, load(x)); break;
    case Op::Add: note(w, t, fetch_add(x, 1)); break;
    case Op::Locked:
      w.lock.lock();
      store(x, load(x) + s.value);
      w.lock.unlock();
      break;
    case Op::OwnLocked:
      w.own[t].lock("lock(own)");
      store(x, load(x) + s.value);
      w.own[t].unlock();
      break;
    case Op::Wait: note(w, t, wait_nonzero(x, "wait(x != 0)")); break;
    case Op::Choose: store(x, static_cast<int>(choose(2)) + 5); break;
    case Op::WriteIfSet:
      // The second access exists only in the interleavings where x was already written.
      if (load(x) != 0) store(w.x[s.value], 7 + t);
      break;
  }
}

Outcomes outcomes(const std::vector<std::vector<Step>>& threads, SearchKind kind, bool merge) {
  ExploreOptions o;
  o.preemption_bound = 1000;
  o.merge_local = merge;
  return explore_outcomes(threads, &perform, kind, o);
}

std::vector<std::vector<Step>> random_program(std::uint64_t seed) {
  XorShift rng(seed, 0xD1B54A32D192ED03ull, 7);
  auto next = [&rng](int n) { return rng.next(n); };
  std::vector<std::vector<Step>> threads(2 + next(2));
  for (auto& steps : threads) {
    const int len = 1 + next(threads.size() == 2 ? 4 : 2);
    for (int i = 0; i < len; ++i) {
      const Op op = static_cast<Op>(next(8));
      steps.push_back({op, next(kLocs), op == Op::WriteIfSet ? next(kLocs) : 1 + next(2)});
    }
  }
  return threads;
}

/// Scheduling points of a step (at most: WriteIfSet may skip its store).
int points(const Step& s) {
  switch (s.op) {
    case Op::Locked:
    case Op::OwnLocked: return 4;
    case Op::WriteIfSet: return 2;
    default: return 1;
  }
}

/// Upper bound on the interleavings of the program: the multinomial of its point counts.
double schedules(const std::vector<std::vector<Step>>& threads) {
  double n = 1;
  int total = 0;
  for (const auto& steps : threads) {
    int k = 0;
    for (const Step& s : steps) k += points(s);
    for (int i = 1; i <= k; ++i) n = n * (total + i) / i;
    total += k;
  }
  return n;
}

TEST(LocalMerge, ReachesWhatTheUnmergedSearchAndFullEnumerationReach) {
  std::uint64_t merged_execs = 0, plain_execs = 0, merged_complete = 0, plain_complete = 0;
  std::uint64_t local_steps = 0, restarts = 0, restarted_late = 0, enumerated = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const auto program = random_program(seed);
    const Outcomes merged = outcomes(program, SearchKind::Exhaustive, true);
    const Outcomes plain = outcomes(program, SearchKind::Exhaustive, false);
    ASSERT_EQ(merged.finals, plain.finals) << "seed " << seed;
    ASSERT_EQ(merged.deadlocks, plain.deadlocks) << "seed " << seed;
    if (schedules(program) <= 50000) {  // full enumeration, where affordable
      const Outcomes full = outcomes(program, SearchKind::Dfs, false);
      ASSERT_EQ(merged.finals, full.finals) << "seed " << seed;
      ASSERT_EQ(merged.deadlocks, full.deadlocks) << "seed " << seed;
      ++enumerated;
    }
    EXPECT_EQ(merged.result.verdict, plain.result.verdict) << "seed " << seed;
    EXPECT_EQ(plain.result.stats.local_steps, 0u);
    EXPECT_EQ(plain.result.stats.restarts, 0u);
    merged_execs += merged.result.stats.executions;
    plain_execs += plain.result.stats.executions;
    merged_complete += merged.result.stats.complete;
    plain_complete += plain.result.stats.complete;
    local_steps += merged.result.stats.local_steps;
    restarts += merged.result.stats.restarts;
    // A restart after more than the first execution: a location turned shared only in
    // an interleaving found later (WriteIfSet).
    if (merged.result.stats.discarded_executions > merged.result.stats.restarts) ++restarted_late;
  }
  std::printf("merged %llu executions (%llu complete), unmerged %llu (%llu complete); %llu local "
              "steps, %llu restarts, %llu programs restarted after their first execution, %llu "
              "enumerated in full\n",
              static_cast<unsigned long long>(merged_execs),
              static_cast<unsigned long long>(merged_complete),
              static_cast<unsigned long long>(plain_execs),
              static_cast<unsigned long long>(plain_complete),
              static_cast<unsigned long long>(local_steps),
              static_cast<unsigned long long>(restarts),
              static_cast<unsigned long long>(restarted_late),
              static_cast<unsigned long long>(enumerated));
  EXPECT_GT(enumerated, 150u);
  // Both paths of the merging were exercised, including late restarts.
  EXPECT_GT(local_steps, 0u);
  EXPECT_GT(restarts, 0u);
  EXPECT_GT(restarted_late, 0u);
  // Merging never costs executions here (same traces, fewer events to race on).
  EXPECT_LE(merged_execs, plain_execs);
}

TEST(LocalMerge, AMergedRunsScheduleReplaysWithoutMerging) {
  // T0 works on its own location, then publishes; T1 fails if it sees the flag before
  // the data. The counterexample's schedule names T0's merged points too.
  struct S {
    int own = 0, data = 0, flag = 0;
  };
  const Program p = make_program<S>(
      {[](S& s) {
         for (int i = 0; i < 3; ++i) store(s.own, load(s.own) + 1);
         store(s.flag, 1);
         store(s.data, 1);
       },
       [](S& s) {
         if (load(s.flag) == 1 && load(s.data) == 0) fail("assertion", "flag before data");
       }});
  ExploreOptions o;
  const ExploreResult found = run(p, SearchKind::Exhaustive, o);
  ASSERT_EQ(found.verdict, Verdict::Violation);
  EXPECT_GT(found.stats.local_steps, 0u);
  ExploreOptions r;
  r.schedule = found.violations[0].schedule;
  const ExploreResult replayed = run(p, SearchKind::Replay, r);
  ASSERT_EQ(replayed.violations.size(), 1u);
  EXPECT_EQ(replayed.violations[0].category, "assertion");
  EXPECT_EQ(replayed.violations[0].step, found.violations[0].step);
  EXPECT_EQ(replayed.violations[0].schedule, found.violations[0].schedule);
}

TEST(LocalMerge, ABlockedOwnedLockIsStillADeadlock) {
  struct S {
    TestLock l;
    int other = 0;
  };
  const Program p = make_program<S>({[](S& s) {
                                       s.l.lock();
                                       s.l.lock("lock(l) again");  // self-deadlock
                                     },
                                     [](S& s) { store(s.other, 1); }});
  const ExploreResult r = run(p, SearchKind::Exhaustive);
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.violations[0].kind, ViolationKind::Deadlock);
  ASSERT_EQ(r.violations[0].waiting.size(), 1u);
  EXPECT_EQ(r.violations[0].waiting[0].second, "lock(l) again");
}

TEST(LocalMerge, ALivelockOnAnOwnedLocationHitsTheStepLimit) {
  struct S {
    int spin = 0;
  };
  const Program p = make_program<S>({[](S& s) {
    while (load(s.spin) == 0) {
    }
  }});
  ExploreOptions o;
  o.max_steps_per_execution = 500;
  const ExploreResult r = run(p, SearchKind::Exhaustive, o);
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.violations[0].kind, ViolationKind::StepLimit);
}

TEST(LocalMerge, OnlyAccessesNoOtherThreadMakesAreMerged) {
  // Each thread: three accesses to its own location, one to a shared one. After the
  // first execution (which learns the sharing and restarts) only the shared accesses
  // are scheduling points.
  struct S {
    int own[2] = {};
    int shared = 0;
  };
  auto body = [](int t) {
    return [t](S& s) {
      for (int i = 0; i < 3; ++i) store(s.own[t], i);
      store(s.shared, t);
    };
  };
  const Program p = make_program<S>({body(0), body(1)});
  const ExploreResult merged = run(p, SearchKind::Exhaustive);
  ExploreOptions off;
  off.merge_local = false;
  const ExploreResult plain = run(p, SearchKind::Exhaustive, off);
  EXPECT_EQ(merged.verdict, Verdict::Verified);
  EXPECT_EQ(merged.stats.executions, 2u);  // the two orders of the shared stores
  EXPECT_EQ(plain.stats.executions, 2u);
  EXPECT_EQ(merged.stats.restarts, 1u);
  EXPECT_EQ(merged.stats.discarded_executions, 1u);
  // Every execution makes 8 accesses; the first point of each thread is never merged
  // (startup), so 2 of each thread's 3 own stores are merged: 4 per execution.
  EXPECT_EQ(merged.stats.steps, 2u * 8u);
  EXPECT_EQ(merged.stats.local_steps, 2u * 4u);
}

}  // namespace
}  // namespace tagrace::engine::testing
