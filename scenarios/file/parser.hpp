// Recursive-descent parser for .mte scenario files (grammar in ast.hpp). Every error
// is a FileError at the offending token naming what was expected; nesting depth and
// list lengths are bounded so no input can exhaust the stack.
#pragma once

#include <string>

#include "scenarios/file/ast.hpp"

namespace tagrace::scenarios::file {

/// Parses `src`; throws FileError.
ScenarioFile parse_scenario(const std::string& src, const std::string& path);

}  // namespace tagrace::scenarios::file
