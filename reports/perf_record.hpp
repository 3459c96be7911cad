// Result records of the performance side (issue 4): stress cells, the many-core
// projection and its validation, and the bundle one report page is drawn from.
// Plain data like record.hpp: runners fill them, reporters (JSON, Markdown, HTML) read them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reports/record.hpp"

namespace tagrace::reports {

/// 2: projection validation points carry their repeated runs, noise and verdict.
inline constexpr int kPerfSchemaVersion = 2;

/// Where the numbers come from: the machine as hwloc and /proc/cpuinfo describe it.
struct MachineInfo {
  std::string cpu_model;
  std::string topology;  ///< "1 package, 2 cores, 2 PUs"
  unsigned cores = 0, pus = 0;
  std::string load;  ///< /proc/loadavg when the run started
};

struct LatencyRecord {
  std::string kind;  ///< operation kind: "stage2-fault", "fault", "cow", ...
  std::uint64_t count = 0;
  double mean_ns = 0, p50_ns = 0, p99_ns = 0, p999_ns = 0;
  std::vector<std::pair<double, double>> cdf;  ///< (ns, cumulative fraction)
};

struct LockRecord {
  std::string lock;  ///< "tag-sync" (the strategy's lock) or "kernel" (PTL, i_pages)
  std::uint64_t acquisitions = 0, contended = 0;
  double wait_ns = 0, hold_ns = 0;  ///< totals over instrumented rounds
  double contended_share = 0;       ///< contended / acquisitions
  double wait_share = 0;            ///< wait time / worker busy time
  double mean_hold_ns = 0;
};

struct StressCellRecord {
  std::string strategy, workload;
  unsigned threads = 0;
  double duration_s = 0;
  std::uint64_t rounds = 0, ops = 0;
  double ops_per_s = 0;               ///< uninstrumented rounds: the throughput figure
  double ops_per_s_instrumented = 0;  ///< instrumented rounds
  double overhead = 0;                ///< instrumentation cost as a fraction of op time
  bool trusted = true;                ///< overhead < 5%
  double cpu_share = 1;  ///< workers' CPU time / their wall time: < 1 when other load shares the cores
  std::vector<LatencyRecord> latency;
  std::vector<LockRecord> locks;
  std::uint64_t tag_losses = 0, stale_exposures = 0, failed_checks = 0;
  std::uint64_t acquisitions_per_kop = 0;  ///< tag-sync lock acquisitions per 1000 ops
};

struct StressRecord {
  RunContext context;
  MachineInfo machine;
  std::string init_mode;  ///< tags | tags+data | delay
  std::string kernel;
  std::vector<std::string> placement;  ///< "worker 0 -> core L#0 (PU P#0)"
  std::vector<StressCellRecord> cells;
};

struct CalibrationRecord {
  double lock_unlock_ns = 0;    ///< uncontended spin_lock + spin_unlock
  double cacheline_ns = 0;      ///< one-way cache-line transfer (ping-pong / 2)
  double init_ns = 0;           ///< one tag init at the configured init mode
  double cross_numa_factor = 0, cross_package_factor = 0;  ///< assumed, not measured
  bool cacheline_measured = false;
};

struct ProjectionPoint {
  unsigned threads = 0;
  double ops_per_s = 0, p99_ns = 0, lock_wait_share = 0;
};

struct ValidationPoint {
  unsigned threads = 0;
  /// measured: median of the runs; predicted: from the median inputs; error: relative.
  double predicted_ops_per_s = 0, measured_ops_per_s = 0, error = 0;
  double efficiency = 1;  ///< median per-run machine scaling at `threads`, fed to the DES
  std::vector<double> measured_runs;    ///< ops/s of each repetition, in run order
  std::vector<double> efficiency_runs;  ///< each repetition's paired scaling reference
  std::vector<double> error_runs;       ///< each repetition's own prediction vs its measurement
  double measured_spread = 0;  ///< IQR / median of measured_runs
  double noise = 0;            ///< IQR of error_runs: the error's run-to-run spread
  std::string verdict = "within";  ///< within | unresolved | OUTSIDE (see validation_stats.hpp)
};

struct ProjectionSeries {
  std::string strategy, workload;
  std::vector<ProjectionPoint> points;
  std::vector<ValidationPoint> validation;
};

struct ProjectionRecord {
  RunContext context;
  MachineInfo machine;
  std::string topology;  ///< the hwloc synthetic string
  unsigned target_cores = 0, target_pus = 0;
  std::string init_mode;
  CalibrationRecord calibration;
  std::vector<ProjectionSeries> series;
  unsigned repetitions = 1;  ///< runs per validation cell and per scaling reference
  double tolerance = 0.20;
  double max_abs_error = 0;  ///< over every validation point (medians)
  double max_noise = 0;      ///< the largest point noise
  unsigned unresolved_points = 0, outside_points = 0;
  std::string verdict = "within";  ///< the worst point verdict
  bool within_tolerance = true;    ///< verdict == "within"
};

/// What one report page shows; any part may be missing.
struct PerfReport {
  RunContext context;  ///< of the report command
  std::optional<MatrixRecord> matrix;
  std::optional<StressRecord> stress;
  std::optional<ProjectionRecord> projection;
};

}  // namespace tagrace::reports
