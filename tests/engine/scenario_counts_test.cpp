// Pins the exhaustive search's execution and step counts on the built-in scenarios, so
// that a speed-up of the engine, the backend or the scenario bridge that changes what is
// explored shows up here (GenMC's test suite pins counts the same way).
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "app/scenario_program.hpp"
#include "model/kernel_config.hpp"
#include "model/strategy.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace {
namespace {

struct Pin {
  const char* scenario;
  const char* strategy;
  model::Params params;
  std::uint64_t executions;
  std::uint64_t steps;
};

engine::ExploreResult explore_scenario(const Pin& pin) {
  model::register_builtin_strategies();
  scenarios::register_builtin_scenarios();
  auto sc = scenarios::ScenarioRegistry::instance().find(pin.scenario);
  EXPECT_TRUE(sc) << pin.scenario;
  model::Params sp, tp;
  EXPECT_EQ(model::resolve_params(sc->params(), pin.params, sp), "");
  const auto* info = model::StrategyRegistry::instance().find(pin.strategy);
  EXPECT_TRUE(info) << pin.strategy;
  EXPECT_EQ(model::resolve_params(info->params, {}, tp), "");
  app::ScenarioProgram prog(sc, sp, info->make(tp), *model::KernelConfig::for_version("v6.2"),
                            checkers::builtin_property_names());
  engine::ExploreResult first = prog.explore({});
  // A second exploration on the same program must not depend on state cached by the first.
  engine::ExploreResult again = prog.explore({});
  EXPECT_EQ(again.stats.executions, first.stats.executions);
  EXPECT_EQ(again.stats.steps, first.stats.steps);
  return first;
}

class ScenarioCounts : public ::testing::TestWithParam<Pin> {};

TEST_P(ScenarioCounts, ExhaustiveSearchExploresThePinnedNumberOfExecutions) {
  const Pin& pin = GetParam();
  const engine::ExploreResult r = explore_scenario(pin);
  EXPECT_EQ(r.verdict, engine::Verdict::Verified);
  EXPECT_EQ(r.stats.executions, pin.executions);
  EXPECT_EQ(r.stats.steps, pin.steps);
}

INSTANTIATE_TEST_SUITE_P(
    Builtins, ScenarioCounts,
    ::testing::Values(
        Pin{"shared-mprotect-vs-fault", "pg-mte-lock", {}, 65, 2879},
        Pin{"shared-mprotect-vs-fault", "global-lock", {}, 64, 3008},
        Pin{"shared-mprotect-vs-fault", "hashed-lock", {}, 64, 3008},
        Pin{"shared-mprotect-vs-fault", "pg-mte-lock", {{"mms", "3"}}, 1658, 107266},
        Pin{"shared-mprotect-vs-fault", "pg-mte-lock", {{"pages", "2"}}, 1233, 100441},
        Pin{"shared-mprotect-vs-fault", "pg-mte-lock", {{"granules", "2"}}, 193, 10320},
        Pin{"vmm-abort-vs-fault", "pg-mte-lock", {}, 33, 1863},
        Pin{"thp-abort-vs-fault", "pg-mte-lock", {}, 33, 2444},
        Pin{"cow-vs-mprotect", "pg-mte-lock", {}, 5, 203},
        Pin{"swap-in-shared", "pg-mte-lock", {}, 64, 3872},
        Pin{"vcpus-same-page", "pg-mte-lock", {}, 241, 12206},
        Pin{"copy-tags-vs-fault", "pg-mte-lock", {}, 19, 676},
        Pin{"disjoint-faults", "pg-mte-lock", {{"mms", "4"}}, 1, 84}),
    [](const ::testing::TestParamInfo<Pin>& info) {
      std::string name = std::string(info.param.scenario) + "_" + info.param.strategy + "_" +
                         std::to_string(info.index);
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

}  // namespace
}  // namespace tagrace
