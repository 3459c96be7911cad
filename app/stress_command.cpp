// `tagrace stress --workload NAME --strategy NAME|all --threads LIST --duration SECONDS`:
// every (strategy, threads) cell on real pinned threads; a table (or --json) on stdout,
// stress.json and stress.md under --out, a progress bar on a terminal's stderr.
#include "app/stress_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/cli_options.hpp"
#include "app/extra_commands.hpp"
#include "app/runner.hpp"
#include "bench/stress/stress_runner.hpp"
#include "model/strategy.hpp"
#include "reports/html_report.hpp"
#include "reports/perf_json.hpp"

namespace tagrace::app {

std::vector<unsigned> parse_thread_list(const std::string& s) {
  std::vector<unsigned> v;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t end = s.find(',', pos);
    std::string tok = s.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    char* rest = nullptr;
    long n = std::strtol(tok.c_str(), &rest, 10);
    if (tok.empty() || *rest || n < 1 || n > 1024)
      throw UsageError("--threads: '" + tok + "' is not a thread count in [1, 1024] (example: --threads 1,2)");
    v.push_back(static_cast<unsigned>(n));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return v;
}

std::vector<std::string> resolve_strategies(const std::vector<std::string>& names) {
  model::register_builtin_strategies();
  std::vector<std::string> out;
  std::string valid;
  for (const auto& s : model::StrategyRegistry::instance().all()) valid += (valid.empty() ? "" : ", ") + s.name;
  for (const auto& n : names) {
    if (n == "all") {
      for (const auto& s : model::StrategyRegistry::instance().all()) out.push_back(s.name);
    } else if (model::StrategyRegistry::instance().find(n)) {
      out.push_back(n);
    } else {
      throw UsageError("unknown strategy '" + n + "' (valid: all, " + valid + ")");
    }
  }
  return out;
}

void check_workload(const std::string& name) {
  if (stress::make_workload(name)) return;
  std::string valid;
  for (const auto& w : stress::workload_names()) valid += (valid.empty() ? "" : ", ") + w;
  throw UsageError("unknown workload '" + name + "' (valid: " + valid + ")");
}

stress::InitMode parse_init(const std::string& s) {
  stress::InitMode m;
  if (!stress::parse_init_mode(s, m)) throw UsageError("unknown --init '" + s + "' (valid: tags, tags+data, delay)");
  return m;
}

void add_workload_options(CLI::App* sub, WorkloadArgs& a, double max_duration) {
  sub->add_option("--strategy", a.strategies, "strategy names or all (default all)");
  sub->add_option("--duration", a.duration, fmt::format("seconds per measured cell (default {})", a.duration))
      ->check(CLI::Range(0.01, max_duration));
  sub->add_option("--init", a.init, "tag-init cost: tags | tags+data | delay");
  sub->add_option("--init-delay-ns", a.delay_ns, "the calibrated delay of --init delay")->check(CLI::Range(0.0, 1e7));
  sub->add_option("--pages", a.pages, "pages per VM / shared region / op kind (default 256)")->check(CLI::Range(8u, 65536u));
  sub->add_option("--vcpus", a.vcpus, "vCPUs per VM for vm-startup/steady (default 1)")->check(CLI::Range(1u, 64u));
}

reports::MachineInfo machine_info(const stress::Topology& topo) {
  reports::MachineInfo m;
  m.cpu_model = stress::cpu_model_name();
  m.topology = topo.describe();
  m.cores = static_cast<unsigned>(topo.cores().size());
  m.pus = topo.nr_pus();
  m.load = stress::load_average();
  return m;
}

namespace {

struct StressArgs : WorkloadArgs {
  std::vector<std::string> workloads{"vm-startup"};
  std::string threads = "1,2", kernel = "v6.2", out;
  bool json = false, per_pu = false;
};

void progress_bar(double frac, const std::string& label) {
  int w = 30, n = static_cast<int>(frac * w);
  std::cerr << fmt::format("\r[{}{}] {:3.0f}% {:<48}", std::string(n, '#'), std::string(w - n, ' '), 100 * frac, label)
            << std::flush;
}

int run_stress_command(const StressArgs& a, const std::string& cmdline) {
  std::vector<std::string> wls = a.workloads;
  if (wls.size() == 1 && wls[0] == "all") wls = stress::workload_names();
  for (const auto& w : wls) check_workload(w);
  auto strategies = resolve_strategies(a.strategies);
  auto threads = parse_thread_list(a.threads);
  stress::InitMode mode = parse_init(a.init);
  if (!model::KernelConfig::for_version(a.kernel)) throw UsageError("unknown kernel version '" + a.kernel + "'");
  auto topo = stress::Topology::discover();
  reports::StressRecord rec;
  rec.context = run_context(cmdline);
  rec.machine = machine_info(topo);
  rec.init_mode = stress::init_mode_name(mode);
  rec.kernel = a.kernel;
  const bool tty = isatty(STDERR_FILENO);
  const double total = static_cast<double>(wls.size() * strategies.size() * threads.size());
  double done = 0;
  for (const auto& wl : wls)
    for (const auto& st : strategies)
      for (unsigned n : threads) {
        stress::StressOptions o;
        o.workload = wl, o.strategy = st, o.threads = n, o.duration_s = a.duration, o.init_mode = mode;
        o.init_delay_ns = a.delay_ns, o.kernel = a.kernel, o.per_pu = a.per_pu;
        o.workload_params.pages = a.pages, o.workload_params.vcpus_per_vm = a.vcpus;
        std::string label = fmt::format("{} {} x{}", wl, st, n);
        if (tty) o.progress = [&, label](double f) { progress_bar((done + f) / total, label); };
        std::vector<std::string> placement;
        rec.cells.push_back(stress::run_stress_cell(o, topo, &placement));
        if (placement.size() > rec.placement.size()) rec.placement = placement;
        done += 1;
        if (!tty) std::cerr << fmt::format("stress: {} done ({:.0f} ops/s)\n", label, rec.cells.back().ops_per_s);
      }
  if (tty) std::cerr << "\r" << std::string(90, ' ') << "\r";
  if (a.json) {
    std::cout << reports::stress_to_json(rec).dump(2) << "\n";
  } else {
    reports::PerfReport r;
    r.context = rec.context;
    r.stress = rec;
    reports::write_markdown_report(r, std::cout);
  }
  if (!a.out.empty()) {
    std::filesystem::create_directories(a.out);
    std::ofstream(std::filesystem::path(a.out) / "stress.json") << reports::stress_to_json(rec).dump(2) << "\n";
    std::cerr << fmt::format("wrote {}/stress.json\n", a.out);
  }
  for (const auto& c : rec.cells)
    if (!c.trusted)
      std::cerr << fmt::format("warning: {} / {} x{}: instrumentation overhead {:.1f}% > 5%: figures not trusted\n",
                               c.strategy, c.workload, c.threads, 100 * c.overhead);
  return 0;
}

const RegisterExtraCommand reg{[](CLI::App& app) {
  auto a = std::make_shared<StressArgs>();
  auto* sub = app.add_subcommand("stress", "real threads on real memory: throughput, latency, lock contention, tag losses");
  sub->add_option("--workload", a->workloads, "vm-startup | shared-storm | steady | mixed | all");
  sub->add_option("--threads", a->threads, "comma-separated thread counts (default 1,2)");
  add_workload_options(sub, *a, 3600.0);
  sub->add_option("--kernel", a->kernel, "kernel version whose paths run (default v6.2)");
  sub->add_flag("--per-pu", a->per_pu, "pin one worker per PU instead of per core");
  sub->add_flag("--json", a->json, "print JSON instead of the table");
  sub->add_option("--out", a->out, "also write stress.json into this folder");
  return ExtraCommand{sub, [a](const std::string& cmdline) { return run_stress_command(*a, cmdline); }};
}};

}  // namespace

}  // namespace tagrace::app
