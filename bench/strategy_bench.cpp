// Micro-benchmarks of every registered strategy on the real backend (issue 4 section 2):
// the already-tagged fast path, an uncontended first init, and first inits contended by
// two threads (both walk the same fresh pages). Baseline JSON: bench/baseline/.
#include <benchmark/benchmark.h>

#include <barrier>
#include <memory>
#include <vector>

#include "model/backends/real_primitives.hpp"
#include "model/paths/tag_ops.hpp"
#include "model/strategy.hpp"

namespace {

using namespace tagrace::model;

constexpr unsigned kGranules = 64;  // 128 bytes of tags per page
constexpr unsigned kBatch = 256;    // pages per iteration of the init benchmarks

std::unique_ptr<TagSyncStrategy> make(const std::string& name) {
  register_builtin_strategies();
  const StrategyInfo* info = StrategyRegistry::instance().find(name);
  Params p;
  resolve_params(info->params, {}, p);
  return info->make(p);
}

std::vector<page> make_pages(unsigned n) {
  std::vector<page> v(n);
  for (unsigned i = 0; i < n; ++i) {
    v[i].pfn = 0x1000 + i;
    v[i].head = &v[i];
    v[i].tags.assign(kGranules, TAG_STALE);
  }
  return v;
}

void BM_FastPath(benchmark::State& state, const std::string& name) {
  auto s = make(name);
  RealPrimitives p;
  auto pages = make_pages(1);
  StrategyCtx c{p, 1, 0};
  s->sync_page_tags(c, &pages[0], clear_init(p));
  TagInit init = clear_init(p);
  for (auto _ : state) benchmark::DoNotOptimize(s->sync_page_tags(c, &pages[0], init));
  state.SetItemsProcessed(state.iterations());
}

void BM_UncontendedInit(benchmark::State& state, const std::string& name) {
  auto s = make(name);
  RealPrimitives p;
  auto pages = make_pages(kBatch);
  StrategyCtx c{p, 1, 0};
  TagInit init = clear_init(p);
  for (auto _ : state) {
    for (auto& pg : pages) pg.flags = 0;
    for (auto& pg : pages) benchmark::DoNotOptimize(s->sync_page_tags(c, &pg, init));
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}

struct Shared {
  std::unique_ptr<TagSyncStrategy> s;
  RealPrimitives p;
  std::vector<page> pages[2];
  std::barrier<> sync{2};
};
std::unique_ptr<Shared> g_shared;

void BM_ContendedInit(benchmark::State& state, const std::string& name) {
  if (state.thread_index() == 0) {
    g_shared = std::make_unique<Shared>();
    g_shared->s = make(name);
    g_shared->pages[0] = make_pages(kBatch);
    g_shared->pages[1] = make_pages(kBatch);
  }
  static std::barrier<> start(2);
  start.arrive_and_wait();  // g_shared is ready
  Shared& sh = *g_shared;
  StrategyCtx c{sh.p, static_cast<unsigned>(state.thread_index()) + 1, 0};
  TagInit init = clear_init(sh.p);
  std::size_t i = 0;
  for (auto _ : state) {
    sh.sync.arrive_and_wait();
    for (auto& pg : sh.pages[i % 2]) benchmark::DoNotOptimize(sh.s->sync_page_tags(c, &pg, init));
    if (state.thread_index() == 0)
      for (auto& pg : sh.pages[(i + 1) % 2]) pg.flags = 0;
    ++i;
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  start.arrive_and_wait();  // both done before thread 0 frees
  if (state.thread_index() == 0) g_shared.reset();
}

const bool registered = [] {
  register_builtin_strategies();
  for (const auto& info : StrategyRegistry::instance().all()) {
    benchmark::RegisterBenchmark(("fast_path/" + info.name).c_str(), BM_FastPath, info.name);
    benchmark::RegisterBenchmark(("uncontended_init/" + info.name).c_str(), BM_UncontendedInit, info.name);
    benchmark::RegisterBenchmark(("contended_init_2t/" + info.name).c_str(), BM_ContendedInit, info.name)
        ->Threads(2)
        ->UseRealTime();
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
