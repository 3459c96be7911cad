// run_check(): explore, then for a violation minimise (fewest preemptions by iterative
// bounded search, as CHESS found bugs within two preemptions), replay it with the
// kernel-terms recorder, and re-check that the replay reproduces the same verdict at the
// same step (house style: a replay that does not reproduce is itself an error).
#include "app/runner.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <thread>

#include "app/decomposition.hpp"
#include "app/scenario_program.hpp"
#include "checkers/properties/property.hpp"
#include "model/kernel_config.hpp"
#include "model/strategy.hpp"
#include "scenarios/scenario.hpp"

#ifndef TAGRACE_GIT_REVISION
#define TAGRACE_GIT_REVISION "unknown"
#endif
#ifndef TAGRACE_BUILD_TYPE
#define TAGRACE_BUILD_TYPE "unknown"
#endif

namespace tagrace::app {

namespace {

const char* verdict_name(engine::Verdict v) {
  switch (v) {
    case engine::Verdict::Verified: return "verified";
    case engine::Verdict::Violation: return "violation";
    case engine::Verdict::NoViolationSampled: return "no-violation-sampled";
    case engine::Verdict::Incomplete: return "incomplete";
  }
  return "?";
}

std::string category_of(const engine::Violation& v) {
  switch (v.kind) {
    case engine::ViolationKind::Deadlock: return "liveness";
    case engine::ViolationKind::StepLimit: return "liveness";
    case engine::ViolationKind::Nondeterminism: return "nondeterminism";
    default: return v.category;
  }
}

std::string violation_message(const engine::Violation& v, const std::vector<std::string>& labels) {
  if (v.kind != engine::ViolationKind::Deadlock) return v.message;
  std::string s = "no thread can proceed:";
  for (const auto& [tid, what] : v.waiting)
    s += fmt::format(" {} waits in {};", tid < labels.size() ? labels[tid] : "?", what);
  return s + (v.message.empty() ? "" : " " + v.message);
}

std::uint32_t count_switches(const std::vector<engine::ThreadId>& s) {
  std::uint32_t n = 0;
  for (std::size_t i = 1; i < s.size(); ++i) n += s[i] != s[i - 1];
  return n;
}

std::unique_ptr<ScenarioProgram> make_program(const CheckRequest& req,
                                              const std::vector<std::string>& props, bool data_races) {
  auto scenario = scenarios::ScenarioRegistry::instance().find(req.scenario);
  if (!scenario) throw std::invalid_argument("unknown scenario '" + req.scenario + "'");
  const auto* info = model::StrategyRegistry::instance().find(req.strategy);
  if (!info) throw std::invalid_argument("unknown strategy '" + req.strategy + "'");
  auto cfg = model::KernelConfig::for_version(req.kernel);
  if (!cfg) throw std::invalid_argument("unknown kernel version '" + req.kernel + "'");
  if (req.memory_model != "sc" && req.memory_model != "weak")
    throw std::invalid_argument("unknown memory model '" + req.memory_model + "'");
  auto prog = std::make_unique<ScenarioProgram>(scenario, req.scenario_params,
                                                info->make(req.strategy_params), *cfg, props);
  if (req.memory_model == "weak") prog->set_memory_model(checkers::MemoryModel::Weak);
  prog->primitives().set_report_data_races(data_races);
  return prog;
}

/// Searches for the same category with preemption bounds 0, 1, ... and returns the
/// first hit (fewest preemptions), or the original if none is found below its count.
engine::Violation minimise(ScenarioProgram& prog, const engine::Violation& found,
                           const CheckRequest& req, std::int32_t& bound_out) {
  bound_out = -1;
  const std::uint32_t limit = std::min<std::uint32_t>(count_switches(found.schedule), 4);
  for (std::uint32_t b = 0; b <= limit; ++b) {
    engine::ExploreOptions o;
    o.search = engine::SearchKind::Bounded;
    o.preemption_bound = b;
    o.max_executions = 200000;
    o.time_limit_s = 10;
    o.max_steps_per_execution = req.options.max_steps_per_execution;
    auto r = prog.explore(o);
    for (const auto& v : r.violations)
      if (category_of(v) == category_of(found)) {
        bound_out = static_cast<std::int32_t>(b);
        return v.schedule.size() <= found.schedule.size() || b < limit ? v : found;
      }
  }
  return found;
}

reports::CounterexampleRecord counterexample(ScenarioProgram& prog, const engine::Violation& v,
                                             std::int32_t bound, const CheckRequest& req,
                                             const std::vector<std::string>& replay_properties) {
  reports::CounterexampleRecord c;
  c.category = category_of(v);
  c.schedule = engine::encode_schedule(v.schedule);
  c.steps = v.schedule.size();
  c.switches = count_switches(v.schedule);
  c.preemption_bound = bound;
  c.replay_command = replay_command(req, c.schedule, replay_properties);
  checkers::Trace trace;
  auto r = prog.replay(v.schedule, &trace);
  const auto& labels = prog.thread_labels();
  c.message = violation_message(v, labels);
  if (r.violations.empty() || category_of(r.violations[0]) != c.category ||
      r.violations[0].step != v.step)
    c.message += " [replay did not reproduce this verdict at the same step: nondeterminism]";
  for (const auto& s : trace.steps)
    c.trace.push_back({s.step, s.tid, s.tid < labels.size() ? labels[s.tid] : "?", s.function, s.op,
                       s.object, s.value, s.preempted});
  for (const auto& n : trace.notes)
    c.notes.push_back(fmt::format("after step {}, {}: {}", n.after_step,
                                  n.tid < labels.size() ? labels[n.tid] : "?", n.text));
  c.trace_text = checkers::format_trace(trace);
  c.trace_text += fmt::format("  => {}: {}\n", c.category, c.message);
  return c;
}

}  // namespace

std::string replay_command(const CheckRequest& req, const std::string& schedule,
                           const std::vector<std::string>& properties) {
  std::string cmd = fmt::format("{} replay --scenario {}", req.program, req.scenario);
  for (const auto& [k, v] : req.scenario_params) cmd += fmt::format(" -p {}={}", k, v);
  cmd += fmt::format(" --strategy {}", req.strategy);
  for (const auto& [k, v] : req.strategy_params) cmd += fmt::format(" -p {}={}", k, v);
  cmd += fmt::format(" --kernel {} --schedule {}", req.kernel, schedule);
  cmd += " --memory-model " + req.memory_model;
  for (const auto& p : properties) cmd += " --property " + p;
  return cmd;
}

reports::CheckRecord run_check(const CheckRequest& req) {
  // Under the weak model tag data races are reported too, unless the request names
  // properties and "data-race" is not among them.
  const bool weak = req.memory_model == "weak";
  const bool races = weak && (req.properties.empty() || std::find(req.properties.begin(), req.properties.end(),
                                                                  "data-race") != req.properties.end());
  std::vector<std::string> props = req.properties.empty() ? checkers::builtin_property_names() : req.properties;
  props.erase(std::remove(props.begin(), props.end(), "data-race"), props.end());
  auto prog = make_program(req, props, races);
  reports::CheckRecord rec;
  rec.scenario = req.scenario;
  rec.strategy = req.strategy;
  rec.kernel = req.kernel;
  rec.search = req.search;
  rec.memory_model = req.memory_model;
  rec.seed = req.options.seed;
  rec.properties = props;
  rec.properties.push_back("liveness");
  rec.properties.push_back("assertions");
  if (races) rec.properties.push_back("data-race");
  for (const auto& [k, v] : req.scenario_params)
    rec.scenario_params += (rec.scenario_params.empty() ? "" : " ") + k + "=" + v;
  for (const auto& [k, v] : req.strategy_params)
    rec.strategy_params += (rec.strategy_params.empty() ? "" : " ") + k + "=" + v;

  std::string decomposition;
  engine::ExploreResult r;
  if (req.decompose_pages && req.options.search == engine::SearchKind::Exhaustive) {
    DecomposedRun d = explore_decomposed(*prog, req.options);
    r = std::move(d.result);
    decomposition = d.note;
    if (d.applied) rec.search = "exhaustive, decomposed per page";
  } else {
    r = prog->explore(req.options);
  }
  rec.refused = prog->refusals() > 0;
  rec.verdict = verdict_name(r.verdict);
  rec.search_description = r.search_description;
  rec.executions = r.stats.executions;
  rec.complete = r.stats.complete;
  rec.blocked = r.stats.blocked;
  rec.deadlocked = r.stats.deadlocked;
  rec.steps = r.stats.steps;
  rec.max_depth = r.stats.max_depth;
  rec.local_steps = r.stats.local_steps;
  rec.restarts = r.stats.restarts;
  rec.discarded_executions = r.stats.discarded_executions;
  rec.snapshots = r.stats.snapshots;
  rec.restored_executions = r.stats.restored_executions;
  rec.elapsed_s = r.stats.elapsed_s;
  rec.coverage = fmt::format(
      "{} of {} [{}] under {} with kernel {}, {} memory model: {} executions, every "
      "interleaving {}",
      rec.search, req.scenario, rec.scenario_params, req.strategy, req.kernel,
      req.memory_model == "weak" ? "weak (C11-style approximation, see README)"
                                 : "sequentially consistent",
      r.stats.executions,
      r.verdict == engine::Verdict::Verified
          ? (rec.search == req.search
                 ? std::string("within the search's bound was covered")
                 : std::string("of each page's accesses (with the other pages' in one order) "
                               "was covered; sound as no race needed a wait on another page "
                               "(checked) and no path acts on one page from another's values "
                               "(assumed, README)"))
          : std::string("was NOT covered (no proof)"));
  if (!decomposition.empty()) rec.coverage += " [" + decomposition + "]";
  if (r.violations.empty()) return rec;

  struct Found {
    engine::Violation v;
    bool races;  ///< found with data races reported
  };
  std::vector<Found> found{{r.violations.front(), races}};
  if (!req.all_categories && category_of(found.front().v) == "data-race") {
    // A race is the cause; what it leads to (a tag loss, stale tags exposed) is what a
    // kernel developer sees: look once more with races not reported.
    auto effects = make_program(req, props, false);
    auto rr = effects->explore(req.options);
    if (!rr.violations.empty()) found.push_back({rr.violations.front(), false});
  }
  if (req.all_categories) {
    // Each other property alone, without data races: a race stops an execution at the
    // racing access and would hide what the race leads to (the first search found races).
    for (const auto& p : props) {
      bool have = false;
      for (const auto& f : found) have = have || category_of(f.v) == p;
      if (have) continue;
      auto single = make_program(req, {p}, false);
      auto rr = single->explore(req.options);
      for (const auto& v : rr.violations)
        if (category_of(v) == p) {
          found.push_back({v, false});
          break;
        }
    }
  }
  for (const auto& [v, with_races] : found) {
    std::int32_t bound = -1;
    // Re-check with only the property that fired; engine-level categories (liveness,
    // assertion, exception, nondeterminism) are not properties and keep the full set.
    const std::string cat = category_of(v);
    const bool is_property = std::find(props.begin(), props.end(), cat) != props.end();
    const auto single_props = is_property ? std::vector<std::string>{cat} : props;
    auto single = make_program(req, single_props, with_races);
    engine::Violation best = req.minimise && req.options.search == engine::SearchKind::Exhaustive
                                 ? minimise(*single, v, req, bound)
                                 : v;
    rec.violated.push_back(category_of(best));
    // A replay without data races names its properties, so it stops where this search did.
    rec.counterexamples.push_back(
        counterexample(*single, best, bound, req, weak && !with_races ? single_props : std::vector<std::string>{}));
  }
  return rec;
}

reports::RunContext run_context(const std::string& command) {
  reports::RunContext c;
  c.tagrace_version = "0.1.0";
  c.git_revision = TAGRACE_GIT_REVISION;
  c.build_type = TAGRACE_BUILD_TYPE;
  c.compiler = fmt::format("g++ {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  c.host = host;
  c.cpus = std::thread::hardware_concurrency();
  c.command = command;
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
  c.date = buf;
  return c;
}

}  // namespace tagrace::app
