// The objects one execution of a FileScenario built, indexed as the Plan numbers them,
// and the helpers that read the final state (conditions) and set the KernelConfig.
#pragma once

#include <string>
#include <vector>

#include "model/kernel.hpp"
#include "scenarios/file/ast.hpp"
#include "scenarios/file/plan.hpp"

namespace tagrace::scenarios::file {

struct World {
  std::vector<model::address_space*> memfds;
  std::vector<model::page*> pages;
  std::vector<model::mm_struct*> mms;
  std::vector<model::kvm*> vms;
  std::vector<unsigned long> swaps;
  model::page* zero = nullptr;       ///< the first `zero_page` (ZERO_PAGE(0))
  model::page* huge_zero_folio = nullptr;  ///< the first `zero_page NAME huge N`
  model::page* small_zero() const { return zero; }
  /// Forgets every object, keeping the vectors' storage (a new execution).
  void clear() {
    memfds.clear(), pages.clear(), mms.clear(), vms.clear(), swaps.clear();
    zero = huge_zero_folio = nullptr;
  }
  model::page* huge_zero() const { return huge_zero_folio; }
};

/// Evaluates a condition over the final state (reads plain memory: threads are done).
bool eval_cond(model::Kernel& k, const World& w, const PlanCond& c);

/// Header variants, then overrides ("+name"/"-name"), then `config` knobs.
void apply_config(model::KernelConfig& cfg, const ScenarioFile& f, const std::vector<std::string>& overrides);

/// The `config` knobs a file may set, for messages; true if `key value` is valid.
bool valid_config(const std::string& key, const std::string& value, std::string& valid);

}  // namespace tagrace::scenarios::file
