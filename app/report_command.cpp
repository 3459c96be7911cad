// `tagrace report --in DIR`: reads matrix.json, stress.json and projection.json (any
// may be missing) and writes report.html (self-contained, inline SVG), report.md and
// report.json next to them.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/cli_options.hpp"
#include "app/extra_commands.hpp"
#include "app/runner.hpp"
#include "reports/html_report.hpp"
#include "reports/perf_json.hpp"

namespace tagrace::app {

namespace {

struct ReportArgs {
  std::string in = "reports", out;
};

std::optional<nlohmann::json> load(const std::filesystem::path& p) {
  std::ifstream f(p);
  if (!f) return std::nullopt;
  try {
    return nlohmann::json::parse(f);
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{}: not valid JSON ({})", p.string(), e.what()));
  }
}

int run_report(const ReportArgs& a, const std::string& cmdline) {
  namespace fs = std::filesystem;
  fs::path in(a.in), out(a.out.empty() ? a.in : a.out);
  if (!fs::is_directory(in)) throw UsageError("--in: no such folder '" + a.in + "'");
  reports::PerfReport r;
  r.context = run_context(cmdline);
  try {
    if (auto j = load(in / "matrix.json")) r.matrix = reports::matrix_from_json(*j);
    if (auto j = load(in / "stress.json")) r.stress = reports::stress_from_json(*j);
    if (auto j = load(in / "projection.json")) r.projection = reports::projection_from_json(*j);
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(std::string("malformed record: ") + e.what());
  }
  if (!r.matrix && !r.stress && !r.projection)
    throw UsageError("no matrix.json, stress.json or projection.json in '" + a.in + "'");
  fs::create_directories(out);
  std::ofstream html(out / "report.html"), md(out / "report.md"), js(out / "report.json");
  reports::write_html_report(r, html);
  reports::write_markdown_report(r, md);
  js << reports::report_to_json(r).dump(2) << "\n";
  std::cerr << fmt::format("wrote {0}/report.html, {0}/report.md and {0}/report.json\n", out.string());
  return 0;
}

const RegisterExtraCommand reg{[](CLI::App& app) {
  auto a = std::make_shared<ReportArgs>();
  auto* sub = app.add_subcommand("report", "one HTML page (inline SVG) + Markdown + JSON from the records in a folder");
  sub->add_option("--in", a->in, "folder with matrix.json / stress.json / projection.json (default reports)");
  sub->add_option("--out", a->out, "folder for report.html, report.md, report.json (default: --in)");
  return ExtraCommand{sub, [a](const std::string& cmdline) { return run_report(*a, cmdline); }};
}};

}  // namespace

}  // namespace tagrace::app
