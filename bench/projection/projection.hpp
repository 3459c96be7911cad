// The many-core projection (issue 4 section 3): calibrate costs here, measure each
// strategy's single-thread operation, then simulate the workload's operation lists on
// a synthetic hwloc topology at 1, 2, 4 ... cores. Validation runs the same simulation
// on this machine's own topology for every thread count it has and compares it with
// the stress harness's measurement: medians of repeated, interleaved runs, with their
// noise and a verdict that says when the noise is too large to decide.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bench/projection/des.hpp"
#include "bench/stress/stress_runner.hpp"
#include "reports/perf_record.hpp"

namespace tagrace::projection {

struct ProjectionOptions {
  std::string topology = "package:2 numa:2 core:32 pu:1";
  std::string workload = "vm-startup";
  std::vector<std::string> strategies;  ///< empty: all registered
  stress::InitMode init_mode = stress::InitMode::Tags;
  double init_delay_ns = 500;
  stress::WorkloadParams workload_params;
  double measure_s = 0.1;  ///< per measured stress cell (calibration and validation)
  /// Runs of every validation cell and of its paired scaling reference; the figures are
  /// medians over them and the noise their spread.
  unsigned repetitions = 5;
  bool validate = true;
  std::function<void(const std::string&)> progress;
};

/// Validation tolerance: |predicted - measured| / measured.
inline constexpr double kTolerance = 0.20;

/// Throws std::invalid_argument for an unknown workload/strategy or a bad topology.
reports::ProjectionRecord run_projection(const ProjectionOptions& o, const stress::Topology& machine);

/// How a strategy serialises inits, for the simulation.
SyncKind sync_kind_of(const std::string& strategy);

/// One round's operation lists of `workload` for `threads` workers (as the stress
/// harness runs them), with lock ids for `strategy`.
std::vector<std::vector<SimOp>> workload_ops(const std::string& workload, const std::string& strategy,
                                             unsigned threads, const stress::WorkloadParams& wp);

}  // namespace tagrace::projection
