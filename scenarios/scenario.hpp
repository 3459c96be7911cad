// The scenario seam: a named race between kernel paths, with numeric parameters
// (mms, pages, granules, subpages...) and its threads. Scenarios build their initial
// state into a model::Kernel and return thread bodies that call the model's paths.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/kernel.hpp"
#include "model/params.hpp"

namespace tagrace::scenarios {

/// One simulated CPU's work: a kernel thread, a process in an mm, or a vCPU.
struct ThreadSpec {
  std::string name;     ///< e.g. "T0"
  std::string context;  ///< where it runs, e.g. "mm1 (mprotect)", "vm0 vcpu1"
  std::function<void()> body;
};

class Scenario {
 public:
  virtual ~Scenario() = default;
  virtual std::string name() const = 0;
  virtual std::string summary() const = 0;
  virtual std::vector<model::ParamSpec> params() const = 0;
  /// Build the initial state into `k` (freshly reset) and return the threads. Must be
  /// deterministic: the same parameters give the same objects at the same addresses.
  virtual std::vector<ThreadSpec> setup(model::Kernel& k, const model::Params& p) const = 0;
  /// setup() into `out`, reusing its storage (names, labels): the checker calls this
  /// every execution. The default moves setup()'s result in.
  virtual void setup_into(model::Kernel& k, const model::Params& p,
                          std::vector<ThreadSpec>& out) const {
    out = setup(k, p);
  }
  /// Runs after every thread finished: scenario assertions through k's check().
  virtual void final_check(model::Kernel& k, const model::Params& p) const { (void)k, (void)p; }
  /// Whether the threads keep all their mutable state in the Kernel's objects or on
  /// their own stacks (nothing in the scenario object, nothing on the heap), so that the
  /// checker may save and restore the state before a decision (Kernel::save_state)
  /// instead of re-running the prefix. The default says no.
  virtual bool state_in_kernel() const { return false; }
};

class ScenarioRegistry {
 public:
  static ScenarioRegistry& instance();
  void add(std::shared_ptr<const Scenario> s);  ///< replaces an entry of the same name
  std::shared_ptr<const Scenario> find(const std::string& name) const;
  const std::vector<std::shared_ptr<const Scenario>>& all() const { return entries_; }

 private:
  std::vector<std::shared_ptr<const Scenario>> entries_;
};

/// Registers the built-in scenarios (idempotent).
void register_builtin_scenarios();

}  // namespace tagrace::scenarios
