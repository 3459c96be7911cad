// JSON rendering of check and matrix records.
#include "reports/json_reporter.hpp"

namespace tagrace::reports {

using nlohmann::json;

json to_json(const RunContext& c) {
  return {{"tagrace_version", c.tagrace_version}, {"git_revision", c.git_revision},
          {"build_type", c.build_type},           {"compiler", c.compiler},
          {"host", c.host},                       {"cpus", c.cpus},
          {"command", c.command},                 {"date", c.date}};
}

static json to_json(const CounterexampleRecord& c) {
  json steps = json::array();
  for (const auto& s : c.trace)
    steps.push_back({{"step", s.step}, {"tid", s.tid}, {"thread", s.thread},
                     {"function", s.function}, {"op", s.op}, {"object", s.object},
                     {"value", s.value}, {"switched", s.switched}});
  return {{"category", c.category},       {"message", c.message},
          {"schedule", c.schedule},       {"steps", c.steps},
          {"switches", c.switches},       {"preemption_bound", c.preemption_bound},
          {"replay_command", c.replay_command}, {"trace", steps},
          {"notes", c.notes}};
}

json to_json(const CheckRecord& r) {
  json cex = json::array();
  for (const auto& c : r.counterexamples) cex.push_back(to_json(c));
  return {{"scenario", r.scenario},
          {"scenario_params", r.scenario_params},
          {"strategy", r.strategy},
          {"strategy_params", r.strategy_params},
          {"kernel", r.kernel},
          {"search", r.search},
          {"search_description", r.search_description},
          {"memory_model", r.memory_model},
          {"verdict", r.verdict},
          {"properties", r.properties},
          {"violated", r.violated},
          {"refused", r.refused},
          {"executions", r.executions},
          {"complete", r.complete},
          {"blocked", r.blocked},
          {"deadlocked", r.deadlocked},
          {"steps", r.steps},
          {"max_depth", r.max_depth},
          {"local_steps", r.local_steps},
          {"restarts", r.restarts},
          {"discarded_executions", r.discarded_executions},
          {"snapshots", r.snapshots},
          {"restored_executions", r.restored_executions},
          {"elapsed_s", r.elapsed_s},
          {"seed", r.seed},
          {"coverage", r.coverage},
          {"counterexamples", cex}};
}

void JsonReporter::check(const CheckRecord& r, const RunContext& ctx, std::ostream& os) {
  json j = {{"schema_version", kSchemaVersion}, {"context", to_json(ctx)}, {"result", to_json(r)}};
  os << j.dump(2) << "\n";
}

void JsonReporter::matrix(const MatrixRecord& m, std::ostream& os) {
  json cells = json::array();
  for (const auto& c : m.cells) cells.push_back(to_json(c));
  json j = {{"schema_version", kSchemaVersion}, {"context", to_json(m.context)},
            {"scenarios", m.scenarios},         {"strategies", m.strategies},
            {"elapsed_s", m.elapsed_s},         {"cells", cells},
            {"memory_model", m.cells.empty() ? "" : m.cells.front().memory_model}};
  os << j.dump(2) << "\n";
}

}  // namespace tagrace::reports
