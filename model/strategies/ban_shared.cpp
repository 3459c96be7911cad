// ban-shared (see ban_shared.hpp): v5.14 arch/arm64/kvm/mmu.c sanitise_mte_tags().
#include "model/strategies/ban_shared.hpp"

#include "model/strategies/alloc_time.hpp"

namespace tagrace::model {

void BanSharedStrategy::on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) {
  if (anon_mte) detail::tag_clear_highpage(c.p, pg);
}

bool BanSharedStrategy::sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) {
  if (c.vm_id == 0) return FlagFirstStrategy::sync_page_tags(c, pg, init);
  if (c.p.test_bit(PG_mte_tagged, &pg->flags)) return false;
  init(pg);
  c.p.set_bit(PG_mte_tagged, &pg->flags);
  return true;
}

}  // namespace tagrace::model
