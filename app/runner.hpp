// The runner: turns a scenario, a strategy and a kernel version into an engine::Program
// over the checker backend, explores it, minimises and replays counterexamples, and
// returns a result record. It sits above scenarios/ (house-style dependency order).
#pragma once

#include <string>
#include <vector>

#include "checkers/engine/engine.hpp"
#include "model/params.hpp"
#include "reports/record.hpp"

namespace tagrace::app {

struct CheckRequest {
  std::string scenario;
  model::Params scenario_params;  ///< resolved (defaults filled in)
  std::string strategy;
  model::Params strategy_params;  ///< resolved
  std::string kernel = "v6.2";
  std::string search = "exhaustive";  ///< name of options.search, for records
  engine::ExploreOptions options;
  std::vector<std::string> properties;  ///< empty: every built-in property (and data-race under weak)
  bool minimise = true;        ///< re-search with growing preemption bounds for a short trace
  bool all_categories = false;  ///< after a violation, look for each other property's too
  std::string program = "tagrace";  ///< command name used in replay lines
  std::string memory_model = "sc";  ///< "sc" or "weak" (checkers/backend/weak_memory.hpp)
  /// Exhaustive only: prove each folio separately (app/decomposition.hpp).
  bool decompose_pages = false;
};

/// Runs one check. Throws std::invalid_argument for unknown names (the CLI maps it to 2).
reports::CheckRecord run_check(const CheckRequest& req);

/// The exact command line that replays `schedule` for `req` (with `--property` for each
/// of `properties`, when the counterexample was found with only those checked).
std::string replay_command(const CheckRequest& req, const std::string& schedule,
                           const std::vector<std::string>& properties = {});

/// Machine, build and revision facts for records.
reports::RunContext run_context(const std::string& command);

}  // namespace tagrace::app
