// `tagrace stress` and the option helpers it shares with `tagrace project`: parsing of
// thread lists, init modes and names, each failing with a UsageError (exit 2).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "bench/stress/instrumented_primitives.hpp"
#include "bench/stress/topology.hpp"
#include "reports/perf_record.hpp"

namespace tagrace::app {

/// "1,2,4" -> {1, 2, 4}; each in [1, 1024]. Throws UsageError.
std::vector<unsigned> parse_thread_list(const std::string& s);
/// Expands "all" and checks every strategy name. Throws UsageError.
std::vector<std::string> resolve_strategies(const std::vector<std::string>& names);
/// Throws UsageError for an unknown workload (valid names in the message).
void check_workload(const std::string& name);
stress::InitMode parse_init(const std::string& s);
/// The workload options `stress` and `project` share.
struct WorkloadArgs {
  std::vector<std::string> strategies{"all"};
  std::string init = "tags";
  double duration = 0.5;  ///< seconds per measured cell
  double delay_ns = 500;  ///< the calibrated delay of --init delay
  unsigned pages = 256, vcpus = 1;
};

/// Adds --strategy, --duration (up to max_duration s), --init, --init-delay-ns, --pages
/// and --vcpus to `sub`.
void add_workload_options(CLI::App* sub, WorkloadArgs& a, double max_duration);

/// This machine as the records describe it.
reports::MachineInfo machine_info(const stress::Topology& topo);

}  // namespace tagrace::app
