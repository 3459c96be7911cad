// alloc-time (see alloc_time.hpp). The barrier after the flag keeps the tag stores
// ordered before the pte that set_pte_at() publishes later.
#include "model/strategies/alloc_time.hpp"

namespace tagrace::model {

namespace detail {
void tag_clear_highpage(Primitives& p, page* pg) {
  KFUNC(p, "tag_clear_highpage");
  for (unsigned g = 0; g < pg->nr_granules(); ++g) p.tag_store(pg, g, TAG_INIT, TagWrite::InitClear);
  p.set_bit(PG_mte_lock, &pg->flags);
  p.set_bit(PG_mte_tagged, &pg->flags);
  p.smp_wmb();
}
}  // namespace detail

AllocTimeStrategy::AllocTimeStrategy(std::unique_ptr<TagSyncStrategy> fallback)
    : fallback_(std::move(fallback)) {}

void AllocTimeStrategy::on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) {
  if (anon_mte) detail::tag_clear_highpage(c.p, pg);
  else fallback_->on_page_alloc(c, pg, false);
}

bool AllocTimeStrategy::sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) {
  return fallback_->sync_page_tags(c, pg, init);
}

bool AllocTimeStrategy::page_tags_valid(StrategyCtx& c, page* pg) { return fallback_->page_tags_valid(c, pg); }

void AllocTimeStrategy::begin_tags_override(StrategyCtx& c, page* pg) { fallback_->begin_tags_override(c, pg); }

void AllocTimeStrategy::end_tags_override(StrategyCtx& c, page* pg) { fallback_->end_tags_override(c, pg); }

}  // namespace tagrace::model
