// Lock-based strategies' common protocol (see locked_strategy.hpp).
#include "model/strategies/locked_strategy.hpp"

namespace tagrace::model::detail {

bool LockedStrategy::sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) {
  if (c.p.test_bit(PG_mte_tagged, &pg->flags)) {
    c.p.smp_rmb();
    return false;
  }
  spinlock_t* lock = lock_for(c, pg);
  c.p.spin_lock(lock);
  bool won = !c.p.test_bit(PG_mte_tagged, &pg->flags);
  if (won) {
    init(pg);
    c.p.smp_wmb();
    c.p.set_bit(PG_mte_tagged, &pg->flags);
  }
  c.p.spin_unlock(lock);
  return won;
}

bool LockedStrategy::page_tags_valid(StrategyCtx& c, page* pg) {
  bool tagged = c.p.test_bit(PG_mte_tagged, &pg->flags);
  if (tagged) c.p.smp_rmb();
  return tagged;
}

void LockedStrategy::begin_tags_override(StrategyCtx& c, page* pg) { c.p.spin_lock(lock_for(c, pg)); }

void LockedStrategy::end_tags_override(StrategyCtx& c, page* pg) {
  c.p.smp_wmb();
  c.p.set_bit(PG_mte_tagged, &pg->flags);
  c.p.spin_unlock(lock_for(c, pg));
}

}  // namespace tagrace::model::detail
