// The verification matrix (see matrix.hpp).
#include "app/matrix.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "app/runner.hpp"
#include "model/strategy.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::app {

reports::MatrixRecord run_matrix(const MatrixOptions& o, const reports::RunContext& ctx) {
  reports::MatrixRecord m;
  m.context = ctx;
  m.scenarios = o.scenarios;
  m.strategies = o.strategies;
  if (m.scenarios.empty())
    for (const auto& s : scenarios::ScenarioRegistry::instance().all()) m.scenarios.push_back(s->name());
  if (m.strategies.empty())
    for (const auto& s : model::StrategyRegistry::instance().all()) m.strategies.push_back(s.name);
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& sc : m.scenarios) {
    auto scenario = scenarios::ScenarioRegistry::instance().find(sc);
    for (const auto& st : m.strategies) {
      const auto* info = model::StrategyRegistry::instance().find(st);
      CheckRequest r;
      r.program = o.program;
      r.scenario = sc;
      r.strategy = st;
      r.kernel = o.kernel;
      r.memory_model = o.memory_model;
      model::resolve_params(scenario->params(), {}, r.scenario_params);
      model::resolve_params(info->params, {}, r.strategy_params);
      r.options.max_executions = o.max_executions;
      r.options.time_limit_s = o.time_limit_s;
      r.all_categories = true;
      std::cerr << fmt::format("\rmatrix: {:<28} {:<16}", sc, st) << std::flush;
      m.cells.push_back(run_check(r));
    }
  }
  std::cerr << "\r" << std::string(50, ' ') << "\r";
  m.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return m;
}

}  // namespace tagrace::app
