// The set_pte_at() hook and mte_sync_tags(), per version (kernel-model.md section 2):
// arch/arm64/include/asm/pgtable.h and arch/arm64/kernel/mte.c, v5.10 .. v6.13. Which
// caller wins the init is the strategy's business; this file decides when it is asked.
#pragma once

#include "model/kernel.hpp"

namespace tagrace::model {

/// set_pte_at(mm, addr, ptep, pte): runs the MTE hook (mte_sync_tags()) when the
/// version says so, then stores the pte and emits TaggedPteSet/UntaggedPteSet.
/// `old_pte` is the value the caller read under the PTL.
void set_pte_at(Kernel& k, task_struct& t, pte_t* ptep, pte_t pte, pte_t old_pte);

/// mte_sync_tags(old_pte, pte): initialises the tags of every subpage the pte maps
/// (compound_nr of a head page, else 1), restoring from swap where the version does.
void mte_sync_tags(Kernel& k, task_struct& t, pte_t old_pte, pte_t pte);

}  // namespace tagrace::model
