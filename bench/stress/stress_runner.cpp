// run_stress_cell() (see stress_runner.hpp). The timed workers are pinned std::threads,
// not TBB tasks: a round needs all workers running at once, which TBB does not promise
// (a task that waits for a sibling can deadlock); TBB runs the between-round shadow
// verification and data-page preparation instead. Throughput uses the median round.
#include "bench/stress/stress_runner.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <time.h>

#include "bench/stress/latency_histogram.hpp"
#include "bench/stress/shadow_checker.hpp"
#include "bench/stress/tsc_clock.hpp"
#include "model/kernel.hpp"
#include "model/kernel_config.hpp"
#include "model/strategy.hpp"

namespace tagrace::stress {

namespace {

struct alignas(128) WorkerState {  // no false sharing between workers' counters
  WorkerProbe probe;
  std::vector<LatencyHistogram> hist;
  std::uint64_t stale = 0, start = 0, end = 0;
  double cpu_ns = 0;  ///< this round's CPU time of the worker (CLOCK_THREAD_CPUTIME_ID)
};

double thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

reports::StressCellRecord run_stress_cell(const StressOptions& o, const Topology& topo,
                                          std::vector<std::string>* placement) {
  model::register_builtin_strategies();
  const model::StrategyInfo* info = model::StrategyRegistry::instance().find(o.strategy);
  if (!info) throw std::invalid_argument("unknown strategy '" + o.strategy + "'");
  auto workload = make_workload(o.workload);
  if (!workload) throw std::invalid_argument("unknown workload '" + o.workload + "'");
  auto cfg = model::KernelConfig::for_version(o.kernel);
  if (!cfg) throw std::invalid_argument("unknown kernel version '" + o.kernel + "'");
  model::Params params;
  std::string err = model::resolve_params(info->params, o.strategy_params, params);
  if (!err.empty()) throw std::invalid_argument(err);
  auto strategy = info->make(params);

  InstrumentedRealPrimitives prims;
  prims.init_mode = o.init_mode;
  prims.init_delay_ns = o.init_delay_ns;
  model::Kernel k(prims, *cfg, *strategy);
  WorkloadParams wp = o.workload_params;
  wp.threads = o.threads;
  const unsigned T = o.threads;
  const auto kinds = workload->op_kinds();
  std::vector<WorkerState> ws(T);
  for (auto& w : ws) w.hist.resize(kinds.size());
  ShadowChecker shadow;
  std::vector<std::byte> data;
  tbb::task_arena arena(static_cast<int>(std::max(1u, T)));

  std::barrier start(T + 1), done(T + 1);
  std::atomic<std::uint64_t> arrived{0};
  std::atomic<bool> stop{false};
  bool instrumented = true;
  std::uint64_t round = 0;
  std::vector<std::string> places(T);
  std::vector<std::thread> threads;
  for (unsigned w = 0; w < T; ++w)
    threads.emplace_back([&, w] {
      places[w] = topo.pin_current_thread(w, o.per_pu);
      WorkerState& me = ws[w];
      InstrumentedRealPrimitives::bind(&me.probe);
      const double nspt = ns_per_tick();
      for (;;) {
        start.arrive_and_wait();
        if (stop.load()) break;
        std::uint64_t target = (round + 1) * T;  // spin barrier: all workers start together
        arrived.fetch_add(1);
        unsigned spins = 0;
        while (arrived.load(std::memory_order_acquire) < target) model::detail::cpu_relax(spins);
        const bool instr = instrumented;
        const unsigned n = workload->ops(w);
        const double cpu0 = thread_cpu_ns();
        me.start = ticks();
        for (unsigned i = 0; i < n; ++i) {
          // one operation in kSampleEvery is timed (latency, lock wait and hold)
          const bool timed = instr && ((i + w) % kSampleEvery) == 0;
          me.probe.timing = timed;
          std::uint64_t t0 = timed ? ticks() : 0;
          Workload::Op op = workload->run(k, w, i);
          if (timed) me.hist[op.kind].record(static_cast<std::uint64_t>((ticks() - t0) * nspt));
          if (shadow.user_access(prims, op.touched, w)) ++me.stale;
        }
        me.probe.timing = false;
        me.end = ticks();
        me.cpu_ns = thread_cpu_ns() - cpu0;
        done.arrive_and_wait();
      }
    });

  reports::StressCellRecord rec;
  rec.strategy = o.strategy;
  rec.workload = o.workload;
  rec.threads = T;
  std::vector<double> on_round_s, off_round_s;
  std::uint64_t ops_per_round = 0, busy_ticks_on = 0;
  double cpu_ns = 0, wall_ns = 0;  // over the rounds the throughput figure comes from
  const auto t_begin = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t_begin).count(); };
  bool built = false;
  while (round < o.min_rounds || elapsed() < o.duration_s) {
    if (!built || workload->rebuild_each_round()) {
      k.reset();
      k.set_granules(kTagGranules);
      workload->setup(k, wp);
      // data pages for the DC GZVA-style zeroing, touched once so rounds see no page faults
      if (o.init_mode == InitMode::TagsData && data.size() < k.nr_pages() * 4096) {
        data.resize(k.nr_pages() * 4096);
        arena.execute([&] {
          tbb::parallel_for(std::size_t{0}, data.size() / 4096,
                            [&](std::size_t i) { std::fill_n(&data[i * 4096], 4096, std::byte{0xa5}); });
        });
      }
      prims.data = data.empty() ? nullptr : data.data();
      prims.data_pages = data.size() / 4096;
      prims.data_pfn_base = model::PFN_BASE;
      shadow.reset(model::PFN_BASE, k.nr_pages(), kTagGranules);
      built = true;
      if (!ops_per_round)
        for (unsigned w = 0; w < T; ++w) ops_per_round += workload->ops(w);
    }
    instrumented = !o.measure_overhead || round % 2 == 0;
    prims.instrumented = instrumented;
    start.arrive_and_wait();
    done.arrive_and_wait();
    ++round;
    std::uint64_t lo = ws[0].start, hi = ws[0].end, busy = 0;
    for (auto& w : ws) lo = std::min(lo, w.start), hi = std::max(hi, w.end), busy += w.end - w.start;
    if (!instrumented || !o.measure_overhead)
      for (auto& w : ws) cpu_ns += w.cpu_ns, wall_ns += static_cast<double>(w.end - w.start) * ns_per_tick();
    double secs = static_cast<double>(hi - lo) * ns_per_tick() * 1e-9;
    (instrumented ? on_round_s : off_round_s).push_back(secs);
    if (instrumented) busy_ticks_on += busy;
    rec.ops += ops_per_round;
    auto pages = k.pages();
    rec.tag_losses += arena.execute([&] { return shadow.count_losses(pages); });
    if (o.progress) o.progress(std::min(1.0, elapsed() / std::max(o.duration_s, 1e-9)));
  }
  stop = true;
  start.arrive_and_wait();
  for (auto& t : threads) t.join();
  if (placement) *placement = places;

