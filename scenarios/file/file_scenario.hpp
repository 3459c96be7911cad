// FileScenario: a scenarios::Scenario read from a .mte file, so a file runs through
// the same runner, search and properties as any C++ scenario. setup() replays the
// compiled Plan through the Kernel's setup helpers; thread bodies call model paths.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scenarios/file/ast.hpp"
#include "scenarios/file/plan.hpp"
#include "scenarios/file/world.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::scenarios::file {

/// Capabilities the checker has; a file that `requires` another is known-unsupported.
const std::vector<std::string>& checker_capabilities();

class FileScenario : public Scenario {
 public:
  /// `variant_overrides`: "+name"/"-name" applied after the header's variants.
  FileScenario(ScenarioFile f, std::string registry_name, std::vector<std::string> variant_overrides = {});

  std::string name() const override { return registry_name_; }
  std::string summary() const override;
  std::vector<model::ParamSpec> params() const override;
  std::vector<ThreadSpec> setup(model::Kernel& k, const model::Params& p) const override;
  void setup_into(model::Kernel& k, const model::Params& p,
                  std::vector<ThreadSpec>& out) const override;
  void final_check(model::Kernel& k, const model::Params& p) const override;
  /// The bodies read their ThreadCtx and the World, both fixed once setup() returns.
  bool state_in_kernel() const override { return true; }

  const ScenarioFile& file() const { return file_; }
  /// The header's kernel version (v6.2 if none).
  std::string kernel() const { return file_.kernel.empty() ? "v6.2" : file_.kernel; }
  /// Unmet `requires` lines: capability and reason.
  std::vector<std::pair<std::string, std::string>> missing_capabilities() const;
  /// Compiles (and caches) the plan for resolved parameters; throws FileError.
  const Plan& plan(const model::Params& p) const;

 private:
  ScenarioFile file_;
  std::string registry_name_;
  std::vector<std::string> overrides_;
  /// What executions on one Kernel reuse: the plan for the parameters they were given,
  /// the world and the thread contexts the bodies point at, rebuilt in place by every
  /// setup() (objects sit at the same addresses in every execution). One per Kernel
  /// that ran this scenario, kept as long as the scenario: a few hundred bytes each.
  struct ThreadCtx {
    model::Kernel* k = nullptr;
    model::task_struct* t = nullptr;
    model::kvm* vm = nullptr;
    World* w = nullptr;
    const PlanThread* plan = nullptr;
  };
  struct Slot {
    const model::Kernel* kernel = nullptr;
    model::Params params;
    const Plan* plan = nullptr;  ///< plans_'s plan for `params` (nullptr: not looked up)
    World world;
    std::vector<ThreadCtx> threads;
  };
  /// The slot of `k`, its plan reset when `p` differs from the slot's parameters.
  Slot& slot_for(const model::Kernel& k, const model::Params& p) const;

  mutable std::mutex mu_;
  mutable std::map<std::string, std::unique_ptr<Plan>> plans_;
  mutable std::vector<std::unique_ptr<Slot>> slots_;
  /// The slot final_check() found last, checked against its kernel before use: a search
  /// calls final_check() once per execution, and looking the slot up under mu_ cost a
  /// lock and a walk each time. Slots are never freed before the scenario.
  mutable std::atomic<const Slot*> last_final_{nullptr};
};

/// Parses and validates `text` (names of versions, strategies, variants, properties;
/// compiles the plan at default parameters). Throws FileError.
std::shared_ptr<FileScenario> load_scenario_text(const std::string& text, const std::string& path,
                                                 const std::string& registry_name = "",
                                                 const std::vector<std::string>& variant_overrides = {});

/// Reads and loads a file; errors come back as "path:line:col: message" in `error`.
std::shared_ptr<FileScenario> load_scenario_file(const std::string& path, std::string& error,
                                                 const std::string& registry_name = "",
                                                 const std::vector<std::string>& variant_overrides = {});

/// `--scenario PATH[@+variant,-variant]`: loads the file and registers it under that
/// exact name (so replay commands work); nullptr if it is not a readable .mte file.
std::shared_ptr<const Scenario> find_or_load_file_scenario(const std::string& spec, std::string& error);

}  // namespace tagrace::scenarios::file
