// Per-execution shadow state per (page, granule) shared by the tag properties: a flat
// table over PropertyContext::pages, reset at every execution without reallocating.
#pragma once

#include "model/state_buffer.hpp"

#include <cstdint>
#include <vector>

#include "checkers/engine/engine.hpp"
#include "model/page.hpp"

namespace tagrace::checkers::detail {

template <class State>
class GranuleTable {
 public:
  void reset(const std::vector<const model::page*>& pages) {
    pages_ = &pages;
    offsets_.clear();
    std::size_t n = 0;
    for (const auto* pg : pages) {
      offsets_.push_back(n);
      n += pg->nr_granules();
    }
    states_.assign(n, State{});
  }
  /// nullptr for a page the scenario did not declare.
  State* find(const model::page* pg, unsigned granule) {
    const auto& pages = *pages_;
    for (std::size_t i = 0; i < pages.size(); ++i)
      if (pages[i] == pg) return &states_[offsets_[i] + granule];
    return nullptr;
  }
  /// State snapshots: the granules' states (the page list is fixed per exploration).
  void save_state(model::StateBuffer& out) const {
    out.put_bytes(states_.data(), states_.size() * sizeof(State));
  }
  void restore_state(model::StateBuffer& in) {
    in.get_bytes(states_.data(), states_.size() * sizeof(State));
  }
  /// Resets the granules of one page (a new allocation lifetime).
  void reset_page(const model::page* pg) {
    for (unsigned g = 0; g < pg->nr_granules(); ++g)
      if (auto* s = find(pg, g)) *s = State{};
  }

 private:
  const std::vector<const model::page*>* pages_ = nullptr;
  std::vector<std::size_t> offsets_;
  std::vector<State> states_;
};

}  // namespace tagrace::checkers::detail
