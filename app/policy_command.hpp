// `tagrace policy`: the stage-2 cacheability policy of a kernel version checked over
// the whole configuration space (issue 6, section 3): `--kernel VERSION` prints the
// table of configuration classes and a summary by finding kind, `--diff A B` what
// changes class by class; `--json` for both. Formats only checkers/policy records.
#pragma once

#include <iosfwd>
#include <string>

#include "app/extra_commands.hpp"
#include "checkers/policy/policy_classes.hpp"

namespace tagrace::app {

/// Adds the `policy` subcommand to app (one line in run_main()).
ExtraCommand add_policy_command(CLI::App& app);

/// The console table of one policy.
void print_policy_table(const checkers::policy::PolicyRecord& r, std::ostream& os);
/// The console listing of a diff.
void print_policy_diff(const checkers::policy::DiffRecord& d, std::ostream& os);
/// JSON (schema "tagrace-policy/1") of one policy or of a diff.
std::string policy_json(const checkers::policy::PolicyRecord& r, const std::string& cmdline);
std::string policy_diff_json(const checkers::policy::DiffRecord& d, const std::string& cmdline);

}  // namespace tagrace::app
