// Test helper shared by the runner end-to-end tests: a CheckRequest for a built-in
// scenario and strategy with parameters resolved (defaults filled in), every category
// reported and no minimisation, plus a sorted copy for comparing violated properties.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/runner.hpp"
#include "model/strategy.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::app::testing {

inline CheckRequest check_request(const std::string& scenario, const std::string& strategy,
                                  const model::Params& scenario_params = {}) {
  model::register_builtin_strategies();
  scenarios::register_builtin_scenarios();
  CheckRequest r;
  r.scenario = scenario;
  r.strategy = strategy;
  auto sc = scenarios::ScenarioRegistry::instance().find(scenario);
  EXPECT_TRUE(sc) << scenario;
  if (sc) {
    EXPECT_EQ(model::resolve_params(sc->params(), scenario_params, r.scenario_params), "");
  }
  const auto* info = model::StrategyRegistry::instance().find(strategy);
  EXPECT_TRUE(info) << strategy;
  if (info) {
    EXPECT_EQ(model::resolve_params(info->params, {}, r.strategy_params), "");
  }
  r.all_categories = true;
  r.minimise = false;
  return r;
}

inline std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace tagrace::app::testing
