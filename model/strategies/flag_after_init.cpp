// flag-after-init (see flag_after_init.hpp). The smp_wmb()/smp_rmb() pair orders the
// tags before the flag, so the only failure left is the double init.
#include "model/strategies/flag_after_init.hpp"

namespace tagrace::model {

bool FlagAfterInitStrategy::sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) {
  if (c.p.test_bit(PG_mte_tagged, &pg->flags)) {
    c.p.smp_rmb();
    return false;
  }
  init(pg);
  c.p.smp_wmb();
  c.p.set_bit(PG_mte_tagged, &pg->flags);
  return true;
}

bool FlagAfterInitStrategy::page_tags_valid(StrategyCtx& c, page* pg) {
  bool tagged = c.p.test_bit(PG_mte_tagged, &pg->flags);
  if (tagged) c.p.smp_rmb();
  return tagged;
}

void FlagAfterInitStrategy::begin_tags_override(StrategyCtx& c, page* pg) { (void)c, (void)pg; }

void FlagAfterInitStrategy::end_tags_override(StrategyCtx& c, page* pg) {
  c.p.smp_wmb();
  c.p.set_bit(PG_mte_tagged, &pg->flags);
}

}  // namespace tagrace::model
