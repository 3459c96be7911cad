// engine_bench: executions per second of the exhaustive search on a 2-thread program
// with ~20 scheduling points per thread and a few racing accesses (DPOR explores a
// handful of executions), repeated; plus the fiber switch cost. Not a test: prints only.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checkers/engine/engine.hpp"

using namespace tagrace::engine;

namespace {

struct State {
  int shared = 0;
  int own[2][32] = {};
};
State g_state;

void store(int& v, int value) {
  schedule_point({.loc = reinterpret_cast<LocKey>(&v), .kind = AccessKind::Write});
  v = value;
}

void body(int t, int steps) {
  for (int i = 0; i < steps; ++i) {
    if (i == steps / 2 || i == steps - 1) {
      store(g_state.shared, t);  // two racing writes per thread: C(4,2) = 6 traces
    } else {
      store(g_state.own[t][i], i);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 20;
  const double seconds = argc > 2 ? std::atof(argv[2]) : 2.0;
  Program p;
  p.reset = [] { g_state = State{}; };
  p.threads = [steps] {
    return std::vector<std::function<void()>>{[steps] { body(0, steps); },
                                              [steps] { body(1, steps); }};
  };
  const bool only_dpor = argc > 3 && std::string(argv[3]) == "dpor";
  for (SearchKind kind : {SearchKind::Exhaustive, SearchKind::Random}) {
    if (only_dpor && kind != SearchKind::Exhaustive) continue;
    ExploreOptions o;
    o.search = kind;
    o.samples = 6;
    std::uint64_t runs = 0, execs = 0, switches = 0;
    const auto t0 = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < seconds) {
      const ExploreResult r = explore(p, o);
      ++runs;
      execs += r.stats.executions;
      switches += r.stats.context_switches;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    std::printf(
        "%s: %d steps/thread, %llu explorations x %.1f executions: %.0f executions/s "
        "(%.1f context switches/execution)\n",
        kind == SearchKind::Exhaustive ? "exhaustive (DPOR)" : "random", steps,
        static_cast<unsigned long long>(runs), static_cast<double>(execs) / runs, execs / elapsed,
        static_cast<double>(switches) / execs);
  }
  if (!only_dpor) {
    // One long exploration: the per-execution cost without per-explore() set-up.
    ExploreOptions o;
    o.search = SearchKind::Random;
    o.samples = 1000000;
    const ExploreResult r = explore(p, o);
    std::printf("random, one exploration of %llu executions: %.0f executions/s\n",
                static_cast<unsigned long long>(r.stats.executions),
                r.stats.executions / r.stats.elapsed_s);
  }
  std::printf("fiber switch cost: %.1f ns\n", measure_switch_cost_ns());
  return 0;
}
