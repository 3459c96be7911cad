// flag-after-init: test_bit(PG_mte_tagged); init; set_bit(PG_mte_tagged), no lock.
// The shape of the v6.1-rc proposal and of KVM's v5.14 sanitise_mte_tags(): the flag
// is never set before the tags, but two initialisers can both clear (tag loss, B7).
#pragma once

#include "model/strategy.hpp"

namespace tagrace::model {

class FlagAfterInitStrategy : public TagSyncStrategy {
 public:
  /// No state of its own: everything is in the page flags.
  bool save_state(StateBuffer&) const override { return true; }
  std::string name() const override { return "flag-after-init"; }
  /// if (!test_bit) { init; smp_wmb; set_bit }.
  bool sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) override;
  /// test_bit, then smp_rmb() if set.
  bool page_tags_valid(StrategyCtx& c, page* pg) override;
  void begin_tags_override(StrategyCtx& c, page* pg) override;
  /// smp_wmb(); set_bit().
  void end_tags_override(StrategyCtx& c, page* pg) override;
};

}  // namespace tagrace::model
