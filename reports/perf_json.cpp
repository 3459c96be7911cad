// JSON of the performance records (see perf_json.hpp). Field names mirror the structs.
#include "reports/perf_json.hpp"

#include "reports/json_reporter.hpp"

namespace tagrace::reports {

using nlohmann::json;

namespace {

json machine_json(const MachineInfo& m) {
  return {{"cpu_model", m.cpu_model}, {"topology", m.topology}, {"cores", m.cores}, {"pus", m.pus}, {"load", m.load}};
}
MachineInfo machine_from(const json& j) {
  MachineInfo m;
  m.cpu_model = j.value("cpu_model", "");
  m.topology = j.value("topology", "");
  m.cores = j.value("cores", 0u);
  m.pus = j.value("pus", 0u);
  m.load = j.value("load", "");
  return m;
}

json cell_json(const StressCellRecord& c) {
  json lat = json::array(), locks = json::array();
  for (const auto& l : c.latency)
    lat.push_back({{"kind", l.kind}, {"count", l.count}, {"mean_ns", l.mean_ns}, {"p50_ns", l.p50_ns},
                   {"p99_ns", l.p99_ns}, {"p999_ns", l.p999_ns}, {"cdf", l.cdf}});
  for (const auto& l : c.locks)
    locks.push_back({{"lock", l.lock}, {"acquisitions", l.acquisitions}, {"contended", l.contended},
                     {"wait_ns", l.wait_ns}, {"hold_ns", l.hold_ns}, {"contended_share", l.contended_share},
                     {"wait_share", l.wait_share}, {"mean_hold_ns", l.mean_hold_ns}});
  return {{"strategy", c.strategy}, {"workload", c.workload}, {"threads", c.threads}, {"duration_s", c.duration_s},
          {"rounds", c.rounds}, {"ops", c.ops}, {"ops_per_s", c.ops_per_s},
          {"ops_per_s_instrumented", c.ops_per_s_instrumented}, {"overhead", c.overhead}, {"trusted", c.trusted}, {"cpu_share", c.cpu_share},
          {"latency", lat}, {"locks", locks}, {"tag_losses", c.tag_losses}, {"stale_exposures", c.stale_exposures},
          {"failed_checks", c.failed_checks}, {"acquisitions_per_kop", c.acquisitions_per_kop}};
}

StressCellRecord cell_from(const json& j) {
  StressCellRecord c;
  c.strategy = j.at("strategy");
  c.workload = j.at("workload");
  c.threads = j.at("threads");
  c.duration_s = j.value("duration_s", 0.0);
  c.rounds = j.value("rounds", 0ull);
  c.ops = j.value("ops", 0ull);
  c.ops_per_s = j.at("ops_per_s");
  c.ops_per_s_instrumented = j.value("ops_per_s_instrumented", 0.0);
  c.overhead = j.value("overhead", 0.0);
  c.trusted = j.value("trusted", true);
  c.cpu_share = j.value("cpu_share", 1.0);
  for (const auto& l : j.value("latency", json::array())) {
    LatencyRecord r;
    r.kind = l.at("kind");
    r.count = l.value("count", 0ull);
    r.mean_ns = l.value("mean_ns", 0.0);
    r.p50_ns = l.value("p50_ns", 0.0);
    r.p99_ns = l.value("p99_ns", 0.0);
    r.p999_ns = l.value("p999_ns", 0.0);
    r.cdf = l.value("cdf", std::vector<std::pair<double, double>>{});
    c.latency.push_back(std::move(r));
  }
  for (const auto& l : j.value("locks", json::array())) {
    LockRecord r;
    r.lock = l.at("lock");
    r.acquisitions = l.value("acquisitions", 0ull);
    r.contended = l.value("contended", 0ull);
    r.wait_ns = l.value("wait_ns", 0.0);
    r.hold_ns = l.value("hold_ns", 0.0);
    r.contended_share = l.value("contended_share", 0.0);
    r.wait_share = l.value("wait_share", 0.0);
    r.mean_hold_ns = l.value("mean_hold_ns", 0.0);
    c.locks.push_back(r);
  }
  c.tag_losses = j.value("tag_losses", 0ull);
  c.stale_exposures = j.value("stale_exposures", 0ull);
  c.failed_checks = j.value("failed_checks", 0ull);
  c.acquisitions_per_kop = j.value("acquisitions_per_kop", 0ull);
  return c;
}

}  // namespace

RunContext context_from_json(const json& j) {
  RunContext c;
  c.tagrace_version = j.value("tagrace_version", "");
  c.git_revision = j.value("git_revision", "");
  c.build_type = j.value("build_type", "");
  c.compiler = j.value("compiler", "");
  c.host = j.value("host", "");
  c.cpus = j.value("cpus", 0u);
  c.command = j.value("command", "");
  c.date = j.value("date", "");
  return c;
}

json stress_to_json(const StressRecord& r) {
  json cells = json::array();
  for (const auto& c : r.cells) cells.push_back(cell_json(c));
  return {{"schema_version", kPerfSchemaVersion}, {"kind", "stress"}, {"context", to_json(r.context)},
          {"machine", machine_json(r.machine)}, {"init_mode", r.init_mode}, {"kernel", r.kernel},
          {"placement", r.placement}, {"cells", cells}};
}

StressRecord stress_from_json(const json& j) {
  StressRecord r;
  r.context = context_from_json(j.at("context"));
  r.machine = machine_from(j.value("machine", json::object()));
  r.init_mode = j.value("init_mode", "");
  r.kernel = j.value("kernel", "");
  r.placement = j.value("placement", std::vector<std::string>{});
  for (const auto& c : j.at("cells")) r.cells.push_back(cell_from(c));
  return r;
}

json projection_to_json(const ProjectionRecord& r) {
  json series = json::array();
  for (const auto& s : r.series) {
    json pts = json::array(), val = json::array();
    for (const auto& p : s.points)
      pts.push_back({{"threads", p.threads}, {"ops_per_s", p.ops_per_s}, {"p99_ns", p.p99_ns},
                     {"lock_wait_share", p.lock_wait_share}});
    for (const auto& v : s.validation)
      val.push_back({{"threads", v.threads}, {"predicted_ops_per_s", v.predicted_ops_per_s},
                     {"measured_ops_per_s", v.measured_ops_per_s}, {"error", v.error},
                     {"efficiency", v.efficiency}, {"measured_runs", v.measured_runs},
                     {"efficiency_runs", v.efficiency_runs}, {"error_runs", v.error_runs},
                     {"measured_spread", v.measured_spread}, {"noise", v.noise}, {"verdict", v.verdict}});
    series.push_back({{"strategy", s.strategy}, {"workload", s.workload}, {"points", pts}, {"validation", val}});
  }
  const auto& c = r.calibration;
  return {{"schema_version", kPerfSchemaVersion}, {"kind", "projection"}, {"context", to_json(r.context)},
          {"machine", machine_json(r.machine)}, {"topology", r.topology}, {"target_cores", r.target_cores},
          {"target_pus", r.target_pus}, {"init_mode", r.init_mode},
          {"calibration", {{"lock_unlock_ns", c.lock_unlock_ns}, {"cacheline_ns", c.cacheline_ns},
                           {"init_ns", c.init_ns}, {"cross_numa_factor", c.cross_numa_factor},
                           {"cross_package_factor", c.cross_package_factor},
                           {"cacheline_measured", c.cacheline_measured}}},
          {"series", series}, {"repetitions", r.repetitions}, {"tolerance", r.tolerance},
          {"max_abs_error", r.max_abs_error}, {"max_noise", r.max_noise}, {"outside_points", r.outside_points},
          {"unresolved_points", r.unresolved_points}, {"verdict", r.verdict},
          {"within_tolerance", r.within_tolerance}};
}

ProjectionRecord projection_from_json(const json& j) {
  ProjectionRecord r;
  r.context = context_from_json(j.at("context"));
  r.machine = machine_from(j.value("machine", json::object()));
  r.topology = j.at("topology");
  r.target_cores = j.value("target_cores", 0u);
  r.target_pus = j.value("target_pus", 0u);
  r.init_mode = j.value("init_mode", "");
  const json& c = j.at("calibration");
  r.calibration.lock_unlock_ns = c.value("lock_unlock_ns", 0.0);
  r.calibration.cacheline_ns = c.value("cacheline_ns", 0.0);
  r.calibration.init_ns = c.value("init_ns", 0.0);
  r.calibration.cross_numa_factor = c.value("cross_numa_factor", 0.0);
  r.calibration.cross_package_factor = c.value("cross_package_factor", 0.0);
  r.calibration.cacheline_measured = c.value("cacheline_measured", false);
  for (const auto& s : j.at("series")) {
    ProjectionSeries ser;
    ser.strategy = s.at("strategy");
    ser.workload = s.at("workload");
    for (const auto& p : s.at("points"))
      ser.points.push_back({p.at("threads"), p.at("ops_per_s"), p.value("p99_ns", 0.0), p.value("lock_wait_share", 0.0)});
    for (const auto& v : s.value("validation", json::array())) {
      ValidationPoint p;
      p.threads = v.at("threads");
      p.predicted_ops_per_s = v.at("predicted_ops_per_s");
      p.measured_ops_per_s = v.at("measured_ops_per_s");
      p.error = v.at("error");
      p.efficiency = v.value("efficiency", 1.0);
      p.measured_runs = v.value("measured_runs", std::vector<double>{});
      p.efficiency_runs = v.value("efficiency_runs", std::vector<double>{});
      p.error_runs = v.value("error_runs", std::vector<double>{});
      p.measured_spread = v.value("measured_spread", 0.0);
      p.noise = v.value("noise", 0.0);
      p.verdict = v.value("verdict", std::string("within"));
      ser.validation.push_back(std::move(p));
    }
    r.series.push_back(std::move(ser));
  }
  r.repetitions = j.value("repetitions", 1u);  // schema 1: one run per cell
  r.tolerance = j.value("tolerance", 0.20);
  r.max_abs_error = j.value("max_abs_error", 0.0);
  r.max_noise = j.value("max_noise", 0.0);
  r.outside_points = j.value("outside_points", 0u);
  r.unresolved_points = j.value("unresolved_points", 0u);
  r.within_tolerance = j.value("within_tolerance", true);
  r.verdict = j.value("verdict", std::string(r.within_tolerance ? "within" : "OUTSIDE"));
  return r;
}

MatrixRecord matrix_from_json(const json& j) {
  MatrixRecord m;
  m.context = context_from_json(j.at("context"));
  m.scenarios = j.at("scenarios").get<std::vector<std::string>>();
  m.strategies = j.at("strategies").get<std::vector<std::string>>();
  m.elapsed_s = j.value("elapsed_s", 0.0);
  for (const auto& c : j.at("cells")) {
    CheckRecord r;
    r.scenario = c.at("scenario");
    r.strategy = c.at("strategy");
    r.verdict = c.at("verdict");
    r.violated = c.value("violated", std::vector<std::string>{});
    r.refused = c.value("refused", false);
    r.executions = c.value("executions", 0ull);
    r.memory_model = c.value("memory_model", std::string("sc"));  // records before weak became the default
    m.cells.push_back(std::move(r));
  }
  return m;
}

json report_to_json(const PerfReport& r) {
  json j = {{"schema_version", kPerfSchemaVersion}, {"kind", "report"}, {"context", to_json(r.context)}};
  if (r.stress) j["stress"] = stress_to_json(*r.stress);
  if (r.projection) j["projection"] = projection_to_json(*r.projection);
  if (r.matrix) {
    json cells = json::array();
    for (const auto& c : r.matrix->cells)
      cells.push_back({{"scenario", c.scenario}, {"strategy", c.strategy}, {"verdict", c.verdict},
                       {"violated", c.violated}, {"refused", c.refused}, {"memory_model", c.memory_model}});
    j["matrix"] = {{"context", to_json(r.matrix->context)}, {"scenarios", r.matrix->scenarios},
                   {"strategies", r.matrix->strategies}, {"cells", cells}};
  }
  return j;
}

}  // namespace tagrace::reports
