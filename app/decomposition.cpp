// explore_decomposed(): one exhaustive search per folio with the others hidden, summed;
// falls back to the full search when the engine reports a race the hiding could not
// reverse (see the header for the argument).
#include "app/decomposition.hpp"

#include <fmt/format.h>

namespace tagrace::app {

namespace {

void add_stats(engine::ExploreStats& into, const engine::ExploreStats& s) {
  into.executions += s.executions;
  into.complete += s.complete;
  into.blocked += s.blocked;
  into.deadlocked += s.deadlocked;
  into.steps += s.steps;
  into.context_switches += s.context_switches;
  into.max_depth = std::max(into.max_depth, s.max_depth);
  into.elapsed_s += s.elapsed_s;
  into.hidden_blocked_races += s.hidden_blocked_races;
  into.local_steps += s.local_steps;
  into.forced_steps += s.forced_steps;
  into.restarts += s.restarts;
  into.discarded_executions += s.discarded_executions;
  into.snapshots += s.snapshots;
  into.restored_executions += s.restored_executions;
}

/// opts with the time limit reduced by what has been spent already (0 stays 0).
engine::ExploreOptions remaining(const engine::ExploreOptions& opts, double spent) {
  engine::ExploreOptions o = opts;
  if (o.time_limit_s > 0) o.time_limit_s = std::max(0.001, o.time_limit_s - spent);
  return o;
}

}  // namespace

DecomposedRun explore_decomposed(ScenarioProgram& prog, const engine::ExploreOptions& opts) {
  DecomposedRun run;
  engine::ExploreStats total;
  engine::ExploreOptions o = opts;
  o.location_class = [&prog](engine::LocKey loc) { return prog.location_class(loc); };
  std::uint32_t folios = 1;  // known once the first component has run setup
  std::string description;
  std::string flow;
  for (std::uint32_t c = 0; c < folios; ++c) {
    o.visible_class = static_cast<std::int32_t>(c);
    engine::ExploreResult r = prog.explore(remaining(o, total.elapsed_s));
    if (flow.empty()) flow = prog.cross_page_flow();
    if (c == 0) {
      folios = std::max(1u, prog.folio_count());
      description = r.search_description;
    }
    add_stats(total, r.stats);
    run.component_executions.push_back(r.stats.executions);
    // One folio: the component hid nothing, so it was the full search. A violation is
    // real whatever was hidden; an incomplete component proves nothing.
    if (folios <= 1 || r.verdict != engine::Verdict::Verified) {
      r.stats = total;
      run.result = std::move(r);
      run.applied = folios > 1;
      run.note = folios <= 1 ? std::string("one folio: nothing to decompose, full search")
                             : fmt::format("stopped in the component of folio {} of {}", c, folios);
      return run;
    }
  }
  if (total.hidden_blocked_races > 0 || !flow.empty()) {
    engine::ExploreResult full = prog.explore(remaining(opts, total.elapsed_s));
    add_stats(total, full.stats);
    full.stats = total;
    run.result = std::move(full);
    run.note = !flow.empty()
                   ? fmt::format("decomposition not applicable: tags move between pages in "
                                 "{}(); the full search ran instead",
                                 flow)
                   : fmt::format(
                         "decomposition not applicable: {} race(s) needed a thread blocked on "
                         "another page's access; the full search ran instead",
                         total.hidden_blocked_races);
    return run;
  }
  run.applied = true;
  run.result.verdict = engine::Verdict::Verified;
  run.result.stats = total;
  std::string per;
  for (auto n : run.component_executions) per += (per.empty() ? "" : " + ") + std::to_string(n);
  run.result.search_description =
      fmt::format("{}; decomposed per page: {} components, one per folio, each with the other "
                  "folios' flags and tags hidden ({} executions)",
                  description, folios, per);
  run.note = fmt::format("{} per-page components, no race needed a thread blocked on another "
                         "page",
                         folios);
  return run;
}

}  // namespace tagrace::app
