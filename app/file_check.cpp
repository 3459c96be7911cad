// File checks (see file_check.hpp). Each run registers the file under "PATH" or
// "PATH@+variant,-variant" so the counterexample's replay command reloads it. A run's
// memory model is its Result line's (sc/weak), else the header's `memory-model`, else
// the command line's (default_memory_model()); an explicit --memory-model runs only the
// Results that resolve to it.
#include "app/file_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>

#include "app/runner.hpp"
#include "model/kernel_config.hpp"
#include "reports/reporter.hpp"
#include "scenarios/file/file_scenario.hpp"

namespace tagrace::app {

namespace {

namespace fs = std::filesystem;
using scenarios::file::FileScenario;

struct Run {
  std::string kernel, strategy, memory_model;
  std::vector<std::string> variants;
  bool has_expectation = false;
  scenarios::file::ResultDecl expect;
};

struct Row {
  std::string file, kernel, memory_model, strategy, expected, got, status;
  double seconds = 0;
  bool ok = true;
};

std::vector<std::string> collect(const std::vector<std::string>& paths, std::ostream& err, bool& bad) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".mte") found.push_back(it->path().lexically_normal().string());
      std::sort(found.begin(), found.end());
      if (found.empty()) err << fmt::format("tagrace: {}: no .mte files under this directory\n", p);
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(fs::path(p).lexically_normal().string());
    } else {
      err << fmt::format("tagrace: {}: no such file or directory\n", p);
      bad = true;
    }
  }
  return files;
}

std::string default_strategy(const std::string& kernel) {
  auto c = model::KernelConfig::for_version(kernel);
  return c ? c->default_strategy : "pg-mte-lock";
}

std::vector<Run> plan_runs(const FileScenario& s, const CheckArgs& a) {
  const auto& f = s.file();
  const std::string cli_model = a.memory_model_set ? a.memory_model : default_memory_model(a, false);
  std::string hk = a.kernel_set ? a.kernel : s.kernel();
  std::vector<Run> runs;
  for (const auto& r : f.results) {
    Run run;
    run.kernel = r.kernel.empty() ? s.kernel() : r.kernel;
    run.strategy = !r.strategy.empty() ? r.strategy : !f.strategy.empty() ? f.strategy : default_strategy(run.kernel);
    run.memory_model = !r.memory_model.empty() ? r.memory_model : !f.memory_model.empty() ? f.memory_model
                                                                                          : cli_model;
    run.variants = r.variants;
    run.has_expectation = true;
    run.expect = r;
    if (a.kernel_set && run.kernel != a.kernel) continue;
    if (a.memory_model_set && run.memory_model != a.memory_model) continue;
    if (!a.strategy.empty() && run.strategy != a.strategy) continue;
    runs.push_back(run);
  }
  if (runs.empty()) {
    Run run;
    run.kernel = hk;
    run.strategy = !a.strategy.empty() ? a.strategy : !f.strategy.empty() ? f.strategy : default_strategy(hk);
    run.memory_model = a.memory_model_set || f.memory_model.empty() ? cli_model : f.memory_model;
    runs.push_back(run);
  }
  return runs;
}

std::string expected_text(const Run& r) {
  if (!r.has_expectation) return "-";
  if (r.expect.refused) return "Refused";
  if (!r.expect.sometimes) return "Never";
  std::string s = "Sometimes";
  for (const auto& c : r.expect.categories) s += " " + c;
  return s;
}

std::string got_text(const reports::CheckRecord& rec) {
  if (rec.verdict != "violation") return rec.verdict + (rec.refused ? " (refused)" : "");
  std::string s = "violation";
  for (const auto& c : rec.counterexamples) s += fmt::format(" {} ({} steps)", c.category, c.steps);
  return s;
}

bool holds(const Run& r, const reports::CheckRecord& rec) {
  if (rec.verdict == "incomplete") return false;
  bool violated = rec.verdict == "violation";
  if (r.expect.refused) return !violated && rec.refused;
  if (!r.expect.sometimes) return !violated;
  if (!violated) return false;
  for (const auto& c : r.expect.categories)
    if (std::find(rec.violated.begin(), rec.violated.end(), c) == rec.violated.end()) return false;
  return true;
}

}  // namespace

