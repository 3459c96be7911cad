// The report page and the performance JSON: every plot is on the page with its
// provenance, nothing is fetched from the network, and records survive a JSON round trip.
#include <gtest/gtest.h>

#include <sstream>

#include "reports/html_report.hpp"
#include "reports/perf_json.hpp"

namespace tagrace::reports {
namespace {

PerfReport sample() {
  PerfReport r;
  r.context.command = "tagrace report --in reports";
  r.context.build_type = "Release";
  MatrixRecord m;
  m.context.command = "tagrace matrix";
  m.scenarios = {"s1"};
  m.strategies = {"flag-first", "pg-mte-lock"};
  CheckRecord a, b;
  a.scenario = b.scenario = "s1";
  a.strategy = "flag-first", a.verdict = "violation", a.violated = {"tag-loss"};
  b.strategy = "pg-mte-lock", b.verdict = "verified";
  m.cells = {a, b};
  r.matrix = m;
  StressRecord s;
  s.context.command = "tagrace stress --workload vm-startup";
  s.context.build_type = "Release";
  s.machine.cpu_model = "Test CPU";
  s.init_mode = "tags";
  for (const char* st : {"global-lock", "pg-mte-lock"})
    for (unsigned n : {1u, 2u}) {
      StressCellRecord c;
      c.strategy = st, c.workload = "vm-startup", c.threads = n, c.ops_per_s = 1e6 * n;
      c.latency.push_back({"stage2-fault", 10, 500, 400, 900, 1200, {{400, 0.5}, {1200, 1.0}}});
      c.locks.push_back({"tag-sync", 100, 10, 1000, 2000, 0.1, 0.02, 20});
      c.tag_losses = 0, c.stale_exposures = 0;
      s.cells.push_back(c);
    }
  r.stress = s;
  ProjectionRecord p;
  p.context.command = "tagrace project --topology \"package:2 core:4 pu:1\"";
  p.topology = "package:2 core:4 pu:1";
  ProjectionSeries ser{"global-lock", "vm-startup", {{1, 1e6, 900, 0}, {8, 2e6, 5000, 0.5}}, {}};
  ValidationPoint v1, v2;
  v1.threads = 1, v1.predicted_ops_per_s = 1e6, v1.measured_ops_per_s = 1.05e6, v1.error = -0.05;
  v2.threads = 2, v2.predicted_ops_per_s = 1.6e6, v2.measured_ops_per_s = 1.5e6, v2.error = 0.066;
  v2.measured_runs = {1.4e6, 1.5e6, 1.55e6}, v2.efficiency_runs = {0.9, 0.8, 0.85};
  v2.error_runs = {0.1, 0.05, 0.3}, v2.measured_spread = 0.05, v2.noise = 0.125, v2.efficiency = 0.85;
  v2.verdict = "unresolved";
  ser.validation = {v1, v2};
  p.series.push_back(ser);
  p.repetitions = 3;
  p.max_abs_error = 0.066;
  p.max_noise = 0.125;
  p.unresolved_points = 1;
  p.verdict = "unresolved";
  p.within_tolerance = false;
  r.projection = p;
  return r;
}

TEST(HtmlReport, ContainsEveryPlotWithProvenanceAndNoNetworkFetches) {
  std::ostringstream os;
  write_html_report(sample(), os);
  std::string html = os.str();
  for (const auto& id : html_plot_ids()) {
    auto pos = html.find("id=\"" + id + "\"");
    ASSERT_NE(pos, std::string::npos) << id;
    auto end = html.find("</figure>", pos);
    std::string fig = html.substr(pos, end - pos);
    EXPECT_NE(fig.find("<svg"), std::string::npos) << id;
    EXPECT_NE(fig.find("Command:"), std::string::npos) << id;
    EXPECT_NE(fig.find("Build:"), std::string::npos) << id;
  }
  EXPECT_NE(html.find("svg-throughput-vm-startup"), std::string::npos);
  EXPECT_NE(html.find("svg-latency-vm-startup"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(HtmlReport, ValidationFigureStatesTheVerdictWithErrorAndNoise) {
  std::ostringstream os;
  write_html_report(sample(), os);
  std::string html = os.str();
  auto pos = html.find("id=\"plot-validation\"");
  ASSERT_NE(pos, std::string::npos);
  std::string fig = html.substr(pos, html.find("</figure>", pos) - pos);
  EXPECT_NE(fig.find("class=\"warn\">Validation: UNRESOLVED"), std::string::npos) << fig;
  EXPECT_NE(fig.find("global-lock x2 +7\u00b112% ?"), std::string::npos) << fig;
}

TEST(PerfJson, OldProjectionRecordsReadAsOneRunPerCell) {
  auto pj = projection_to_json(*sample().projection);
  pj.erase("repetitions"), pj.erase("verdict"), pj.erase("max_noise");
  pj["within_tolerance"] = false;
  for (auto& v : pj["series"][0]["validation"]) v.erase("noise"), v.erase("error_runs"), v.erase("verdict");
  auto r = projection_from_json(pj);
  EXPECT_EQ(r.repetitions, 1u);
  EXPECT_EQ(r.verdict, "OUTSIDE");
  EXPECT_TRUE(r.series[0].validation[1].error_runs.empty());
}

TEST(PerfJson, StressAndProjectionRecordsRoundTrip) {
  PerfReport r = sample();
  auto sj = stress_to_json(*r.stress);
  EXPECT_EQ(sj.at("schema_version"), kPerfSchemaVersion);
  EXPECT_TRUE(sj.at("context").contains("build_type"));
  auto s2 = stress_from_json(sj);
  ASSERT_EQ(s2.cells.size(), 4u);
  EXPECT_EQ(s2.cells[3].ops_per_s, 2e6);
  EXPECT_EQ(s2.cells[0].latency[0].cdf.size(), 2u);
  EXPECT_EQ(stress_to_json(s2), sj);
  auto pj = projection_to_json(*r.projection);
  EXPECT_EQ(projection_to_json(projection_from_json(pj)), pj);
  auto back = projection_from_json(pj);
  EXPECT_EQ(back.verdict, "unresolved");
  EXPECT_EQ(back.series[0].validation[1].error_runs.size(), 3u);
  EXPECT_DOUBLE_EQ(back.series[0].validation[1].noise, 0.125);
}

TEST(MarkdownReport, HasTheMatrixStressAndValidationTables) {
  std::ostringstream os;
  write_markdown_report(sample(), os);
  std::string md = os.str();
  EXPECT_NE(md.find("## Verification matrix"), std::string::npos);
  EXPECT_NE(md.find("| vm-startup | global-lock | 2 |"), std::string::npos);
  EXPECT_NE(md.find("Validation on this machine: UNRESOLVED at the 20% tolerance"), std::string::npos) << md;
  EXPECT_NE(md.find("| global-lock | 2 | 1500000 | 5.0% | 1600000 | +6.6% | 12.5% | 0.85 | unresolved |"),
            std::string::npos) << md;
}

}  // namespace
}  // namespace tagrace::reports
