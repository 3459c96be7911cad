// ScenarioRegistry and the registration of the built-in scenarios, one line each.
#include <mutex>

#include "scenarios/scenario.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios {

ScenarioRegistry& ScenarioRegistry::instance() {
  static ScenarioRegistry r;
  return r;
}

void ScenarioRegistry::add(std::shared_ptr<const Scenario> s) {
  for (auto& e : entries_)
    if (e->name() == s->name()) {
      e = std::move(s);
      return;
    }
  entries_.push_back(std::move(s));
}

std::shared_ptr<const Scenario> ScenarioRegistry::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e->name() == name) return e;
  return nullptr;
}

void register_builtin_scenarios() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& r = ScenarioRegistry::instance();
    r.add(detail::make_shared_mprotect_vs_fault());
    r.add(detail::make_vmm_abort_vs_fault());
    r.add(detail::make_thp_abort_vs_fault());
    r.add(detail::make_cow_vs_mprotect());
    r.add(detail::make_swap_in_shared());
    r.add(detail::make_vcpus_same_page());
    r.add(detail::make_copy_tags_vs_fault());
    r.add(detail::make_disjoint_faults());
    r.add(detail::make_mmap_over_slot_vs_fault());
  });
}

}  // namespace tagrace::scenarios