int run_file_check(const CheckArgs& a, const std::string& program, std::ostream& out, std::ostream& err) {
  bool bad_file = false;
  std::vector<std::string> files = collect(a.files, err, bad_file);
  std::vector<Row> rows;
  std::vector<std::string> unsupported;
  const bool single = files.size() == 1;
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& path : files) {
    std::string error;
    auto base = scenarios::file::find_or_load_file_scenario(path, error);
    auto fsc = std::dynamic_pointer_cast<const FileScenario>(base);
    if (!fsc) {
      err << (error.empty() ? path + ": not a scenario file" : error) << "\n";
      bad_file = true;
      continue;
    }
    if (auto missing = fsc->missing_capabilities(); !missing.empty()) {
      for (const auto& [cap, why] : missing)
        unsupported.push_back(fmt::format("{}: requires {}{}", path, cap, why.empty() ? "" : " (" + why + ")"));
      continue;
    }
    auto runs = plan_runs(*fsc, a);
    for (const auto& run : runs) {
      std::string spec = path;
      for (std::size_t i = 0; i < run.variants.size(); ++i) spec += (i ? "," : "@") + run.variants[i];
      if (!scenarios::file::find_or_load_file_scenario(spec, error)) {
        err << error << "\n";
        bad_file = true;
        continue;
      }
      CheckArgs ra = a;
      ra.scenario = spec;
      ra.kernel = run.kernel;
      ra.strategy = run.strategy;
      ra.memory_model = run.memory_model;
      ra.memory_model_set = true;
      if (ra.properties.empty())
        for (const auto& c : fsc->file().checks)
          if (c != "liveness") ra.properties.push_back(c);
      CheckRequest req = make_request(ra, program, false);
      auto rec = run_check(req);
      if (run.has_expectation && run.expect.sometimes && rec.verdict == "violation" && !holds(run, rec)) {
        req.all_categories = true;  // the expected kind may not be the first one found
        rec = run_check(req);
      }
      Row row{path, run.kernel, run.memory_model, run.strategy + (run.variants.empty() ? "" : " " + fmt::format("{}", fmt::join(run.variants, " "))),
              expected_text(run), got_text(rec), "", rec.elapsed_s, true};
      row.ok = !run.has_expectation || holds(run, rec);
      row.status = !run.has_expectation ? "no expectation" : row.ok ? "ok" : "FAILED";
      if ((single && runs.size() == 1) || !row.ok) {
        auto reporter = reports::make_reporter(a.format.empty() ? (a.json ? "json" : "console") : a.format);
        if (reporter) reporter->check(rec, run_context(program + " check " + path), out);
      }
      rows.push_back(row);
    }
  }
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::size_t failed = 0, w = 4;
  for (const auto& r : rows) failed += !r.ok, w = std::max(w, r.file.size());
  if (!rows.empty()) {
    out << fmt::format("\n{:<{}}  {:<8} {:<5} {:<44} {:<30} {:<44} {:>8}  {}\n", "FILE", w, "KERNEL", "MODEL",
                       "STRATEGY", "EXPECTED", "GOT", "TIME", "STATUS");
    for (const auto& r : rows)
      out << fmt::format("{:<{}}  {:<8} {:<5} {:<44} {:<30} {:<44} {:>7.3f}s  {}\n", r.file, w, r.kernel,
                         r.memory_model, r.strategy, r.expected, r.got, r.seconds, r.status);
  }
  if (!unsupported.empty()) {
    out << "\nknown-unsupported (not run until the checker has the capability):\n";
    for (const auto& u : unsupported) out << "  " << u << "\n";
  }
  out << fmt::format("\n{} file(s), {} run(s): {} as expected, {} not; {} known-unsupported; {:.2f} s\n", files.size(),
                     rows.size(), rows.size() - failed, failed, unsupported.size(), total);
  if (bad_file) return 2;
  return failed ? 1 : 0;
}

}  // namespace tagrace::app
