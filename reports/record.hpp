// Result records: the only thing reporters see (house style: Google Benchmark keeps
// runners and reporters apart). Plain data, filled by the runner, with the run context
// every figure must carry (revision, build type, compiler, host, CPU count).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tagrace::reports {

inline constexpr int kSchemaVersion = 1;

struct RunContext {
  std::string tagrace_version;
  std::string git_revision;
  std::string build_type;
  std::string compiler;
  std::string host;
  unsigned cpus = 0;
  std::string command;  ///< the command line that produced the record
  std::string date;
};

struct TraceStepRecord {
  std::uint64_t step = 0;
  unsigned tid = 0;
  std::string thread;    ///< "T1 (mm2: shared fault)"
  std::string function;  ///< kernel function
  std::string op;
  std::string object;
  std::string value;
  bool switched = false;  ///< the scheduler switched threads before this step
};

struct CounterexampleRecord {
  std::string category;  ///< tag-loss, stale-exposure, stage2-safety, liveness, assertion
  std::string message;
  std::string schedule;  ///< engine::encode_schedule() token
  std::uint64_t steps = 0;
  std::uint32_t switches = 0;
  std::int32_t preemption_bound = -1;  ///< smallest bound that found it, -1 if not minimised
  std::string replay_command;
  std::vector<TraceStepRecord> trace;
  std::vector<std::string> notes;  ///< "after step 7, T1: TaggedPteSet page pfn 0x100"
  std::string trace_text;          ///< rendered trace
};

struct CheckRecord {
  std::string scenario;
  std::string scenario_params;  ///< "mms=2 pages=1 granules=1"
  std::string strategy;
  std::string strategy_params;
  std::string kernel;
  std::string search;              ///< exhaustive | bounded | random | pct | replay
  std::string search_description;  ///< e.g. "source-DPOR + sleep sets"
  std::string memory_model = "sc";
  std::string verdict;             ///< verified | violation | no-violation-sampled | incomplete
  std::vector<std::string> properties;  ///< what was checked
  std::vector<std::string> violated;    ///< categories found
  bool refused = false;  ///< the configuration was refused (FaultRefused / MemslotRefused)
  std::uint64_t executions = 0, complete = 0, blocked = 0, deadlocked = 0, steps = 0;
  std::uint32_t max_depth = 0;
  /// Local-access merging: steps that were not scheduling points, explorations restarted
  /// because a merged location turned out shared, and the executions they discarded.
  std::uint64_t local_steps = 0, discarded_executions = 0;
  std::uint32_t restarts = 0;
  /// State snapshots: states saved before decisions, executions started from one.
  std::uint64_t snapshots = 0, restored_executions = 0;
  double elapsed_s = 0;
  std::uint64_t seed = 0;
  std::string coverage;  ///< what the verdict covers, in words
  std::vector<CounterexampleRecord> counterexamples;
};

struct MatrixRecord {
  RunContext context;
  std::vector<std::string> scenarios;
  std::vector<std::string> strategies;
  std::vector<CheckRecord> cells;  ///< scenario-major order
  double elapsed_s = 0;
};

}  // namespace tagrace::reports
