// Tag-granule helpers (see tag_ops.hpp). Saved tags live in the slot's private vector:
// they are written before has_tags is published and read only after it was seen.
#include "model/paths/tag_ops.hpp"

namespace tagrace::model {

void mte_clear_page_tags(Primitives& p, page* pg) {
  KFUNC(p, "mte_clear_page_tags");
  for (unsigned g = 0; g < pg->nr_granules(); ++g) p.tag_store(pg, g, TAG_INIT, TagWrite::InitClear);
}

void mte_restore_page_tags(Primitives& p, page* pg, const swap_slot& slot) {
  KFUNC(p, "mte_restore_page_tags");
  for (unsigned g = 0; g < pg->nr_granules(); ++g) {
    tag_t v = g < slot.saved.size() ? slot.saved[g] : TAG_INIT;
    p.tag_store(pg, g, v, TagWrite::InitRestore);
  }
}

void mte_copy_page_tags(Primitives& p, page* to, const page* from) {
  KFUNC(p, "mte_copy_page_tags");
  for (unsigned g = 0; g < to->nr_granules(); ++g) {
    tag_t v = p.tag_load(from, g, TagRead::CopySource);
    p.tag_store(to, g, v, TagWrite::InitCopy);
  }
}

TagInit clear_init(Primitives& p) {
  return [&p](page* pg) { mte_clear_page_tags(p, pg); };
}

TagInit restore_init(Primitives& p, const swap_slot& slot) {
  return [&p, &slot](page* pg) { mte_restore_page_tags(p, pg, slot); };
}

}  // namespace tagrace::model
