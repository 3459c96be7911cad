// One scenario under one strategy and kernel version, packaged as an engine::Program
// over the checker backend: every execution resets the kernel, re-runs the scenario's
// setup (same objects, same addresses) and hands the thread bodies to the engine.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checkers/backend/checker_primitives.hpp"
#include "checkers/backend/trace.hpp"
#include "checkers/engine/engine.hpp"
#include "checkers/properties/property.hpp"
#include "model/kernel.hpp"
#include "model/kernel_config.hpp"
#include "model/strategy.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::app {

class ScenarioProgram {
 public:
  ScenarioProgram(std::shared_ptr<const scenarios::Scenario> scenario, model::Params sparams,
                  std::unique_ptr<model::TagSyncStrategy> strategy, model::KernelConfig cfg,
                  const std::vector<std::string>& properties);

  engine::ExploreResult explore(const engine::ExploreOptions& opts);
  /// Per-page decomposition (see app/decomposition.cpp): the class of a location, the
  /// index of the folio whose flags word or tags it is (-1: any other object). Valid
  /// once an execution has run setup; folio_count() says how many classes there are.
  std::int32_t location_class(engine::LocKey loc) const;
  std::uint32_t folio_count() const;
  /// The kernel function of the first tag copy between pages or through the swap tag
  /// store seen by the last explore() ("" if none).
  const std::string& cross_page_flow() const { return cross_page_flow_; }
  /// Replays `schedule` with the trace recorder on; the result's first violation is
  /// the replayed one (or none).
  engine::ExploreResult replay(const std::vector<engine::ThreadId>& schedule,
                               checkers::Trace* trace = nullptr);

  /// sc (default) or weak; tests may also reach the backend's mutation knobs.
  void set_memory_model(checkers::MemoryModel m) { prims_.set_memory_model(m); }
  checkers::CheckerPrimitives& primitives() { return prims_; }
  const std::vector<std::string>& thread_labels() const { return ctx_.thread_labels; }
  /// Executions in which the kernel refused the configuration (-EFAULT, memslot).
  std::uint64_t refusals() const { return refusals_; }


 private:
  class RefusalCounter;
  class FlowDetector;
  engine::Program program();
  /// Fills ctx_ (labels, pages, VMs' MTE) from the state setup() just built.
  void build_context();
  std::string name_of(const void* obj) const;

  std::shared_ptr<const scenarios::Scenario> scenario_;
  model::Params params_;
  std::unique_ptr<model::TagSyncStrategy> strategy_;
  model::KernelConfig cfg_;
  checkers::CheckerPrimitives prims_;
  std::unique_ptr<model::Kernel> kernel_;
  std::vector<std::unique_ptr<checkers::Property>> props_;
  std::unique_ptr<checkers::Property> refusal_counter_;
  std::unique_ptr<checkers::Property> flow_detector_;
  std::string cross_page_flow_;
  checkers::PropertyContext ctx_;
  std::vector<scenarios::ThreadSpec> threads_;
  std::uint64_t refusals_ = 0;
  bool context_ready_ = false;  ///< ctx_ built in the current exploration
  /// State snapshots (engine::Program::save_state), one per slot: the kernel's objects,
  /// then the strategy's, the backend's and the properties' state.
  std::vector<model::StateBuffer> saved_;
};

}  // namespace tagrace::app
