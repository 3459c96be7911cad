// copy_highpage() (see copy_page.hpp). The tags are read as TagRead::CopySource, so a
// copy of tags that were never initialised is a stale-tag exposure. With
// CONFIG_KASAN_HW_TAGS the data copy is tag-checked and B5 resets the destination's tag.
#include "model/paths/copy_page.hpp"

#include "model/kasan.hpp"
#include "model/paths/tag_ops.hpp"

namespace tagrace::model {

void copy_highpage(Kernel& k, task_struct& t, page* to, page* from) {
  Primitives& p = k.p();
  KFUNC(p, "copy_highpage");
  StrategyCtx c = k.ctx(t);
  const bool kasan = k.cfg().kasan_hw_tags;
  // copy_page(page_address(to), page_address(from)): the data loads are tag-checked
  // (the private destination's stores cannot mismatch and are not modelled).
  if (kasan) {
    KFUNC(p, "copy_page");
    kasan_check_page_read(p, from,
                          "copy_page(): tag-check fault reading the source through page_address(): its "
                          "pointer tag came from page->flags before page_kasan_tag_reset(), its tags were "
                          "already initialised (KASAN report, B5)");
  }
  if (!k.strategy().page_tags_valid(c, from)) return;
  if (k.cfg().b13_copy_into_tagged_warns)
    p.check(!p.test_bit(PG_mte_tagged, &to->flags),
            "copy_highpage: WARN_ON_ONCE(!try_page_mte_tagging(to)) on a tagged destination (B13)");
  k.strategy().begin_tags_override(c, to);
  if (kasan && k.cfg().b5_kasan_tag_reset_at_set_pte) {
    page_kasan_tag_reset(p, to);
    p.smp_wmb();
  }
  mte_copy_page_tags(p, to, from);
  k.strategy().end_tags_override(c, to);
}

}  // namespace tagrace::model
