// Runs a scenario without a checker: the real backend, threads one after another in a
// given order, then final_check(); records failed check()s and events.
#pragma once

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "model/backends/real_primitives.hpp"
#include "model/model.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::scenarios::testing {

struct SequentialRun {
  std::vector<std::string> failed_checks;
  std::vector<model::Event> events;
  std::vector<model::page*> pages;  ///< dangling once run_sequentially() returns: compare only
  std::vector<unsigned> page_granules;  ///< nr_granules() of each page, read while alive
  std::vector<const void*> addresses;  ///< pages and tasks' spare pages, for determinism
  std::size_t nr_threads = 0;
  std::string strategy;
  int count(model::EventKind k) const {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [k](const model::Event& e) { return e.kind == k; }));
  }
};

/// Runs `scenario` (defaults + `given`) under version/strategy, threads in `order`
/// (indices; empty: 0..n-1; a reversed run passes {n-1..0} via reverse = true).
inline SequentialRun run_sequentially(const std::string& scenario, const std::string& version,
                                      const std::string& strategy, bool reverse = false,
                                      model::Params given = {}) {
  model::register_builtin_strategies();
  register_builtin_scenarios();
  SequentialRun run;
  run.strategy = strategy;
  auto sc = ScenarioRegistry::instance().find(scenario);
  if (!sc) {
    run.failed_checks.push_back("no scenario " + scenario);
    return run;
  }
  model::Params sp, stp;
  if (std::string err = model::resolve_params(sc->params(), given, sp); !err.empty()) {
    run.failed_checks.push_back(err);
    return run;
  }
  const model::StrategyInfo* info = model::StrategyRegistry::instance().find(strategy);
  model::resolve_params(info->params, {}, stp);
  auto strat = info->make(stp);
  model::RealPrimitives p;
  p.on_check = [&](bool ok, const char* what) {
    if (!ok) run.failed_checks.push_back(what);
  };
  p.on_event = [&](const model::Event& e) { run.events.push_back(e); };
  model::Kernel k(p, *model::KernelConfig::for_version(version), *strat);
  k.reset();
  auto threads = sc->setup(k, sp);
  run.nr_threads = threads.size();
  if (reverse) std::reverse(threads.begin(), threads.end());
  for (auto& t : threads) t.body();
  sc->final_check(k, sp);
  run.pages = k.pages();
  for (auto* pg : run.pages) {
    run.addresses.push_back(pg);
    run.page_granules.push_back(pg->nr_granules());
  }
  return run;
}

}  // namespace tagrace::scenarios::testing
