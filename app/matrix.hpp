// `tagrace matrix`: every scenario times every strategy at default parameters, with
// exhaustive search; the verdict table on the terminal and, under the output folder,
// matrix.md and matrix.json.
#pragma once

#include <string>
#include <vector>

#include "reports/record.hpp"

namespace tagrace::app {

struct MatrixOptions {
  std::string kernel = "v6.2";
  std::string memory_model = "weak";  ///< every cell's (each cell's record names it)
  std::vector<std::string> scenarios;   ///< empty: all registered
  std::vector<std::string> strategies;  ///< empty: all registered
  std::uint64_t max_executions = 5'000'000;
  double time_limit_s = 60;
  std::string program = "tagrace";
};

reports::MatrixRecord run_matrix(const MatrixOptions& o, const reports::RunContext& ctx);

}  // namespace tagrace::app
