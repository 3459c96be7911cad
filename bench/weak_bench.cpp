// Issue 5 section 4: the cost of the weak memory mode. Per built-in scenario (v6.2,
// its own strategy pg-mte-lock), each iteration runs the exhaustive search under SC and
// under weak and reports both execution counts and times and their ratios (target:
// within 10x). Google Benchmark style: one case per scenario, counters carry the figures.
#include <benchmark/benchmark.h>

#include <chrono>

#include "app/scenario_program.hpp"
#include "checkers/properties/property.hpp"
#include "model/kernel_config.hpp"
#include "model/strategy.hpp"
#include "scenarios/scenario.hpp"

namespace {

using namespace tagrace;

std::unique_ptr<app::ScenarioProgram> make(const std::string& scenario, checkers::MemoryModel mm) {
  model::register_builtin_strategies();
  scenarios::register_builtin_scenarios();
  auto sc = scenarios::ScenarioRegistry::instance().find(scenario);
  model::Params sp, tp;
  model::resolve_params(sc->params(), {}, sp);
  const auto* info = model::StrategyRegistry::instance().find("pg-mte-lock");
  model::resolve_params(info->params, {}, tp);
  auto p = std::make_unique<app::ScenarioProgram>(sc, sp, info->make(tp),
                                                  *model::KernelConfig::for_version("v6.2"),
                                                  checkers::builtin_property_names());
  p->set_memory_model(mm);
  return p;
}

void BM_WeakVsSc(benchmark::State& state, std::string scenario) {
  auto sc = make(scenario, checkers::MemoryModel::SC);
  auto weak = make(scenario, checkers::MemoryModel::Weak);
  engine::ExploreOptions o;
  double sc_s = 0, weak_s = 0;
  std::uint64_t sc_ex = 0, weak_ex = 0, n = 0;
  std::string weak_verdict;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto a = sc->explore(o);
    auto t1 = std::chrono::steady_clock::now();
    auto b = weak->explore(o);
    auto t2 = std::chrono::steady_clock::now();
    sc_s += std::chrono::duration<double>(t1 - t0).count();
    weak_s += std::chrono::duration<double>(t2 - t1).count();
    sc_ex = a.stats.executions;
    weak_ex = b.stats.executions;
    ++n;
    benchmark::DoNotOptimize(b.verdict);
  }
  state.counters["sc_executions"] = static_cast<double>(sc_ex);
  state.counters["weak_executions"] = static_cast<double>(weak_ex);
  state.counters["exec_ratio"] = sc_ex ? static_cast<double>(weak_ex) / sc_ex : 0;
  state.counters["sc_ms"] = 1e3 * sc_s / n;
  state.counters["weak_ms"] = 1e3 * weak_s / n;
  state.counters["time_ratio"] = sc_s > 0 ? weak_s / sc_s : 0;
}

#define WEAK_CASE(id, name) BENCHMARK_CAPTURE(BM_WeakVsSc, id, name)->Unit(benchmark::kMillisecond)
WEAK_CASE(shared_mprotect_vs_fault, "shared-mprotect-vs-fault");
WEAK_CASE(disjoint_faults, "disjoint-faults");
WEAK_CASE(swap_in_shared, "swap-in-shared");
WEAK_CASE(cow_vs_mprotect, "cow-vs-mprotect");
WEAK_CASE(vcpus_same_page, "vcpus-same-page");
WEAK_CASE(thp_abort_vs_fault, "thp-abort-vs-fault");
WEAK_CASE(vmm_abort_vs_fault, "vmm-abort-vs-fault");
WEAK_CASE(copy_tags_vs_fault, "copy-tags-vs-fault");
WEAK_CASE(mmap_over_slot_vs_fault, "mmap-over-slot-vs-fault");

}  // namespace

BENCHMARK_MAIN();
