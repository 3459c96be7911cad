// State snapshots on the real model: for every built-in scenario and strategy under sc
// and under the weak model, at default parameters and at three mms, the exhaustive and
// bounded searches give the same verdict, counts, steps, violated properties and
// counterexamples (schedules, messages, traces) with snapshots as without, and most
// executions start from one. Where states are saved is pinned on the target scenario.
#include <gtest/gtest.h>

#include <regex>

#include "checkers/engine/heap_watch.hpp"
#include "tests/checkers/check_request.hpp"

namespace tagrace::app {
namespace {

struct Case {
  const char* name;
  engine::SearchKind search;
  bool three_mms;
  const char* memory_model;
};

CheckRequest request(const std::string& scenario, const std::string& strategy, const Case& c,
                     bool snapshots) {
  model::Params given;
  if (c.three_mms && scenario == "shared-mprotect-vs-fault") given["mms"] = "3";
  CheckRequest r = testing::check_request(scenario, strategy, given);
  r.memory_model = c.memory_model;
  r.options.search = c.search;
  r.options.preemption_bound = 2;
  r.options.snapshots = snapshots;
  r.options.stop_on_first_violation = false;
  return r;
}

/// Objects the namer does not know print as raw addresses, which differ between the two
/// programs (each builds its own world).
std::string without_addresses(const std::string& text) {
  static const std::regex addr("0x[0-9a-f]{9,}");
  return std::regex_replace(text, addr, "ADDR");
}

class SnapshotsAgree : public ::testing::TestWithParam<Case> {};

TEST_P(SnapshotsAgree, OnEveryScenarioAndStrategy) {
  if (!engine::detail::snapshots_supported()) GTEST_SKIP() << "no snapshots in this build (ASan)";
  const Case& c = GetParam();
  model::register_builtin_strategies();
  scenarios::register_builtin_scenarios();
  std::uint64_t executions = 0, restored = 0;
  for (const auto& scenario : scenarios::ScenarioRegistry::instance().all()) {
    const std::string sc = scenario->name();
    for (const auto& st : model::StrategyRegistry::instance().all()) {
      const auto with = run_check(request(sc, st.name, c, true));
      const auto without = run_check(request(sc, st.name, c, false));
      const std::string what = sc + " / " + st.name + " / " + c.name;
      EXPECT_EQ(with.verdict, without.verdict) << what;
      EXPECT_EQ(with.violated, without.violated) << what;
      EXPECT_EQ(with.refused, without.refused) << what;
      EXPECT_EQ(with.executions, without.executions) << what;
      EXPECT_EQ(with.complete, without.complete) << what;
      EXPECT_EQ(with.blocked, without.blocked) << what;
      EXPECT_EQ(with.deadlocked, without.deadlocked) << what;
      EXPECT_EQ(with.steps, without.steps) << what;
      EXPECT_EQ(with.local_steps, without.local_steps) << what;
      EXPECT_EQ(with.restarts, without.restarts) << what;
      EXPECT_EQ(without.restored_executions, 0u) << what;
      ASSERT_EQ(with.counterexamples.size(), without.counterexamples.size()) << what;
      for (std::size_t i = 0; i < with.counterexamples.size(); ++i) {
        EXPECT_EQ(with.counterexamples[i].schedule, without.counterexamples[i].schedule) << what;
        EXPECT_EQ(with.counterexamples[i].message, without.counterexamples[i].message) << what;
        EXPECT_EQ(without_addresses(with.counterexamples[i].trace_text),
                  without_addresses(without.counterexamples[i].trace_text))
            << what;
      }
      executions += with.executions;
      restored += with.restored_executions;
    }
  }
  // Only the first execution of each exploration runs from reset() (a restart starts from
  // the initial state's snapshot).
  EXPECT_GT(restored * 10, executions * 8) << restored << " of " << executions;
}

/// Where states are saved (ExecutionRunner::wants_snapshot()): before decision 0, before
/// likely branches the search may take (Search::may_branch()) and, in the replayed
/// prefix, before decisions it will branch at again (Search::branches_again()). Pinned on
/// the target scenario under sc: every execution is restored, from fewer states
/// than executions. At 2 mms, without may_branch() 67 states are saved (1,235 at 3 mms);
/// without branches_again() 25, each restore then re-running 2.28 decisions, not 1.54.
TEST(SnapshotPlacement, PinnedOnSharedMprotectVsFault) {
  if (!engine::detail::snapshots_supported()) GTEST_SKIP() << "no snapshots in this build (ASan)";
  model::register_builtin_strategies();
  scenarios::register_builtin_scenarios();
  const struct {
    const char* mms;
    std::uint64_t executions, snapshots;
  } cases[] = {{"2", 65, 28}, {"3", 1658, 863}};
  for (const auto& c : cases) {
    CheckRequest r =
        testing::check_request("shared-mprotect-vs-fault", "pg-mte-lock", {{"mms", c.mms}});
    r.memory_model = "sc";
    const auto out = run_check(r);
    EXPECT_EQ(out.verdict, "verified") << c.mms;
    EXPECT_EQ(out.executions, c.executions) << c.mms;
    EXPECT_EQ(out.restored_executions, c.executions) << c.mms;
    EXPECT_EQ(out.snapshots, c.snapshots) << c.mms;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Searches, SnapshotsAgree,
    ::testing::Values(Case{"exhaustive", engine::SearchKind::Exhaustive, false, "sc"},
                      Case{"exhaustive-3mms", engine::SearchKind::Exhaustive, true, "sc"},
                      Case{"bounded", engine::SearchKind::Bounded, false, "sc"},
                      Case{"weak-exhaustive", engine::SearchKind::Exhaustive, false, "weak"},
                      Case{"weak-exhaustive-3mms", engine::SearchKind::Exhaustive, true, "weak"},
                      Case{"weak-bounded", engine::SearchKind::Bounded, false, "weak"}),
    [](const ::testing::TestParamInfo<Case>& i) {
      std::string n = i.param.name;
      for (char& ch : n)
        if (ch == '-') ch = '_';
      return n;
    });

}  // namespace
}  // namespace tagrace::app
