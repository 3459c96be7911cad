// flag-first (see flag_first.hpp): arch/arm64/kernel/mte.c at v5.10.
#include "model/strategies/flag_first.hpp"

namespace tagrace::model {

bool FlagFirstStrategy::sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) {
  if (c.p.test_and_set_bit(PG_mte_tagged, &pg->flags)) return false;
  init(pg);
  return true;
}

bool FlagFirstStrategy::page_tags_valid(StrategyCtx& c, page* pg) {
  return c.p.test_bit(PG_mte_tagged, &pg->flags);
}

void FlagFirstStrategy::begin_tags_override(StrategyCtx& c, page* pg) {
  c.p.set_bit(PG_mte_tagged, &pg->flags);
}

void FlagFirstStrategy::end_tags_override(StrategyCtx& c, page* pg) { (void)c, (void)pg; }

}  // namespace tagrace::model
