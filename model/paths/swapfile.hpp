// Swap-out and swap-in with the MTE tag store (mm/vmscan.c, mm/memory.c do_swap_page(),
// mm/shmem.c, arch/arm64/mm/mteswap.c). v6.4 restores in arch_swap_restore() before
// swap_free(); v5.19..v6.3 freed the slot first (B10); v5.10/v5.14 restore in the hook.
#pragma once

#include "model/kernel.hpp"

namespace tagrace::model {

/// Swaps out the anonymous page mapped at addr: lock_page, arch_prepare_to_swap()
/// (save tags if page_mte_tagged: SwapTagsSaved), unmap to a swap pte, unlock, free.
/// Returns the swap entry (0 if nothing was mapped). Allocates a slot from the shared
/// pool: run it in setup or sequentially.
unsigned long swap_out(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr);

/// do_swap_page(): allocate, lock, restore/free in the version's order, set_pte_at().
int do_swap_page(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, pte_t orig_pte);

/// arch_swap_restore(entry, folio): if saved tags exist and the strategy lets this
/// caller init, restore them.
void arch_swap_restore(Kernel& k, task_struct& t, unsigned long entry, page* pg);

/// swap_free(entry): drops the slot and its saved tags (SwapTagsFreed).
void swap_free(Kernel& k, unsigned long entry);

/// shmem_get_folio(): f's page at index, swapping it in (shmem_swapin_folio(), restore
/// before swap_free) or allocating it if needed. The returned page is unlocked.
page* shmem_get_folio(Kernel& k, task_struct& t, address_space& f, unsigned long index);

}  // namespace tagrace::model
