// no-flag: the 2021 suggestion to drop PG_mte_tagged: tags are zeroed at every
// allocation (clear_page) and copied with the data (copy_page), so there is no lazy
// init to race on. Cost: every page clear/copy pays for the tags. Deviation: swap-in
// has no restore hook here, so tags do not survive swap under this strategy.
#pragma once

#include "model/strategy.hpp"

namespace tagrace::model {

class NoFlagStrategy : public TagSyncStrategy {
 public:
  /// No state of its own: everything is in the page flags.
  bool save_state(StateBuffer&) const override { return true; }
  std::string name() const override { return "no-flag"; }
  /// clear_page(): every allocation clears the tags.
  void on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) override;
  bool sync_page_tags(StrategyCtx&, page*, const TagInit&) override { return false; }
  bool page_tags_valid(StrategyCtx&, page*) override { return true; }
  void begin_tags_override(StrategyCtx&, page*) override {}
  void end_tags_override(StrategyCtx&, page*) override {}
};

}  // namespace tagrace::model
