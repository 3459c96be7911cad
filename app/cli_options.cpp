// Option validation for the CLI (see cli_options.hpp). Every unknown name lists the
// valid choices; every out-of-range value names its range.
#include "app/cli_options.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "checkers/properties/property.hpp"
#include "model/kernel_config.hpp"
#include "model/strategy.hpp"
#include "scenarios/file/file_scenario.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::app {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> v;
  for (const auto& s : scenarios::ScenarioRegistry::instance().all()) v.push_back(s->name());
  return v;
}

std::vector<std::string> strategy_names() {
  std::vector<std::string> v;
  for (const auto& s : model::StrategyRegistry::instance().all()) v.push_back(s.name);
  return v;
}

bool has_param(const std::vector<model::ParamSpec>& specs, const std::string& k) {
  for (const auto& s : specs)
    if (s.name == k) return true;
  return false;
}

}  // namespace

void add_check_options(CLI::App& cmd, CheckArgs& a, bool replay) {
  auto* sc = cmd.add_option("--scenario", a.scenario, "scenario name (see `tagrace list`) or a .mte file");
  if (replay) sc->required();
  else cmd.add_option("files", a.files, ".mte scenario files or directories of them");
  cmd.add_option("--strategy", a.strategy, "strategy name (default: the kernel version's own)");
  cmd.add_option("-p,--param", a.params, "KEY=VALUE scenario or strategy parameter");
  cmd.add_option("--kernel", a.kernel, "kernel version (v5.10, v5.14, v6.2, ...)")
      ->each([&a](const std::string&) { a.kernel_set = true; });
  cmd.add_option("--property", a.properties, "property to check (default: all)");
  cmd.add_flag("--json", a.json, "print the result as JSON");
  cmd.add_option("--format", a.format, "console, json or markdown");
  cmd.add_option("--memory-model", a.memory_model,
                 "weak (default for exhaustive and dfs) or sc (default for the other searches and replay)")
      ->each([&a](const std::string&) { a.memory_model_set = true; });
  if (replay) {
    cmd.add_option("--schedule", a.schedule, "schedule token from a counterexample")->required();
    return;
  }
  cmd.add_option("--search", a.search, "exhaustive, bounded, dfs, random, pct");
  cmd.add_option("--schedule", a.schedule, "replay this schedule instead of searching");
  cmd.add_option("--seed", a.seed, "seed for random and pct");
  cmd.add_option("--bound", a.bound, "preemption bound for bounded and dfs");
  cmd.add_option("--samples", a.samples, "executions sampled by random and pct");
  cmd.add_option("--pct-depth", a.pct_depth, "PCT bug depth d");
  cmd.add_option("--max-executions", a.max_executions, "cap (verdict becomes incomplete)");
  cmd.add_option("--time-limit", a.time_limit, "seconds (verdict becomes incomplete)");
  cmd.add_option("--decompose", a.decompose,
                 "none (default) or pages: prove each page separately, other pages' "
                 "accesses in one order (exhaustive only; README: Speed and memory)");
  cmd.add_flag("--all-categories", a.all_categories, "report one counterexample per property");
  cmd.add_flag("--no-minimise", a.no_minimise, "keep the first counterexample found");
  cmd.add_flag("--no-local-merge", a.no_local_merge,
               "make every access a scheduling point (exhaustive search merges the accesses "
               "to locations only one thread touches; README: Speed and memory)");
  cmd.add_flag("--no-snapshots", a.no_snapshots,
               "re-run every execution from the initial state (by default the exhaustive and "
               "bounded searches start from a saved state; README: Speed and memory)");
}

std::string default_memory_model(const CheckArgs& a, bool replay) {
  if (replay || !a.schedule.empty()) return "sc";
  return a.search == "exhaustive" || a.search == "dfs" ? "weak" : "sc";
}