  rec.rounds = round;
  rec.duration_s = elapsed();
  double on = median(on_round_s), off = o.measure_overhead ? median(off_round_s) : on;
  rec.ops_per_s = off > 0 ? ops_per_round / off : 0;
  rec.ops_per_s_instrumented = on > 0 ? ops_per_round / on : 0;
  rec.overhead = off > 0 ? on / off - 1 : 0;
  rec.trusted = rec.overhead < kOverheadLimit;
  rec.cpu_share = wall_ns > 0 ? std::min(1.0, cpu_ns / wall_ns) : 1.0;
  rec.failed_checks = prims.failed_checks();
  std::vector<LatencyHistogram> merged(kinds.size());
  LockCounters tag, kern;
  for (auto& w : ws) {
    for (std::size_t i = 0; i < kinds.size(); ++i) merged[i].merge(w.hist[i]);
    tag.merge(w.probe.tag_lock);
    kern.merge(w.probe.kernel_lock);
    rec.stale_exposures += w.stale;
  }
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (!merged[i].count()) continue;
    reports::LatencyRecord l;
    l.kind = kinds[i];
    l.count = merged[i].count();
    l.mean_ns = merged[i].mean();
    l.p50_ns = merged[i].percentile(0.5);
    l.p99_ns = merged[i].percentile(0.99);
    l.p999_ns = merged[i].percentile(0.999);
    for (auto [ns, f] : merged[i].cdf()) l.cdf.emplace_back(ns, f);
    rec.latency.push_back(std::move(l));
  }
  const double nspt = ns_per_tick(), busy_ns = static_cast<double>(busy_ticks_on) * nspt;
  const std::uint64_t instr_ops = ops_per_round * on_round_s.size();
  for (auto [name, c] : {std::pair{"tag-sync", tag}, std::pair{"kernel", kern}}) {
    reports::LockRecord l;
    l.lock = name;
    l.acquisitions = c.acquisitions;
    l.contended = c.contended;
    l.wait_ns = static_cast<double>(c.wait_ticks) * nspt * c.scale();
    l.hold_ns = static_cast<double>(c.hold_ticks) * nspt * c.scale();
    l.contended_share = c.acquisitions ? static_cast<double>(c.contended) / c.acquisitions : 0;
    l.wait_share = busy_ns > 0 ? l.wait_ns / busy_ns : 0;
    l.mean_hold_ns = c.acquisitions ? l.hold_ns / c.acquisitions : 0;
    rec.locks.push_back(l);
  }
  rec.acquisitions_per_kop = instr_ops ? tag.acquisitions * 1000 / instr_ops : 0;
  return rec;
}

}  // namespace tagrace::stress
