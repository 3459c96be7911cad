// Console rendering of check and matrix records.
#include "reports/console_reporter.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tagrace::reports {

std::string cell_text(const CheckRecord& r) {
  if (r.verdict == "violation") {
    std::string s;
    for (const auto& v : r.violated) s += (s.empty() ? "" : "+") + v;
    return s.empty() ? "violation" : s;
  }
  if (r.refused && r.verdict == "verified") return "verified (refused)";
  return r.verdict;
}

void ConsoleReporter::check(const CheckRecord& r, const RunContext& ctx, std::ostream& os) {
  os << fmt::format("scenario  {} [{}]\nstrategy  {}{}\nkernel    {} (memory model: {})\nsearch    {} ({})\n",
                    r.scenario, r.scenario_params, r.strategy,
                    r.strategy_params.empty() ? "" : " [" + r.strategy_params + "]", r.kernel,
                    r.memory_model, r.search, r.search_description);
  os << fmt::format("explored  {} executions ({} complete, {} redundant/blocked, {} deadlocked), "
                    "{} steps, longest {} steps, {:.3f} s\n",
                    r.executions, r.complete, r.blocked, r.deadlocked, r.steps, r.max_depth,
                    r.elapsed_s);
  if (r.local_steps || r.restarts)
    os << fmt::format("merged    {} local steps (no scheduling point); {} restart(s) discarded {} "
                      "executions\n",
                      r.local_steps, r.restarts, r.discarded_executions);
  if (r.restored_executions)
    os << fmt::format(
        "restored  {} executions from {} saved states (no reset; only the "
        "decisions from there to the branch point re-run)\n",
        r.restored_executions, r.snapshots);
  std::string props;
  for (const auto& p : r.properties) props += (props.empty() ? "" : ", ") + p;
  os << fmt::format("checked   {}\n", props);
  if (r.refused) os << "note      the configuration was refused by the kernel (-EFAULT / memslot)\n";
  if (r.verdict != "violation") {
    os << fmt::format("VERDICT   {}: {}\n", r.verdict, r.coverage);
    return;
  }
  for (const auto& c : r.counterexamples) {
    os << fmt::format("\nVIOLATION {} ({} memory model): {}\n", c.category, r.memory_model, c.message);
    os << fmt::format("counterexample: {} steps, {} thread switches{}\n", c.steps, c.switches,
                      c.preemption_bound >= 0
                          ? fmt::format(", fewest preemptions found: {}", c.preemption_bound)
                          : "");
    os << c.trace_text;
    os << fmt::format("replay:   {}\n", c.replay_command);
  }
  (void)ctx;
}

void ConsoleReporter::matrix(const MatrixRecord& m, std::ostream& os) {
  std::size_t w0 = 8;
  for (const auto& s : m.scenarios) w0 = std::max(w0, s.size());
  std::vector<std::size_t> w;
  for (const auto& st : m.strategies) w.push_back(std::max<std::size_t>(st.size(), 10));
  for (const auto& c : m.cells)
    for (std::size_t j = 0; j < m.strategies.size(); ++j)
      if (c.strategy == m.strategies[j]) w[j] = std::max(w[j], cell_text(c).size());
  os << fmt::format("{:<{}}", "scenario", w0);
  for (std::size_t j = 0; j < m.strategies.size(); ++j)
    os << fmt::format("  {:<{}}", m.strategies[j], w[j]);
  os << "\n";
  for (const auto& sc : m.scenarios) {
    os << fmt::format("{:<{}}", sc, w0);
    for (std::size_t j = 0; j < m.strategies.size(); ++j) {
      std::string t = "-";
      for (const auto& c : m.cells)
        if (c.scenario == sc && c.strategy == m.strategies[j]) t = cell_text(c);
      os << fmt::format("  {:<{}}", t, w[j]);
    }
    os << "\n";
  }
  os << fmt::format("{} cells, {} memory model, in {:.1f} s on {} ({} CPUs, {} build, {})\n",
                    m.cells.size(), m.cells.empty() ? "-" : m.cells.front().memory_model, m.elapsed_s,
                    m.context.host, m.context.cpus, m.context.build_type, m.context.git_revision);
}

}  // namespace tagrace::reports
