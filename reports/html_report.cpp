// write_html_report() (see html_report.hpp). Plots are drawn per workload where the
// stress record has several; thread-scaling plots use the uninstrumented throughput.
#include "reports/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <sstream>

#include "reports/reporter.hpp"
#include "reports/svg_plot.hpp"
#include "reports/validation_summary.hpp"

namespace tagrace::reports {

namespace {

using svg::escape;

std::string provenance(const RunContext& c, const MachineInfo* m) {
  std::string machine = m && !m->cpu_model.empty()
                            ? fmt::format("{} ({}; load {})", m->cpu_model, m->topology, m->load)
                            : fmt::format("{}, {} CPUs", c.host, c.cpus);
  return fmt::format("Machine: {}. Build: {} ({}), revision {}. Command: <code>{}</code>", escape(machine),
                     escape(c.build_type), escape(c.compiler), escape(c.git_revision), escape(c.command));
}

std::string figure(const std::string& id, const std::string& title, const std::string& body, const std::string& caption) {
  return fmt::format("<figure id=\"{}\" class=\"figure\"><h3>{}</h3>{}<figcaption>{}</figcaption></figure>\n", id,
                     escape(title), body, caption);
}

std::vector<std::string> workloads_of(const StressRecord& s) {
  std::vector<std::string> v;
  for (const auto& c : s.cells)
    if (std::find(v.begin(), v.end(), c.workload) == v.end()) v.push_back(c.workload);
  return v;
}
std::vector<std::string> strategies_of(const StressRecord& s) {
  std::vector<std::string> v;
  for (const auto& c : s.cells)
    if (std::find(v.begin(), v.end(), c.strategy) == v.end()) v.push_back(c.strategy);
  return v;
}
unsigned max_threads(const StressRecord& s, const std::string& wl) {
  unsigned m = 0;
  for (const auto& c : s.cells)
    if (c.workload == wl) m = std::max(m, c.threads);
  return m;
}
const StressCellRecord* cell(const StressRecord& s, const std::string& st, const std::string& wl, unsigned n) {
  for (const auto& c : s.cells)
    if (c.strategy == st && c.workload == wl && c.threads == n) return &c;
  return nullptr;
}
const LockRecord* tag_lock(const StressCellRecord& c) {
  for (const auto& l : c.locks)
    if (l.lock == "tag-sync") return &l;
  return nullptr;
}

std::string matrix_plot(const PerfReport& r) {
  if (!r.matrix) return "<svg id=\"svg-matrix\" class=\"plot\" width=\"10\" height=\"10\"></svg><p>No matrix record.</p>";
  const MatrixRecord& m = *r.matrix;
  const int cw = 92, ch = 20, left = 230, top = 90;
  int w = left + cw * static_cast<int>(m.strategies.size()) + 10, h = top + ch * static_cast<int>(m.scenarios.size()) + 10;
  std::string s = fmt::format("<svg id=\"svg-matrix\" class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" "
                              "height=\"{}\" viewBox=\"0 0 {} {}\"><title>verification matrix</title>", w, h, w, h);
  for (std::size_t j = 0; j < m.strategies.size(); ++j)
    s += fmt::format("<text font-size=\"11\" transform=\"translate({},{}) rotate(-35)\">{}</text>",
                     left + cw * j + 10, top - 6, escape(m.strategies[j]));
  for (std::size_t i = 0; i < m.scenarios.size(); ++i) {
    s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>", left - 6,
                     top + ch * i + 14, escape(m.scenarios[i]));
    for (std::size_t j = 0; j < m.strategies.size(); ++j) {
      std::size_t k = i * m.strategies.size() + j;
      if (k >= m.cells.size()) continue;
      std::string text = cell_text(m.cells[k]);
      std::string color = m.cells[k].verdict == "verified" ? "#c7e9c0"
                          : m.cells[k].verdict == "violation" ? "#fcbba1"
                          : m.cells[k].refused ? "#dddddd" : "#fdd49e";
      s += fmt::format("<rect class=\"cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#fff\"/>"
                       "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                       left + cw * j, top + ch * i, cw, ch, color, left + cw * j + cw / 2, top + ch * i + 14, escape(text));
    }
  }
  return s + "</svg>";
}

std::string throughput_plots(const PerfReport& r) {
  std::string out;
  if (!r.stress) return "<p>No stress record.</p>";
  for (const auto& wl : workloads_of(*r.stress)) {
    std::vector<svg::Series> series;
    int i = 0;
    for (const auto& st : strategies_of(*r.stress)) {
      svg::Series se{st + " (measured)", {}, false, i};
      for (const auto& c : r.stress->cells)
        if (c.workload == wl && c.strategy == st) se.points.emplace_back(c.threads, c.ops_per_s);
      std::sort(se.points.begin(), se.points.end());
      if (!se.points.empty()) series.push_back(se);
      ++i;
    }
    out += svg::line_chart(series, {"svg-throughput-" + wl, "measured throughput, " + wl, "threads", "ops/s"});
  }
  return out;
}

std::string projection_plot(const PerfReport& r) {
  if (!r.projection) return "<svg id=\"svg-projection\" class=\"plot\" width=\"10\" height=\"10\"></svg><p>No projection record.</p>";
  std::vector<svg::Series> series;
  int i = 0;
  for (const auto& s : r.projection->series) {
    svg::Series proj{s.strategy + " (projected)", {}, true, i}, meas{s.strategy + " (measured)", {}, false, i};
    for (const auto& p : s.points) proj.points.emplace_back(p.threads, p.ops_per_s);
    for (const auto& v : s.validation) meas.points.emplace_back(v.threads, v.measured_ops_per_s);
    series.push_back(proj);
    if (!meas.points.empty()) series.push_back(meas);
    ++i;
  }
  svg::ChartOptions o{"svg-projection", "projected throughput on " + r.projection->topology + " (" +
                                            (r.projection->series.empty() ? "" : r.projection->series[0].workload) + ")",
                      "cores (log scale)", "ops/s (log scale)", true, true, 760, 420};
  return svg::line_chart(series, o);
}

std::string latency_plots(const PerfReport& r) {
  if (!r.stress) return "<p>No stress record.</p>";
  std::string out;
  for (const auto& wl : workloads_of(*r.stress)) {
    unsigned n = max_threads(*r.stress, wl);
    std::vector<svg::Series> series;
    int i = 0;
    for (const auto& st : strategies_of(*r.stress)) {
      if (const auto* c = cell(*r.stress, st, wl, n)) {
        // the slowest operation kind of the workload (the one with the init)
        const LatencyRecord* l = nullptr;
        for (const auto& x : c->latency)
          if (!l || x.count > l->count) l = &x;
        if (l) series.push_back(svg::Series{st + " " + l->kind, l->cdf, false, i});
      }
      ++i;
    }
    out += svg::line_chart(series, {"svg-latency-" + wl, fmt::format("latency CDF, {} at {} threads", wl, n),
                                    "ns (log scale)", "fraction of operations", true, false});
  }
  return out;
}

std::string bars_per_workload(const PerfReport& r, const std::string& id, const std::string& what,
                              const std::vector<std::string>& names,
                              const std::function<std::vector<double>(const StressCellRecord&)>& values) {
  if (!r.stress) return "<p>No stress record.</p>";
  std::string out;
  for (const auto& wl : workloads_of(*r.stress)) {
    unsigned n = max_threads(*r.stress, wl);
    std::vector<svg::BarGroup> groups;
    for (const auto& st : strategies_of(*r.stress))
      if (const auto* c = cell(*r.stress, st, wl, n)) groups.push_back({st, values(*c)});
    out += svg::bar_chart(names, groups, {id + "-" + wl, fmt::format("{}, {} at {} threads", what, wl, n), "", what});
  }
  return out;
}

std::string validation_plot(const PerfReport& r) {
  if (!r.projection) return "<svg id=\"svg-validation\" class=\"plot\" width=\"10\" height=\"10\"></svg><p>No projection record.</p>";
  // Each bar group is labelled with its error and noise ("!" outside, "?" unresolved),
  // so a reader sees at once which differences the repeated runs can resolve.
  std::vector<svg::BarGroup> groups;
  for (const auto& s : r.projection->series)
    for (const auto& v : s.validation)
      groups.push_back({fmt::format("{} x{} {:+.0f}\u00b1{:.0f}%{}", s.strategy, v.threads, 100 * v.error,
                                    100 * v.noise, v.verdict == "within" ? "" : v.verdict == "OUTSIDE" ? " !" : " ?"),
                        {v.measured_ops_per_s, v.predicted_ops_per_s}});
  const auto& p = *r.projection;
  return svg::bar_chart({"measured (median)", "predicted"}, groups,
                        {"svg-validation",
                         fmt::format("projection vs measurement on this machine: max |error| {:.1f}%, noise up to "
                                     "{:.1f}% ({} runs per cell): {}",
                                     100 * p.max_abs_error, 100 * p.max_noise, p.repetitions, p.verdict),
                         "", "ops/s", false, false, 900, 360});
}

}  // namespace

const std::vector<std::string>& html_plot_ids() {
  static const std::vector<std::string> v{"plot-matrix",    "plot-throughput", "plot-projection", "plot-latency",
                                          "plot-lock-wait", "plot-tag-losses", "plot-validation"};
  return v;
}

void write_html_report(const PerfReport& r, std::ostream& os) {
  const MachineInfo* sm = r.stress ? &r.stress->machine : r.projection ? &r.projection->machine : nullptr;
  std::string cap_m = r.matrix ? provenance(r.matrix->context, sm) : "No matrix record.";
  if (r.matrix && !r.matrix->cells.empty()) cap_m += ". Memory model: " + escape(r.matrix->cells.front().memory_model);
  std::string cap_s = r.stress ? provenance(r.stress->context, &r.stress->machine) +
                                     fmt::format(". Tag init: {}. Kernel paths of {}.", r.stress->init_mode, r.stress->kernel)
                               : "No stress record.";
  std::string cap_p = r.projection ? provenance(r.projection->context, &r.projection->machine) +
                                         fmt::format(". Calibration: lock+unlock {:.1f} ns, cache-line transfer {:.1f} ns{}, "
                                                     "tag init {:.1f} ns.",
                                                     r.projection->calibration.lock_unlock_ns,
                                                     r.projection->calibration.cacheline_ns,
                                                     r.projection->calibration.cacheline_measured ? "" : " (assumed)",
                                                     r.projection->calibration.init_ns)
                                   : "No projection record.";
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tagrace report</title>\n"
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
        "figure{border:1px solid #ddd;padding:8px;margin:1em 0}figcaption{font-size:12px;color:#555}"
        "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
        "code{font-size:11px}.warn{color:#b00}</style></head><body>\n";
  os << "<h1>tagrace: MTE page-tag synchronisation, verified and measured</h1>\n";
  os << "<p>" << provenance(r.context, sm) << "</p>\n";
  if (r.stress)
    for (const auto& c : r.stress->cells)
      if (!c.trusted)
        os << fmt::format("<p class=\"warn\">Untrusted: instrumentation overhead {:.1f}% for {} / {} at {} threads "
                          "(limit 5%).</p>\n", 100 * c.overhead, escape(c.strategy), escape(c.workload), c.threads);
  os << figure("plot-matrix", "Verification matrix (model checker)", matrix_plot(r), cap_m);
  os << figure("plot-throughput", "Throughput versus threads (measured, real threads)", throughput_plots(r), cap_s);
  os << figure("plot-projection", "Many-core projection (discrete-event simulation)", projection_plot(r), cap_p);
  os << figure("plot-latency", "Latency distributions", latency_plots(r), cap_s);
  os << figure("plot-lock-wait", "Tag-sync lock: wait share and contended acquisitions",
               bars_per_workload(r, "svg-lock-wait", "share", {"wait share of busy time", "contended share"},
                                 [](const StressCellRecord& c) {
                                   const LockRecord* l = tag_lock(c);
                                   return std::vector<double>{l ? l->wait_share : 0, l ? l->contended_share : 0};
                                 }),
               cap_s);
  os << figure("plot-tag-losses", "Tag losses and stale exposures seen by the shadow checks",
               bars_per_workload(r, "svg-tag-losses", "count", {"tag losses", "stale exposures"},
                                 [](const StressCellRecord& c) {
                                   return std::vector<double>{static_cast<double>(c.tag_losses),
                                                              static_cast<double>(c.stale_exposures)};
                                 }),
               cap_s);
  std::string cap_v = cap_p;
  if (r.projection)
    cap_v += fmt::format(" <span class=\"{}\">Validation: {}</span>", r.projection->within_tolerance ? "ok" : "warn",
                         escape(validation_verdict_line(*r.projection)));
  os << figure("plot-validation", "Projection validated against measurement", validation_plot(r), cap_v);
  os << "<h2>Tables</h2>\n<pre>\n";
  std::ostringstream md;
  write_markdown_report(r, md);
  os << escape(md.str()) << "</pre>\n</body></html>\n";
}

}  // namespace tagrace::reports
