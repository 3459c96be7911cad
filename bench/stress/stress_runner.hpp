// The stress runner: one (strategy, workload, threads) cell on real threads, pinned
// one per core by hwloc, in rounds. Rounds alternate instrumented and bare, so the
// instrumentation overhead is measured under the same conditions as the figures.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bench/stress/instrumented_primitives.hpp"
#include "bench/stress/topology.hpp"
#include "bench/stress/workload.hpp"
#include "model/params.hpp"
#include "reports/perf_record.hpp"

namespace tagrace::stress {

struct StressOptions {
  std::string workload = "vm-startup";
  std::string strategy = "pg-mte-lock";
  model::Params strategy_params;  ///< resolved against the strategy's specs
  unsigned threads = 1;
  double duration_s = 1.0;
  InitMode init_mode = InitMode::Tags;
  double init_delay_ns = 500;
  WorkloadParams workload_params;  ///< .threads is overwritten with `threads`
  std::string kernel = "v6.2";
  bool per_pu = false;
  bool measure_overhead = true;  ///< alternate bare rounds; false: every round instrumented
  unsigned min_rounds = 4;
  /// Called after each round with the fraction of the cell done.
  std::function<void(double)> progress;
};

/// Tag granule groups per page: 64 x 2-byte tag_t = 128 bytes of real tag storage.
inline constexpr unsigned kTagGranules = 64;
/// One operation in this many is timed in instrumented rounds (latency, lock wait/hold).
inline constexpr unsigned kSampleEvery = 32;
/// Instrumentation overhead above which figures are marked untrusted.
inline constexpr double kOverheadLimit = 0.05;

/// Runs one cell. Throws std::invalid_argument for unknown names.
reports::StressCellRecord run_stress_cell(const StressOptions& o, const Topology& topo,
                                          std::vector<std::string>* placement = nullptr);

}  // namespace tagrace::stress
