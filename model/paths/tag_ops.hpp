// Tag-granule helpers of arch/arm64/lib/mte.S and arch/arm64/mm/mteswap.c: the inits
// (clear, restore, copy) and the swap save, one primitive per granule group, each with
// its TagWrite/TagRead reason so the properties can tell inits from user writes.
#pragma once

#include "model/kernel.hpp"

namespace tagrace::model {

/// mte_clear_page_tags(): every granule of pg := INIT (TagWrite::InitClear).
void mte_clear_page_tags(Primitives& p, page* pg);
/// mte_restore_page_tags(): pg's granules := the slot's saved tags (InitRestore).
void mte_restore_page_tags(Primitives& p, page* pg, const swap_slot& slot);
/// mte_copy_page_tags(): to := from (CopySource reads, InitCopy writes).
void mte_copy_page_tags(Primitives& p, page* to, const page* from);
/// A TagInit that clears pg.
TagInit clear_init(Primitives& p);
/// A TagInit that restores from `slot`.
TagInit restore_init(Primitives& p, const swap_slot& slot);

}  // namespace tagrace::model
