// `tagrace policy` (policy_command.hpp). Unknown versions exit 2 with the valid names;
// the exit code is 0 otherwise: findings are the report, not a failure of the run.
#include "app/policy_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "model/policy/stage2_policy.hpp"

namespace tagrace::app {

using checkers::policy::DiffRecord;
using checkers::policy::PolicyRecord;
using nlohmann::json;

namespace {

std::string findings_cell(const std::vector<checkers::policy::Finding>& fs) {
  std::string s;
  for (const auto& f : fs) {
    if (!s.empty()) s += "; ";
    s += f.text();
  }
  return s.empty() ? "-" : s;
}

void print_counts(const std::map<std::string, std::pair<unsigned, unsigned>>& m, std::ostream& os) {
  for (int k = 0; k < checkers::policy::kNrFindingKinds; ++k) {
    const char* name = checkers::policy::finding_kind_name(static_cast<checkers::policy::FindingKind>(k));
    auto it = m.find(name);
    auto [cl, cf] = it == m.end() ? std::pair<unsigned, unsigned>{0, 0} : it->second;
    os << fmt::format("  {:<20} {:>3} classes {:>6} configurations\n", name, cl, cf);
  }
}

json counts_json(const std::map<std::string, std::pair<unsigned, unsigned>>& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k] = {{"classes", v.first}, {"configurations", v.second}};
  return j;
}

json shape_json(const checkers::policy::ClassShape& s) {
  json j = {{"memory", model::policy::mem_kind_name(s.mem)}, {"configuration", s.describe()}};
  return j;
}

const model::policy::Stage2Policy& policy_or_throw(const std::string& name) {
  if (const auto* p = model::policy::find_stage2_policy(name)) return *p;
  std::string valid;
  for (const auto& n : model::policy::stage2_policy_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown policy version '" + name + "' (valid: " + valid + ")");
}

struct PolicyArgs {
  std::string kernel;
  std::vector<std::string> diff;
  bool json = false;
};

int run_policy(const PolicyArgs& a, const std::string& cmdline) {
  try {
    if (a.diff.empty() == a.kernel.empty())
      throw std::invalid_argument("policy: give exactly one of --kernel VERSION or --diff A B");
    if (!a.diff.empty()) {
      DiffRecord d = checkers::policy::diff_policies(policy_or_throw(a.diff[0]), policy_or_throw(a.diff[1]));
      if (a.json) std::cout << policy_diff_json(d, cmdline) << "\n";
      else print_policy_diff(d, std::cout);
      return 0;
    }
    PolicyRecord r = checkers::policy::evaluate_policy(policy_or_throw(a.kernel));
    if (a.json) std::cout << policy_json(r, cmdline) << "\n";
    else print_policy_table(r, std::cout);
    return 0;
  } catch (const std::invalid_argument& e) {
    std::cerr << "tagrace: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

void print_policy_table(const PolicyRecord& r, std::ostream& os) {
  os << fmt::format("policy {}: {}\n", r.policy, r.summary);
  os << fmt::format("{} raw configurations enumerated, {} classes\n\n", r.raw_configs, r.classes.size());
  os << fmt::format("{:>3}  {:<21} {:<50} {:>4}  {:<34} {:<40} {:<21} {}\n", "#", "memory", "configuration",
                    "n", "memslot", "fault", "stage 2", "findings");
  unsigned i = 0;
  for (const auto& c : r.classes)
    os << fmt::format("{:>3}  {:<21} {:<50} {:>4}  {:<34} {:<40} {:<21} {}\n", ++i,
                      model::policy::mem_kind_name(c.shape.mem), c.shape.describe(), c.count, c.memslot,
                      c.fault, c.stage2, findings_cell(c.findings));
  os << "\nfindings by kind:\n";
  print_counts(r.by_kind, os);
}

void print_policy_diff(const DiffRecord& d, std::ostream& os) {
  unsigned changed = d.raw_configs - d.unchanged;
  os << fmt::format("policy diff {} -> {}: {} raw configurations, {} unchanged, {} changed in {} classes\n",
                    d.a, d.b, d.raw_configs, d.unchanged, changed, d.changed.size());
  unsigned i = 0;
  for (const auto& c : d.changed) {
    os << fmt::format("\n[{}] {}: {} ({} configurations)\n", ++i, model::policy::mem_kind_name(c.shape.mem),
                      c.shape.describe(), c.count);
    os << fmt::format("  - {:<12} {}\n", d.a, c.before);
    os << fmt::format("  + {:<12} {}\n", d.b, c.after);
  }
  os << fmt::format("\nfindings by kind (configurations): {} -> {}\n", d.a, d.b);
  for (int k = 0; k < checkers::policy::kNrFindingKinds; ++k) {
    const char* name = checkers::policy::finding_kind_name(static_cast<checkers::policy::FindingKind>(k));
    auto get = [&](const auto& m) { auto it = m.find(name); return it == m.end() ? 0u : it->second.second; };
    os << fmt::format("  {:<20} {:>6} -> {:>6}\n", name, get(d.findings_a), get(d.findings_b));
  }
}

std::string policy_json(const PolicyRecord& r, const std::string& cmdline) {
  json classes = json::array();
  for (const auto& c : r.classes) {
    json f = json::array();
    for (const auto& x : c.findings)
      f.push_back({{"kind", checkers::policy::finding_kind_name(x.kind)}, {"what", x.what}, {"bug", x.bug},
                   {"after_remap", x.after_remap}});
    json j = shape_json(c.shape);
    j.update({{"configurations", c.count}, {"memslot", c.memslot}, {"fault", c.fault},
              {"stage2", c.stage2}, {"findings", f}});
    classes.push_back(j);
  }
  json out = {{"schema", "tagrace-policy/1"}, {"command", cmdline}, {"policy", r.policy},
              {"summary", r.summary}, {"raw_configurations", r.raw_configs},
              {"classes", classes}, {"findings_by_kind", counts_json(r.by_kind)}};
  return out.dump(2);
}

std::string policy_diff_json(const DiffRecord& d, const std::string& cmdline) {
  json changed = json::array();
  for (const auto& c : d.changed) {
    json j = shape_json(c.shape);
    j.update({{"configurations", c.count}, {"before", c.before}, {"after", c.after}});
    changed.push_back(j);
  }
  json out = {{"schema", "tagrace-policy-diff/1"}, {"command", cmdline}, {"a", d.a}, {"b", d.b},
              {"raw_configurations", d.raw_configs}, {"unchanged", d.unchanged}, {"changed", changed},
              {"findings_a", counts_json(d.findings_a)}, {"findings_b", counts_json(d.findings_b)}};
  return out.dump(2);
}

ExtraCommand add_policy_command(CLI::App& app) {
  auto args = std::make_shared<PolicyArgs>();
  auto* sub = app.add_subcommand("policy", "check a stage-2 cacheability policy over every configuration");
  std::string names;
  for (const auto& n : model::policy::stage2_policy_names()) names += (names.empty() ? "" : ", ") + n;
  sub->add_option("--kernel", args->kernel, "policy version: " + names);
  sub->add_option("--diff", args->diff, "two policy versions A B: what changes class by class")->expected(2);
  sub->add_flag("--json", args->json, "print JSON");
  return ExtraCommand{sub, [args](const std::string& cmdline) { return run_policy(*args, cmdline); }};
}

}  // namespace tagrace::app
