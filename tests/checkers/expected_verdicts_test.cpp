// The expected verdicts of issue 2, section 8, checked end to end through the runner:
// the strategies that upstream rejected must be refuted with the right kind of
// violation, and the ones it merged must be proved within the scenarios' bounds.
#include <gtest/gtest.h>

#include "app/runner.hpp"
#include "model/kernel_config.hpp"
#include "model/strategy.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::app {
namespace {

class ExpectedVerdicts : public ::testing::Test {
 protected:
  void SetUp() override {
    model::register_builtin_strategies();
    scenarios::register_builtin_scenarios();
  }
  static CheckRequest request(const std::string& scenario, const std::string& strategy,
                              model::Params sp = {}, std::vector<std::string> props = {}) {
    CheckRequest r;
    r.scenario = scenario;
    r.strategy = strategy;
    r.kernel = "v6.2";
    auto sc = scenarios::ScenarioRegistry::instance().find(scenario);
    EXPECT_TRUE(sc) << scenario;
    EXPECT_EQ(model::resolve_params(sc->params(), sp, r.scenario_params), "");
    const auto* info = model::StrategyRegistry::instance().find(strategy);
    EXPECT_TRUE(info) << strategy;
    EXPECT_EQ(model::resolve_params(info->params, {}, r.strategy_params), "");
    r.properties = std::move(props);
    return r;
  }
  static bool violated(const reports::CheckRecord& r, const std::string& cat) {
    for (const auto& v : r.violated)
      if (v == cat) return true;
    return false;
  }
};

TEST_F(ExpectedVerdicts, FlagFirstLosesTagsOnSharedMprotectVsFault) {
  auto r = run_check(request("shared-mprotect-vs-fault", "flag-first", {}, {"tag-loss"}));
  EXPECT_EQ(r.verdict, "violation");
  EXPECT_TRUE(violated(r, "tag-loss"));
}

TEST_F(ExpectedVerdicts, FlagFirstExposesStaleTagsOnSharedMprotectVsFault) {
  auto r = run_check(request("shared-mprotect-vs-fault", "flag-first", {}, {"stale-exposure"}));
  EXPECT_EQ(r.verdict, "violation");
  EXPECT_TRUE(violated(r, "stale-exposure"));
}

TEST_F(ExpectedVerdicts, FlagAfterInitLosesTagsOnSharedMprotectVsFault) {
  auto r = run_check(request("shared-mprotect-vs-fault", "flag-after-init"));
  EXPECT_EQ(r.verdict, "violation");
  EXPECT_TRUE(violated(r, "tag-loss"));
}

TEST_F(ExpectedVerdicts, PerMmLockLosesTagsAcrossTwoMms) {
  auto r = run_check(request("shared-mprotect-vs-fault", "per-mm-lock"));
  EXPECT_EQ(r.verdict, "violation");
  EXPECT_TRUE(violated(r, "tag-loss"));
}

class SafeStrategies : public ExpectedVerdicts,
                       public ::testing::WithParamInterface<std::tuple<const char*, const char*>> {};

TEST_P(SafeStrategies, AreVerifiedOnTheFirstThreeScenarios) {
  auto [scenario, strategy] = GetParam();
  auto r = run_check(request(scenario, strategy));
  EXPECT_EQ(r.verdict, "verified") << (r.counterexamples.empty() ? "" : r.counterexamples[0].trace_text);
  EXPECT_GT(r.complete, 0u);
  EXPECT_TRUE(r.counterexamples.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, SafeStrategies,
    ::testing::Combine(::testing::Values("shared-mprotect-vs-fault", "vmm-abort-vs-fault",
                                         "thp-abort-vs-fault"),
                       ::testing::Values("global-lock", "hashed-lock", "pg-mte-lock")));

TEST_F(ExpectedVerdicts, BanSharedRefusesTheSharedGuestConfiguration) {
  auto r = run_check(request("vmm-abort-vs-fault", "ban-shared"));
  EXPECT_TRUE(r.refused);
}

TEST_F(ExpectedVerdicts, DisjointPagesAddNoExecutions) {
  for (const char* mms : {"1", "2", "3", "4"}) {
    auto r = run_check(request("disjoint-faults", "pg-mte-lock", {{"mms", mms}}));
    EXPECT_EQ(r.verdict, "verified");
    EXPECT_EQ(r.executions, 1u) << "mms=" << mms;
  }
}

TEST_F(ExpectedVerdicts, CounterexampleReadsInKernelTermsAndReplaysIdentically) {
  auto r = run_check(request("shared-mprotect-vs-fault", "flag-first", {}, {"tag-loss"}));
  ASSERT_FALSE(r.counterexamples.empty());
  const auto& c = r.counterexamples[0];
  EXPECT_NE(c.trace_text.find("mte_sync_tags"), std::string::npos) << c.trace_text;
  EXPECT_NE(c.trace_text.find("PG_mte_tagged"), std::string::npos) << c.trace_text;
  EXPECT_NE(c.replay_command.find("--schedule " + c.schedule), std::string::npos);
  EXPECT_EQ(c.message.find("nondeterminism"), std::string::npos) << c.message;

  CheckRequest replay = request("shared-mprotect-vs-fault", "flag-first", {}, {"tag-loss"});
  replay.search = "replay";
  replay.options.search = engine::SearchKind::Replay;
  replay.options.schedule = *engine::decode_schedule(c.schedule);
  auto rr = run_check(replay);
  ASSERT_EQ(rr.counterexamples.size(), 1u);
  EXPECT_EQ(rr.counterexamples[0].trace_text, c.trace_text);
  EXPECT_EQ(rr.counterexamples[0].steps, c.steps);
}

TEST_F(ExpectedVerdicts, MinimisedCounterexampleNeedsFewPreemptions) {
  auto r = run_check(request("shared-mprotect-vs-fault", "flag-after-init"));
  ASSERT_FALSE(r.counterexamples.empty());
  EXPECT_GE(r.counterexamples[0].preemption_bound, 0);
  EXPECT_LE(r.counterexamples[0].preemption_bound, 2);
}

TEST_F(ExpectedVerdicts, SampledSearchesNeverClaimAProof) {
  auto req = request("shared-mprotect-vs-fault", "pg-mte-lock");
  req.search = "random";
  req.options.search = engine::SearchKind::Random;
  req.options.samples = 200;
  EXPECT_EQ(run_check(req).verdict, "no-violation-sampled");
  req.search = "pct";
  req.options.search = engine::SearchKind::Pct;
  EXPECT_EQ(run_check(req).verdict, "no-violation-sampled");
}

TEST_F(ExpectedVerdicts, CappedExhaustiveSearchIsIncompleteNotVerified) {
  auto req = request("shared-mprotect-vs-fault", "pg-mte-lock", {{"mms", "3"}});
  req.options.max_executions = 2;
  EXPECT_EQ(run_check(req).verdict, "incomplete");
}

}  // namespace
}  // namespace tagrace::app
