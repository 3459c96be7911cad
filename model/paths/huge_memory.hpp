// THP paths that touch the zero page (mm/huge_memory.c, mm/memory.c): a read fault
// that maps the huge zero folio (do_huge_pmd_anonymous_page()), the THP split that
// remaps zero-filled subpages to ZERO_PAGE (B14), and munmap()'s pte zap. Deviation:
// PMDs are modelled as the ptes of every subpage; vma lifetime is not modelled.
#pragma once

#include "model/kernel.hpp"

namespace tagrace::model {

/// A read fault in an anonymous vma mapping the huge zero folio `zero` through a
/// special (pmd) mapping from addr on: no set_pte_at() hook runs (B16).
int do_huge_pmd_anonymous_page(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, page* zero);

/// __split_huge_page() of the THP mapped at addr with try_to_map_unused_to_zeropage():
/// zero-filled subpages (every subpage: data is not modelled) are remapped to `zero`,
/// unless they are MTE-tagged (the fix); with B14 tagged ones are remapped too.
void split_huge_page_remap_zero(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, page* zero);

/// vm_munmap(addr, npages) in t's mm: mmap_lock for write, the mmu-notifier invalidation
/// and the pte zap under the PTL. Returns 0 or -EINVAL.
int vm_munmap(Kernel& k, task_struct& t, unsigned long addr, unsigned long npages);

}  // namespace tagrace::model
