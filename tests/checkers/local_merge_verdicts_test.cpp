// Local-access merging on the real model: for every built-in scenario and strategy at
// default parameters, under both memory models, the exhaustive search with merging
// reaches the same verdict, the same violated properties and the same number of complete
// executions as the search that makes every access a scheduling point, and merges a
// share of the steps.
#include <gtest/gtest.h>

#include "tests/checkers/check_request.hpp"

namespace tagrace::app {
namespace {

CheckRequest request(const std::string& scenario, const std::string& strategy,
                     const std::string& memory_model, bool merge) {
  CheckRequest r = testing::check_request(scenario, strategy);
  r.memory_model = memory_model;
  r.options.merge_local = merge;
  r.options.stop_on_first_violation = false;
  return r;
}

using testing::sorted;

class MergedAgrees : public ::testing::TestWithParam<std::string> {};

TEST_P(MergedAgrees, OnEveryStrategy) {
  const std::string& memory_model = GetParam();
  model::register_builtin_strategies();
  scenarios::register_builtin_scenarios();
  std::uint64_t merged_steps = 0, steps = 0;
  for (const auto& scenario : scenarios::ScenarioRegistry::instance().all()) {
    const std::string sc = scenario->name();
    for (const auto& st : model::StrategyRegistry::instance().all()) {
      const auto merged = run_check(request(sc, st.name, memory_model, true));
      const auto plain = run_check(request(sc, st.name, memory_model, false));
      const std::string what = sc + " / " + st.name + " / " + memory_model;
      EXPECT_EQ(merged.verdict, plain.verdict) << what;
      EXPECT_EQ(sorted(merged.violated), sorted(plain.violated)) << what;
      if (plain.verdict == "verified") {
        EXPECT_EQ(merged.complete, plain.complete) << what;
      }
      EXPECT_EQ(plain.local_steps, 0u) << what;
      for (const auto& c : merged.counterexamples)
        EXPECT_EQ(c.message.find("did not reproduce"), std::string::npos) << what << c.message;
      merged_steps += merged.local_steps;
      steps += merged.steps;
    }
  }
  // Most of a fault's steps touch the faulting mm's own locks, VMAs and ptes.
  EXPECT_GT(merged_steps * 4, steps) << merged_steps << " of " << steps;
}

INSTANTIATE_TEST_SUITE_P(MemoryModels, MergedAgrees, ::testing::Values("sc", "weak"));

}  // namespace
}  // namespace tagrace::app
