// The built-in scenarios are .mte files (scenarios/*.mte), embedded at build time; the
// C++ entries in scenarios/builtin/ are thin wrappers that load them from here.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/scenario.hpp"

namespace tagrace::scenarios::file {

/// (file stem, text) of every scenarios/*.mte at build time.
const std::vector<std::pair<const char*, const char*>>& embedded_builtin_files();

/// The built-in scenario `stem`, loaded from its embedded file; aborts with the file
/// error if the embedded text does not load (a build-time mistake, caught by tests).
std::shared_ptr<const Scenario> builtin_file_scenario(const std::string& stem);

}  // namespace tagrace::scenarios::file
