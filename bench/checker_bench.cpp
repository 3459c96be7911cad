// Google Benchmark target for the checker (issue 2, section 9): executions per second,
// the time of an exhaustive proof, executions against the number of Mazurkiewicz traces,
// fiber switch cost and peak resident memory per built-in scenario. Speed and memory
// targets are measured here, never in timed unit tests.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "app/scenario_program.hpp"
#include "model/kernel_config.hpp"
#include "model/strategy.hpp"
#include "scenarios/scenario.hpp"

namespace {

using namespace tagrace;

std::unique_ptr<app::ScenarioProgram> make(const std::string& scenario, const std::string& strategy,
                                           model::Params given) {
  model::register_builtin_strategies();
  scenarios::register_builtin_scenarios();
  auto sc = scenarios::ScenarioRegistry::instance().find(scenario);
  model::Params sp, tp;
  model::resolve_params(sc->params(), given, sp);
  const auto* info = model::StrategyRegistry::instance().find(strategy);
  model::resolve_params(info->params, {}, tp);
  return std::make_unique<app::ScenarioProgram>(sc, sp, info->make(tp), *model::KernelConfig::for_version("v6.2"),
                                                checkers::builtin_property_names());
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

/// Exhaustive exploration of one scenario under one strategy, repeated; reports
/// executions per second (the issue's >= 1,000,000/s target is for
/// shared-mprotect-vs-fault with 2 mms, 1 page, 1 granule).
void BM_Exhaustive(benchmark::State& state, std::string scenario, std::string strategy,
                   model::Params params) {
  auto prog = make(scenario, strategy, params);
  engine::ExploreOptions o;
  std::uint64_t execs = 0, per_run = 0;
  std::string verdict;
  for (auto _ : state) {
    auto r = prog->explore(o);
    execs += r.stats.executions;
    per_run = r.stats.executions;
    benchmark::DoNotOptimize(r.verdict);
  }
  state.counters["executions_per_run"] = static_cast<double>(per_run);
  state.counters["executions_per_s"] =
      benchmark::Counter(static_cast<double>(execs), benchmark::Counter::kIsRate);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}

BENCHMARK_CAPTURE(BM_Exhaustive, smvf_2mm_1pg_pg_mte_lock, "shared-mprotect-vs-fault",
                  "pg-mte-lock", {{"mms", "2"}, {"pages", "1"}, {"granules", "1"}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Exhaustive, smvf_2mm_1pg_global_lock, "shared-mprotect-vs-fault",
                  "global-lock", {{"mms", "2"}, {"pages", "1"}, {"granules", "1"}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Exhaustive, smvf_3mm_3pg_pg_mte_lock_proof, "shared-mprotect-vs-fault",
                  "pg-mte-lock", {{"mms", "3"}, {"pages", "3"}, {"granules", "1"}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_Exhaustive, disjoint_faults_8mm, "disjoint-faults", "pg-mte-lock",
                  {{"mms", "8"}})
    ->Unit(benchmark::kMicrosecond);

/// Every built-in scenario at default parameters under pg-mte-lock: time and peak RSS
/// (target: under 100 MB each).
void BM_BuiltinScenario(benchmark::State& state, std::string scenario) {
  auto prog = make(scenario, "pg-mte-lock", {});
  engine::ExploreOptions o;
  o.max_executions = 2'000'000;
  std::uint64_t per_run = 0;
  for (auto _ : state) {
    auto r = prog->explore(o);
    per_run = r.stats.executions;
    benchmark::DoNotOptimize(r.verdict);
  }
  state.counters["executions_per_run"] = static_cast<double>(per_run);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}

void register_builtins() {
  model::register_builtin_strategies();
  scenarios::register_builtin_scenarios();
  for (const auto& s : scenarios::ScenarioRegistry::instance().all())
    benchmark::RegisterBenchmark(("BM_BuiltinScenario/" + s->name()).c_str(), BM_BuiltinScenario,
                                 s->name())
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
}

void BM_FiberSwitch(benchmark::State& state) {
  double ns = 0;
  for (auto _ : state) ns = engine::measure_switch_cost_ns(100000);
  state.counters["switch_ns"] = ns;
}
BENCHMARK(BM_FiberSwitch)->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  register_builtins();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
