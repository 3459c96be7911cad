// pg-mte-lock (see pg_mte_lock.hpp), the v6.2 primitives verbatim.
#include "model/strategies/pg_mte_lock.hpp"

namespace tagrace::model {

void set_page_mte_tagged(Primitives& p, page* pg) {
  KFUNC(p, "set_page_mte_tagged");
  p.smp_wmb();
  p.set_bit(PG_mte_tagged, &pg->flags);
}

bool page_mte_tagged(Primitives& p, page* pg) {
  bool ret = p.test_bit(PG_mte_tagged, &pg->flags);
  if (ret) p.smp_rmb();
  return ret;
}

bool try_page_mte_tagging(Primitives& p, page* pg) {
  KFUNC(p, "try_page_mte_tagging");
  if (!p.test_and_set_bit(PG_mte_lock, &pg->flags)) return true;
  p.cond_load_acquire_bit(PG_mte_tagged, &pg->flags);
  return false;
}

void PgMteLockStrategy::on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) {
  if (!anon_mte) return;
  KFUNC(c.p, "tag_clear_highpage");
  c.p.check(try_page_mte_tagging(c.p, pg), "tag_clear_highpage: new page already tagged");
  for (unsigned g = 0; g < pg->nr_granules(); ++g) c.p.tag_store(pg, g, TAG_INIT, TagWrite::InitClear);
  set_page_mte_tagged(c.p, pg);
}

bool PgMteLockStrategy::sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) {
  if (page_mte_tagged(c.p, pg)) return false;
  if (!try_page_mte_tagging(c.p, pg)) return false;
  init(pg);
  set_page_mte_tagged(c.p, pg);
  return true;
}

bool PgMteLockStrategy::page_tags_valid(StrategyCtx& c, page* pg) { return page_mte_tagged(c.p, pg); }

void PgMteLockStrategy::begin_tags_override(StrategyCtx& c, page* pg) {
  (void)try_page_mte_tagging(c.p, pg);
}

void PgMteLockStrategy::end_tags_override(StrategyCtx& c, page* pg) { set_page_mte_tagged(c.p, pg); }

}  // namespace tagrace::model
