// A registration seam for subcommands that live outside tagrace_cli (stress, project,
// report: they need hwloc and TBB, which the installed CLI library does not carry).
// A translation unit linked into the executable registers a factory at static-init
// time; run_main() adds every registered subcommand and runs the one that was parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tagrace::app {

/// Runs a parsed subcommand; `cmdline` is the full command line for run records.
using CommandRunner = std::function<int(const std::string& cmdline)>;

struct ExtraCommand {
  CLI::App* sub = nullptr;
  CommandRunner run;
};

/// Adds one subcommand (with its options) to `app` and returns how to run it.
using ExtraCommandFactory = std::function<ExtraCommand(CLI::App& app)>;

inline std::vector<ExtraCommandFactory>& extra_command_factories() {
  static std::vector<ExtraCommandFactory> v;
  return v;
}

/// `static RegisterExtraCommand reg{[](CLI::App& app) { ... }};`
struct RegisterExtraCommand {
  explicit RegisterExtraCommand(ExtraCommandFactory f) { extra_command_factories().push_back(std::move(f)); }
};

inline std::vector<ExtraCommand> add_extra_commands(CLI::App& app) {
  std::vector<ExtraCommand> v;
  for (auto& f : extra_command_factories()) v.push_back(f(app));
  return v;
}

/// The exit code of the parsed extra subcommand, or nullopt if none was parsed.
inline std::optional<int> run_extra_commands(const std::vector<ExtraCommand>& cmds, const std::string& cmdline) {
  for (const auto& c : cmds)
    if (c.sub && c.sub->parsed()) return c.run(cmdline);
  return std::nullopt;
}

}  // namespace tagrace::app
