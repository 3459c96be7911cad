// no-flag (see no_flag.hpp).
#include "model/strategies/no_flag.hpp"

namespace tagrace::model {

void NoFlagStrategy::on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) {
  (void)anon_mte;
  KFUNC(c.p, "clear_page");
  for (unsigned g = 0; g < pg->nr_granules(); ++g) c.p.tag_store(pg, g, TAG_INIT, TagWrite::InitClear);
  c.p.smp_wmb();
}

}  // namespace tagrace::model
