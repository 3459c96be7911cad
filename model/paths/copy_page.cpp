// copy_highpage() (see copy_page.hpp). The tags are read as TagRead::CopySource, so a
// copy of tags that were never initialised is a stale-tag exposure.
#include "model/paths/copy_page.hpp"

#include "model/paths/tag_ops.hpp"

namespace tagrace::model {

void copy_highpage(Kernel& k, task_struct& t, page* to, page* from) {
  Primitives& p = k.p();
  KFUNC(p, "copy_highpage");
  StrategyCtx c = k.ctx(t);
  if (!k.strategy().page_tags_valid(c, from)) return;
  if (k.cfg().b13_copy_into_tagged_warns)
    p.check(!p.test_bit(PG_mte_tagged, &to->flags),
            "copy_highpage: WARN_ON_ONCE(!try_page_mte_tagging(to)) on a tagged destination (B13)");
  k.strategy().begin_tags_override(c, to);
  mte_copy_page_tags(p, to, from);
  k.strategy().end_tags_override(c, to);
}

}  // namespace tagrace::model
