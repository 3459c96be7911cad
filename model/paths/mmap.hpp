// mmap(MAP_FIXED) over a range that backs a KVM memslot (mm/mmap.c mmap_region() ->
// do_vmi_munmap() -> vm_area_free(), then vm_area_alloc()): the VMM replaces the VMA
// after memslot creation while vCPUs fault (kernel-model.md 2, "the VMM may mmap over
// the slot later"; bug B18). Deviation: the new VMA reuses the freed vm_area_struct
// (slab reuse), and vm_area_free() writes VMA_POISON to vm_flags as KASAN would flag.
#pragma once

#include "model/kernel.hpp"

namespace tagrace::model {

/// What vm_area_free() leaves in vm_flags of a freed vm_area_struct; a reader that
/// sees it used the VMA after it was freed (KASAN: use-after-free).
inline constexpr unsigned long VMA_POISON = ~0ul;

/// mmap(addr, npages, MAP_FIXED) in t's mm over the VMA at addr (whole VMA only):
/// mmap_write_lock; mmu_notifier invalidate (zaps stage-2, bumps KVM's sequence);
/// zap the ptes; vm_area_free() the old VMA; the new VMA (same object) gets vm_flags
/// and vm_page_prot; mmap_write_unlock. Returns 0, or -EINVAL for no VMA.
int do_mmap_fixed_over(Kernel& k, task_struct& t, unsigned long addr, unsigned long vm_flags,
                       pgprot_type prot);

}  // namespace tagrace::model
