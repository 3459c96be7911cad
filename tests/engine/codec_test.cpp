// Schedule encoding round trips and rejects malformed text; the switch cost is measured;
// the observer hooks fire as documented; current_thread() names the running thread, also
// around an exploration nested in a thread.
#include <gtest/gtest.h>

#include <memory>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {
namespace {

TEST(ScheduleCodec, EncodesRunsCompactly) {
  EXPECT_EQ(encode_schedule({0, 0, 0, 0, 0, 1, 1, 1, 0, 0}), "0*5.1*3.0*2");
  EXPECT_EQ(encode_schedule({}), "");
}

TEST(ScheduleCodec, DecodeInvertsEncode) {
  const std::vector<ThreadId> s = {3, 3, 0, 1, 1, 1, 2, 15, 15, 0};
  EXPECT_EQ(decode_schedule(encode_schedule(s)), s);
  EXPECT_EQ(decode_schedule("0*5.1*3.0*2"), (std::vector<ThreadId>{0, 0, 0, 0, 0, 1, 1, 1, 0, 0}));
  EXPECT_EQ(decode_schedule("2.1*2"), (std::vector<ThreadId>{2, 1, 1}));
}

TEST(ScheduleCodec, MalformedInputGivesNullopt) {
  for (const char* bad : {"x", "0*", "*3", "0*0", "0..1", "0*3.", ".0", "0*-1", "-1", "0*3x",
                          "0 *3", "99999999999", "0*99999999999999", "1*3*4"}) {
    EXPECT_FALSE(decode_schedule(bad).has_value()) << bad;
  }
}

TEST(SwitchCost, IsMeasuredAsPositive) { EXPECT_GT(measure_switch_cost_ns(1000), 0.0); }

class CountingObserver : public Observer {
 public:
  int begins = 0, ends = 0, steps = 0;
  void on_execution_begin() override { ++begins; }
  void on_step(ThreadId, const Access&, std::uint64_t) override { ++steps; }
  void on_execution_end() override { ++ends; }
};

TEST(ObserverHooks, FireOncePerExecutionAndOncePerStep) {
  struct S {
    int x = 0;
  };
  auto body = [](S& s) { store(s.x, 1); };
  CountingObserver obs;
  const ExploreResult r = explore(make_program<S>({body, body}), ExploreOptions{}, &obs);
  EXPECT_EQ(r.stats.executions, 2u);
  EXPECT_EQ(obs.begins, 2);
  EXPECT_EQ(obs.ends, 2);
  EXPECT_EQ(obs.steps, 4);
  EXPECT_EQ(static_cast<std::uint64_t>(obs.steps), r.stats.steps);
}

TEST(OutsideExploration, ApiIsInertOrThrows) {
  EXPECT_FALSE(in_simulation());
  EXPECT_EQ(current_thread(), kNoThread);
  schedule_point({});
  EXPECT_EQ(choose(3), 0u);
  EXPECT_THROW(fail("x", "y"), std::logic_error);
}

TEST(CurrentThread, NamesTheRunningThreadAndNoneOutsideAnExecution) {
  // Each thread reads current_thread() before and after a scheduling point (another
  // thread may run in between); thread 1 also runs an exploration of its own, whose
  // threads see their own ids, and must see its id again once that one returns.
  struct Inner {
    ThreadId seen[2] = {kNoThread, kNoThread};
  };
  struct S {
    int x = 0;
    ThreadId before[2] = {kNoThread, kNoThread}, after[2] = {kNoThread, kNoThread};
    ThreadId inner[2] = {kNoThread, kNoThread};
    ThreadId after_nested = kNoThread;
  };
  auto body = [](ThreadId me) {
    return [me](S& s) {
      s.before[me] = current_thread();
      store(s.x, static_cast<int>(me) + 1);
      s.after[me] = current_thread();
      if (me != 1) return;
      auto inner = std::make_shared<Inner>();
      std::vector<std::function<void(Inner&)>> bodies;
      for (ThreadId t = 0; t < 2; ++t) bodies.push_back([t](Inner& i) { i.seen[t] = current_thread(); });
      Program p = make_program<Inner>(bodies, [inner](Inner& i) { *inner = i; });
      EXPECT_EQ(explore(p, ExploreOptions{}).verdict, Verdict::Verified);
      s.inner[0] = inner->seen[0];
      s.inner[1] = inner->seen[1];
      s.after_nested = current_thread();
    };
  };
  S last;
  const ExploreResult r =
      explore(make_program<S>({body(0), body(1)}, [&last](S& s) { last = s; }), ExploreOptions{});
  EXPECT_EQ(r.verdict, Verdict::Verified);
  for (ThreadId t = 0; t < 2; ++t) {
    EXPECT_EQ(last.before[t], t);
    EXPECT_EQ(last.after[t], t);
    EXPECT_EQ(last.inner[t], t);
  }
  EXPECT_EQ(last.after_nested, 1u);
  EXPECT_EQ(current_thread(), kNoThread);
}

TEST(Limits, MoreThanSixteenThreadsIsAClearError) {
  struct S {};
  std::vector<std::function<void(S&)>> bodies(17, [](S&) {});
  EXPECT_THROW(explore(make_program<S>(bodies), ExploreOptions{}), std::length_error);
}

}  // namespace
}  // namespace tagrace::engine::testing
