// `tagrace project` (see project_command.hpp): writes projection.json under --out and a
// table (or --json) on stdout. Out-of-tolerance validation is reported, not hidden, and
// so is a validation too noisy to decide (exit 5, apart from out-of-tolerance's 4).
#include "app/project_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/cli_options.hpp"
#include "app/extra_commands.hpp"
#include "app/runner.hpp"
#include "app/stress_command.hpp"
#include "bench/projection/projection.hpp"
#include "reports/html_report.hpp"
#include "reports/perf_json.hpp"
#include "reports/validation_summary.hpp"

namespace tagrace::app {

namespace {

struct ProjectArgs : WorkloadArgs {
  // Short cells, repeated: the machine's load drifts over seconds, so five 0.1 s runs
  // interleaved with the reference see more of it than one 0.5 s run.
  ProjectArgs() { duration = 0.1; }
  std::string topology, workload = "vm-startup", out;
  unsigned repetitions = 5;
  bool json = false, no_validate = false;
};

int run_project(const ProjectArgs& a, const std::string& cmdline) {
  check_workload(a.workload);
  projection::ProjectionOptions o;
  o.topology = a.topology;
  o.workload = a.workload;
  o.strategies = resolve_strategies(a.strategies);
  o.init_mode = parse_init(a.init);
  o.init_delay_ns = a.delay_ns;
  o.workload_params.pages = a.pages;
  o.workload_params.vcpus_per_vm = a.vcpus;
  o.measure_s = a.duration;
  o.repetitions = a.repetitions;
  o.validate = !a.no_validate;
  std::string err;
  if (!stress::Topology::synthetic(a.topology, err)) throw UsageError(err);
  const bool tty = isatty(STDERR_FILENO);
  o.progress = [tty](const std::string& s) {
    std::cerr << fmt::format("{}project: {:<60}{}", tty ? "\r" : "", s, tty ? "" : "\n") << std::flush;
  };
  auto topo = stress::Topology::discover();
  auto rec = projection::run_projection(o, topo);
  if (tty) std::cerr << "\r" << std::string(80, ' ') << "\r";
  rec.context = run_context(cmdline);
  rec.machine = machine_info(topo);
  if (a.json) {
    std::cout << reports::projection_to_json(rec).dump(2) << "\n";
  } else {
    reports::PerfReport r;
    r.context = rec.context;
    r.projection = rec;
    reports::write_markdown_report(r, std::cout);
  }
  if (!a.out.empty()) {
    std::filesystem::create_directories(a.out);
    std::ofstream(std::filesystem::path(a.out) / "projection.json") << reports::projection_to_json(rec).dump(2) << "\n";
    std::cerr << fmt::format("wrote {}/projection.json\n", a.out);
  }
  if (!a.no_validate) std::cerr << "project: validation " << reports::validation_verdict_line(rec) << "\n";
  if (rec.verdict == "OUTSIDE") return kProjectionOutOfTolerance;
  if (rec.verdict == "unresolved") return kProjectionUnresolved;
  return 0;
}

const RegisterExtraCommand reg{[](CLI::App& app) {
  auto a = std::make_shared<ProjectArgs>();
  auto* sub = app.add_subcommand("project", "project throughput to a many-core topology (discrete-event simulation)");
  sub->add_option("--topology", a->topology, "hwloc synthetic string, e.g. \"package:2 numa:2 core:32 pu:1\"")->required();
  sub->add_option("--workload", a->workload, "vm-startup | shared-storm | steady | mixed");
  add_workload_options(sub, *a, 600.0);
  sub->add_option("--repetitions", a->repetitions,
                  fmt::format("runs of every validation cell and of its scaling reference; medians are "
                              "reported (default {}, 1-{})", a->repetitions, kMaxRepetitions))
      ->check(CLI::Range(1u, kMaxRepetitions));
  sub->add_flag("--no-validate", a->no_validate, "skip the comparison with measurements on this machine");
  sub->add_flag("--json", a->json, "print JSON instead of the tables");
  sub->add_option("--out", a->out, "also write projection.json into this folder");
  return ExtraCommand{sub, [a](const std::string& cmdline) { return run_project(*a, cmdline); }};
}};

}  // namespace

}  // namespace tagrace::app