CheckRequest make_request(const CheckArgs& a, const std::string& program, bool replay) {
  CheckRequest r;
  r.program = program;
  std::string file_error;
  auto scenario = scenarios::file::find_or_load_file_scenario(a.scenario, file_error);
  if (!file_error.empty()) throw UsageError(file_error);
  if (!scenario)
    throw UsageError(fmt::format("unknown scenario '{}' (valid: {})", a.scenario,
                                 join(scenario_names())));
  auto cfg = model::KernelConfig::for_version(a.kernel);
  if (!cfg)
    throw UsageError(fmt::format("unknown kernel version '{}' (valid: {})", a.kernel,
                                 join(model::known_kernel_versions())));
  r.kernel = a.kernel;
  r.scenario = a.scenario;
  r.strategy = a.strategy.empty() ? cfg->default_strategy : a.strategy;
  const auto* info = model::StrategyRegistry::instance().find(r.strategy);
  if (!info)
    throw UsageError(fmt::format("unknown strategy '{}' (valid: {})", r.strategy,
                                 join(strategy_names())));
  model::Params sgiven, tgiven;
  const auto sspecs = scenario->params();
  for (const auto& kv : a.params) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(fmt::format("-p '{}': expected KEY=VALUE", kv));
    std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
    if (has_param(sspecs, k)) sgiven[k] = v;
    else if (has_param(info->params, k)) tgiven[k] = v;
    else {
      std::vector<std::string> names;
      for (const auto& s : sspecs) names.push_back(s.name);
      for (const auto& s : info->params) names.push_back(s.name);
      throw UsageError(fmt::format("unknown parameter '{}' for scenario {} and strategy {} "
                                   "(valid: {})",
                                   k, r.scenario, r.strategy, names.empty() ? "none" : join(names)));
    }
  }
  if (auto e = model::resolve_params(sspecs, sgiven, r.scenario_params); !e.empty())
    throw UsageError(e);
  if (auto e = model::resolve_params(info->params, tgiven, r.strategy_params); !e.empty())
    throw UsageError(e);
  for (const auto& p : a.properties) {
    auto names = checkers::builtin_property_names();
    names.push_back("data-race");  // reported under the weak memory model only
    if (std::find(names.begin(), names.end(), p) == names.end())
      throw UsageError(fmt::format("unknown property '{}' (valid: {})", p, join(names)));
  }
  r.properties = a.properties;
  if (a.memory_model_set && a.memory_model != "sc" && a.memory_model != "weak")
    throw UsageError(fmt::format("unknown memory model '{}' (valid: sc, weak)", a.memory_model));
  r.memory_model = a.memory_model_set ? a.memory_model : default_memory_model(a, replay);
  // A scenario file that names its memory model runs under it unless told otherwise.
  if (auto f = std::dynamic_pointer_cast<const scenarios::file::FileScenario>(scenario);
      f && !a.memory_model_set && !f->file().memory_model.empty())
    r.memory_model = f->file().memory_model;
  auto& o = r.options;
  o.seed = a.seed;
  o.samples = a.samples;
  o.preemption_bound = a.bound;
  o.pct_depth = a.pct_depth;
  o.max_executions = a.max_executions;
  o.time_limit_s = a.time_limit;
  o.merge_local = !a.no_local_merge;
  o.snapshots = !a.no_snapshots;
  r.search = a.search;
  if (replay || !a.schedule.empty()) {
    auto s = engine::decode_schedule(a.schedule);
    if (!s) throw UsageError(fmt::format("malformed --schedule '{}' (expected e.g. 0*5.1*3.0*2)",
                                         a.schedule));
    o.search = engine::SearchKind::Replay;
    o.schedule = *s;
    r.search = "replay";
  } else if (a.search == "exhaustive") o.search = engine::SearchKind::Exhaustive;
  else if (a.search == "bounded") o.search = engine::SearchKind::Bounded;
  else if (a.search == "dfs") o.search = engine::SearchKind::Dfs;
  else if (a.search == "random") o.search = engine::SearchKind::Random;
  else if (a.search == "pct") o.search = engine::SearchKind::Pct;
  else
    throw UsageError(fmt::format("unknown search '{}' (valid: exhaustive, bounded, dfs, random, pct)",
                                 a.search));
  if (a.samples == 0 && (o.search == engine::SearchKind::Random || o.search == engine::SearchKind::Pct))
    throw UsageError("--samples must be at least 1");
  if (a.pct_depth < 1 || a.pct_depth > 10) throw UsageError("--pct-depth out of range [1, 10]");
  if (a.time_limit < 0) throw UsageError("--time-limit must be >= 0");
  if (a.decompose != "none" && a.decompose != "pages")
    throw UsageError(fmt::format("unknown decomposition '{}' (valid: none, pages)", a.decompose));
  if (a.decompose == "pages" && o.search != engine::SearchKind::Exhaustive)
    throw UsageError("--decompose pages needs --search exhaustive (it splits a proof)");
  r.decompose_pages = a.decompose == "pages";
  r.all_categories = a.all_categories;
  r.minimise = !a.no_minimise;
  return r;
}

}  // namespace tagrace::app
