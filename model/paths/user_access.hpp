// Tag accesses by user space and by guests: an STG/LDG through a stage-1 mapping
// (faulting first if the pte is missing or read-only) and a guest's STG/LDG through
// its stage-2 entry (kvm_handle_guest_abort() -> user_mem_abort() first if unmapped).
// Only tagged ptes / Normal-WB stage-2 in an MTE VM reach the tags.
#pragma once

#include "model/kernel.hpp"

namespace tagrace::model {

/// User STG of `val` to granule g of the page t's mm maps at addr. Returns whether the
/// tag was stored (false: untagged mapping or the fault failed).
bool user_tag_store(Kernel& k, task_struct& t, unsigned long addr, unsigned g, tag_t val);
/// User LDG; returns whether the mapping was tagged (then *out holds the tag).
bool user_tag_load(Kernel& k, task_struct& t, unsigned long addr, unsigned g, tag_t* out);

/// Guest STG on gfn through stage-2 (faulting it in with user_mem_abort() first).
bool guest_tag_store(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn, unsigned g, tag_t val);
/// Guest LDG on gfn.
bool guest_tag_load(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn, unsigned g, tag_t* out);

}  // namespace tagrace::model
