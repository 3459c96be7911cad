// `tagrace check FILE|DIR...`: runs .mte scenario files through the ordinary runner,
// once per declared Result line (kernel x strategy x variants), compares each verdict
// with the expected outcome and prints a summary table; files whose `requires` names
// a capability the checker lacks are listed as known-unsupported instead of run.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "app/cli_options.hpp"

namespace tagrace::app {

/// Exit code: 2 if a file has an error (printed as file:line:col: message), else 1 if
/// any expected result does not hold, else 0.
int run_file_check(const CheckArgs& a, const std::string& program, std::ostream& out, std::ostream& err);

}  // namespace tagrace::app
