// write_markdown_report() (see html_report.hpp): the report's tables as Markdown.
#include <fmt/format.h>

#include "reports/html_report.hpp"
#include "reports/reporter.hpp"
#include "reports/validation_summary.hpp"

namespace tagrace::reports {

namespace {
void context_line(const RunContext& c, const MachineInfo* m, std::ostream& os) {
  os << fmt::format("Machine: {}{}. Build: {}, revision {}. Command: `{}`\n\n",
                    m && !m->cpu_model.empty() ? m->cpu_model + " (" + m->topology + ", load " + m->load + ")" : c.host,
                    "", c.build_type, c.git_revision, c.command);
}
}  // namespace

void write_markdown_report(const PerfReport& r, std::ostream& os) {
  os << "# tagrace report\n\n";
  if (r.matrix) {
    os << "## Verification matrix\n\n";
    context_line(r.matrix->context, nullptr, os);
    if (!r.matrix->cells.empty()) os << "Memory model: " << r.matrix->cells.front().memory_model << ".\n\n";
    os << "| scenario |";
    for (const auto& s : r.matrix->strategies) os << " " << s << " |";
    os << "\n|---|";
    for (std::size_t i = 0; i < r.matrix->strategies.size(); ++i) os << "---|";
    os << "\n";
    for (std::size_t i = 0; i < r.matrix->scenarios.size(); ++i) {
      os << "| " << r.matrix->scenarios[i] << " |";
      for (std::size_t j = 0; j < r.matrix->strategies.size(); ++j) {
        std::size_t k = i * r.matrix->strategies.size() + j;
        os << " " << (k < r.matrix->cells.size() ? cell_text(r.matrix->cells[k]) : "") << " |";
      }
      os << "\n";
    }
    os << "\n";
  }
  if (r.stress) {
    os << "## Stress (real threads)\n\n";
    context_line(r.stress->context, &r.stress->machine, os);
    os << fmt::format("Tag init: {}. Placement: {}\n\n", r.stress->init_mode,
                      fmt::format("{}", fmt::join(r.stress->placement, "; ")));
    os << "| workload | strategy | threads | ops/s | overhead | trusted | p50 ns | p99 ns | p99.9 ns | "
          "lock acq/kop | contended | wait share | mean hold ns | tag losses | stale exposures |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& c : r.stress->cells) {
      const LatencyRecord* l = nullptr;
      for (const auto& x : c.latency)
        if (!l || x.count > l->count) l = &x;
      const LockRecord* k = nullptr;
      for (const auto& x : c.locks)
        if (x.lock == "tag-sync") k = &x;
      os << fmt::format("| {} | {} | {} | {:.0f} | {:.1f}% | {} | {:.0f} | {:.0f} | {:.0f} | {} | {:.1f}% | {:.1f}% | "
                        "{:.0f} | {} | {} |\n",
                        c.workload, c.strategy, c.threads, c.ops_per_s, 100 * c.overhead, c.trusted ? "yes" : "NO",
                        l ? l->p50_ns : 0, l ? l->p99_ns : 0, l ? l->p999_ns : 0, c.acquisitions_per_kop,
                        k ? 100 * k->contended_share : 0, k ? 100 * k->wait_share : 0, k ? k->mean_hold_ns : 0,
                        c.tag_losses, c.stale_exposures);
    }
    os << "\n";
  }
  if (r.projection) {
    const auto& p = *r.projection;
    os << "## Projection\n\n";
    context_line(p.context, &p.machine, os);
    os << fmt::format("Topology `{}` ({} cores). Calibration: lock+unlock {:.1f} ns, cache-line transfer {:.1f} ns{}, "
                      "tag init ({}) {:.1f} ns; cross-NUMA x{}, cross-package x{} (assumed).\n\n",
                      p.topology, p.target_cores, p.calibration.lock_unlock_ns, p.calibration.cacheline_ns,
                      p.calibration.cacheline_measured ? " (ping-pong)" : " (assumed)", p.init_mode,
                      p.calibration.init_ns, p.calibration.cross_numa_factor, p.calibration.cross_package_factor);
    os << "| strategy | workload | threads | projected ops/s | p99 ns | lock wait share |\n|---|---|---|---|---|---|\n";
    for (const auto& s : p.series)
      for (const auto& pt : s.points)
        os << fmt::format("| {} | {} | {} | {:.0f} | {:.0f} | {:.1f}% |\n", s.strategy, s.workload, pt.threads,
                          pt.ops_per_s, pt.p99_ns, 100 * pt.lock_wait_share);
    os << "\nValidation on this machine: " << validation_verdict_line(p) << "\n\n";
    os << "Measured: median of the runs (spread: IQR / median). Error: prediction from the median inputs against "
          "the median measurement. Noise: IQR of the per-run errors (each run's prediction against its own "
          "measurement). Scaling: median per-run share-nothing reference (eff). 1 thread: the calibration "
          "point (0% by construction).\n\n";
    os << "| strategy | threads | measured ops/s | spread | predicted ops/s | error | noise | scaling | verdict |\n"
          "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& s : p.series)
      for (const auto& v : s.validation)
        os << fmt::format("| {} | {} | {:.0f} | {:.1f}% | {:.0f} | {:+.1f}% | {:.1f}% | {:.2f} | {} |\n", s.strategy,
                          v.threads, v.measured_ops_per_s, 100 * v.measured_spread, v.predicted_ops_per_s,
                          100 * v.error, 100 * v.noise, v.efficiency, v.verdict);
  }
}

}  // namespace tagrace::reports
