// flag-first: v5.10 mte_sync_tags() as shipped v5.10-v6.1: test_and_set_bit(PG_mte_tagged)
// FIRST, then init if it was clear. No lock: on a MAP_SHARED page in two mms another
// CPU sees the flag before the tags are cleared (tag loss and stale exposure, B1).
#pragma once

#include "model/strategy.hpp"

namespace tagrace::model {

class FlagFirstStrategy : public TagSyncStrategy {
 public:
  /// No state of its own: everything is in the page flags.
  bool save_state(StateBuffer&) const override { return true; }
  std::string name() const override { return "flag-first"; }
  /// if (!test_and_set_bit(PG_mte_tagged)) init.
  bool sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) override;
  /// test_bit(PG_mte_tagged), no barrier (v5.10).
  bool page_tags_valid(StrategyCtx& c, page* pg) override;
  /// v5.10 copy_highpage(): set the destination's flag before copying.
  void begin_tags_override(StrategyCtx& c, page* pg) override;
  void end_tags_override(StrategyCtx& c, page* pg) override;
};

}  // namespace tagrace::model
