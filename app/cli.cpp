// The `tagrace` subcommands: check, replay, list, matrix (issue 2, section 6).
#include "app/cli.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/cli_options.hpp"
#include "app/extra_commands.hpp"
#include "app/file_check.hpp"
#include "app/matrix.hpp"
#include "app/policy_command.hpp"
#include "app/runner.hpp"
#include "model/kernel_config.hpp"
#include "model/strategy.hpp"
#include "reports/reporter.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::app {

namespace {

std::string command_line(int argc, char** argv) {
  std::string s = "tagrace";
  for (int i = 1; i < argc; ++i) s += std::string(" ") + argv[i];
  return s;
}

std::string spec_text(const model::ParamSpec& p) {
  if (p.numeric()) return fmt::format("{}={} [{}..{}]", p.name, p.def, p.min, p.max);
  std::string c;
  for (const auto& x : p.choices) c += (c.empty() ? "" : "|") + x;
  return fmt::format("{}={} [{}]", p.name, p.def, c);
}

void list(std::ostream& os) {
  os << "scenarios:\n";
  for (const auto& s : scenarios::ScenarioRegistry::instance().all()) {
    os << fmt::format("  {:<26} {}\n", s->name(), s->summary());
    for (const auto& p : s->params()) os << fmt::format("  {:<28}{}  {}\n", "", spec_text(p), p.help);
  }
  os << "strategies:\n";
  for (const auto& s : model::StrategyRegistry::instance().all()) {
    os << fmt::format("  {:<26} {}\n", s.name, s.summary);
    for (const auto& p : s.params) os << fmt::format("  {:<28}{}  {}\n", "", spec_text(p), p.help);
  }
  os << "kernel versions:\n";
  for (const auto& v : model::known_kernel_versions()) {
    auto c = model::KernelConfig::for_version(v);
    os << fmt::format("  {:<26} default strategy {}\n", v, c->default_strategy);
  }
  os << "searches:\n  exhaustive (source-DPOR + sleep sets; proves within the scenario's bounds)\n"
        "  bounded (bounded POR, --bound N: finds bugs fast, proves nothing)\n"
        "  dfs (every schedule within --bound N, no reduction: proves the bound)\n"
        "  random (--samples, --seed)\n"
        "  pct (--samples, --pct-depth, --seed)\n  replay (--schedule TOKEN)\n";
}

int exit_code(const reports::CheckRecord& r) {
  if (r.verdict == "violation") return 1;
  if (r.verdict == "incomplete") return 3;
  return 0;
}

int do_check(const CheckArgs& a, bool replay, const std::string& cmdline, const char* argv0) {
  std::string program = std::filesystem::path(argv0).filename().string();
  auto req = make_request(a, program, replay);
  std::string format = a.format.empty() ? (a.json ? "json" : "console") : a.format;
  auto reporter = reports::make_reporter(format);
  if (!reporter) throw UsageError("unknown --format '" + format + "' (valid: console, json, markdown)");
  const bool tty = isatty(STDERR_FILENO);
  req.options.progress = [tty](std::uint64_t n, double s) {
    std::cerr << fmt::format("{}{} executions, {:.0f}/s, {:.1f} s{}", tty ? "\r" : "", n,
                             s > 0 ? n / s : 0.0, s, tty ? "   " : "\n")
              << std::flush;
  };
  auto rec = run_check(req);
  if (tty) std::cerr << "\r" << std::string(60, ' ') << "\r";
  reporter->check(rec, run_context(cmdline), std::cout);
  return exit_code(rec);
}

int do_matrix(MatrixOptions o, const std::string& out, bool json, const std::string& cmdline) {
  if (!model::KernelConfig::for_version(o.kernel)) throw UsageError("unknown kernel version '" + o.kernel + "'");
  if (o.memory_model != "sc" && o.memory_model != "weak")
    throw UsageError("unknown memory model '" + o.memory_model + "' (valid: sc, weak)");
  for (const auto& s : o.scenarios)
    if (!scenarios::ScenarioRegistry::instance().find(s)) throw UsageError("unknown scenario '" + s + "'");
  for (const auto& s : o.strategies)
    if (!model::StrategyRegistry::instance().find(s)) throw UsageError("unknown strategy '" + s + "'");
  auto m = run_matrix(o, run_context(cmdline));
  std::filesystem::create_directories(out);
  std::ofstream md(std::filesystem::path(out) / "matrix.md"), js(std::filesystem::path(out) / "matrix.json");
  reports::make_reporter("markdown")->matrix(m, md);
  reports::make_reporter("json")->matrix(m, js);
  reports::make_reporter(json ? "json" : "console")->matrix(m, std::cout);
  std::cerr << fmt::format("wrote {}/matrix.md and {}/matrix.json\n", out, out);
  return 0;
}

}  // namespace

int run_main(int argc, char** argv) {
  model::register_builtin_strategies();
  scenarios::register_builtin_scenarios();
  CLI::App app{"tagrace: model-check and stress-test arm64 MTE page-tag synchronisation"};
  app.require_subcommand(1);
  CheckArgs check_args, replay_args;
  auto* check = app.add_subcommand("check", "explore a scenario under a strategy");
  add_check_options(*check, check_args, false);
  auto* replay = app.add_subcommand("replay", "replay a recorded schedule with its trace");
  add_check_options(*replay, replay_args, true);
  app.add_subcommand("list", "scenarios, strategies, kernel versions and searches");
  MatrixOptions mo;
  std::string out = "reports";
  bool mjson = false;
  auto* matrix = app.add_subcommand("matrix", "every scenario x every strategy, default parameters");
  matrix->add_option("--kernel", mo.kernel, "kernel version");
  matrix->add_option("--memory-model", mo.memory_model, "weak (default) or sc");
  matrix->add_option("--scenario", mo.scenarios, "restrict to these scenarios");
  matrix->add_option("--strategy", mo.strategies, "restrict to these strategies");
  matrix->add_option("--out", out, "folder for matrix.md and matrix.json (default reports)");
  matrix->add_option("--max-executions", mo.max_executions, "cap per cell");
  matrix->add_option("--time-limit", mo.time_limit_s, "seconds per cell");
  matrix->add_flag("--json", mjson, "print JSON instead of the table");
  auto extras = add_extra_commands(app);  // stress, project, report (when linked in)
  extras.push_back(add_policy_command(app));  // issue 6: stage-2 policy checks
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "tagrace: " << e.what() << "\n(run with --help for usage)\n";
    return 2;
  }
  const std::string cmdline = command_line(argc, argv);
  try {
    if (check->parsed() && !check_args.files.empty())  // issue 3: .mte scenario files
      return run_file_check(check_args, std::filesystem::path(argv[0]).filename().string(), std::cout, std::cerr);
    if (check->parsed() && check_args.scenario.empty()) throw UsageError("check: expected --scenario NAME or a scenario FILE/DIR");
    if (check->parsed()) return do_check(check_args, false, cmdline, argv[0]);
    if (replay->parsed()) return do_check(replay_args, true, cmdline, argv[0]);
    if (auto rc = run_extra_commands(extras, cmdline)) return *rc;
    if (matrix->parsed()) {
      mo.program = std::filesystem::path(argv[0]).filename().string();
      return do_matrix(mo, out, mjson, cmdline);
    }
    list(std::cout);
    return 0;
  } catch (const UsageError& e) {
    std::cerr << "tagrace: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "tagrace: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace tagrace::app
