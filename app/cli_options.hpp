// Shared option parsing for the check / replay / matrix subcommands: -p routing between
// scenario and strategy parameters, search names, and validation with exit-2 messages.
#pragma once

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "app/runner.hpp"

namespace tagrace::app {

/// A user error: the CLI prints it and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CheckArgs {
  std::string scenario, strategy, kernel = "v6.2", search = "exhaustive", schedule, format;
  std::vector<std::string> params, properties;
  std::uint64_t seed = 1, samples = 1000, max_executions = 0;
  std::uint32_t bound = 2, pct_depth = 2;
  double time_limit = 0;
  bool json = false, all_categories = false, no_minimise = false, no_local_merge = false,
       no_snapshots = false;
  std::vector<std::string> files;  ///< `check FILE|DIR...`: .mte scenario files (issue 3)
  bool kernel_set = false;         ///< --kernel was given explicitly
  std::string memory_model;         ///< --memory-model sc|weak (issue 5), when memory_model_set
  bool memory_model_set = false;    ///< --memory-model was given explicitly
  std::string decompose = "none";   ///< --decompose none|pages (app/decomposition.hpp)
};

/// Adds the options shared by check and replay to `cmd`.
void add_check_options(CLI::App& cmd, CheckArgs& a, bool replay);

/// The memory model of a check without --memory-model: weak for the searches that prove
/// (exhaustive, dfs), sc for the bug-finding ones (bounded, random, pct) and for replays
/// (a replay line printed before weak became the default names no model).
std::string default_memory_model(const CheckArgs& a, bool replay);

/// Validates names and parameters and builds the request (throws UsageError).
CheckRequest make_request(const CheckArgs& a, const std::string& program, bool replay);

}  // namespace tagrace::app
