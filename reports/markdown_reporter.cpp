// Markdown rendering of check and matrix records.
#include "reports/markdown_reporter.hpp"

#include <fmt/format.h>

#include "reports/console_reporter.hpp"
#include "reports/json_reporter.hpp"

namespace tagrace::reports {

static void context_lines(const RunContext& c, std::ostream& os) {
  os << fmt::format("Produced by `{}` on {} ({} CPUs), {} build, {} at revision {}, {}.\n",
                    c.command, c.host, c.cpus, c.build_type, c.compiler, c.git_revision, c.date);
}

void MarkdownReporter::check(const CheckRecord& r, const RunContext& ctx, std::ostream& os) {
  os << fmt::format("## {} under {} ({}, {} memory model)\n\n", r.scenario, r.strategy, r.kernel,
                    r.memory_model);
  os << fmt::format("- parameters: {}\n- search: {} ({})\n- verdict: **{}**\n- explored: {} "
                    "executions in {:.3f} s\n- coverage: {}\n\n",
                    r.scenario_params, r.search, r.search_description, cell_text(r), r.executions,
                    r.elapsed_s, r.coverage);
  for (const auto& c : r.counterexamples) {
    os << fmt::format("### {}\n\n{}\n\n```\n{}```\n\nReplay: `{}`\n\n", c.category, c.message,
                      c.trace_text, c.replay_command);
  }
  context_lines(ctx, os);
}

void MarkdownReporter::matrix(const MatrixRecord& m, std::ostream& os) {
  os << "# tagrace verification matrix\n\n| scenario |";
  for (const auto& s : m.strategies) os << " " << s << " |";
  os << "\n|---|";
  for (std::size_t i = 0; i < m.strategies.size(); ++i) os << "---|";
  os << "\n";
  for (const auto& sc : m.scenarios) {
    os << "| " << sc << " |";
    for (const auto& st : m.strategies) {
      std::string t = "-";
      for (const auto& c : m.cells)
        if (c.scenario == sc && c.strategy == st)
          t = fmt::format("{} ({} ex)", cell_text(c), c.executions);
      os << " " << t << " |";
    }
    os << "\n";
  }
  const std::string mm = m.cells.empty() ? "-" : m.cells.front().memory_model;
  os << fmt::format("\nEach cell: verdict of an exhaustive search (source-DPOR, {} memory model) at "
                    "the scenario's default parameters, with the number of executions explored.\n\n",
                    mm == "sc" ? "sequentially consistent" : mm);
  context_lines(m.context, os);
  os << "\n## Counterexamples\n\n";
  for (const auto& c : m.cells)
    for (const auto& x : c.counterexamples)
      os << fmt::format("- **{} / {}**: {}: {} (replay: `{}`)\n", c.scenario, c.strategy,
                        x.category, x.message, x.replay_command);
}

std::unique_ptr<Reporter> make_reporter(const std::string& name) {
  if (name == "console") return std::make_unique<ConsoleReporter>();
  if (name == "json") return std::make_unique<JsonReporter>();
  if (name == "markdown") return std::make_unique<MarkdownReporter>();
  return nullptr;
}

std::vector<std::string> reporter_names() { return {"console", "json", "markdown"}; }

}  // namespace tagrace::reports
