// Stage-1 page faults (mm/memory.c, mm/shmem.c, mm/gup.c): do_anonymous_page(),
// the shmem/memfd fault, do_wp_page() copy-on-write and get_user_pages(). Callers hold
// no locks unless stated; faults take the page lock and the PTL as the kernel does.
#pragma once

#include "model/kernel.hpp"

namespace tagrace::model {

/// vm_fault_t results (VM_FAULT_*), 0 on success.
inline constexpr int VM_FAULT_SIGBUS = 2;
inline constexpr int VM_FAULT_OOM = 1;

/// handle_mm_fault(vma, addr, FAULT_FLAG_WRITE?): dispatches on the pte. The caller
/// holds mmap_lock (read).
int handle_mm_fault(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, bool write);

/// A user access fault of t at `addr`: mmap_read_lock, vma_lookup, handle_mm_fault,
/// mmap_read_unlock (do_page_fault()).
int do_page_fault(Kernel& k, task_struct& t, unsigned long addr, bool write);

/// do_anonymous_page(): allocate, on_page_alloc (alloc-time tagging for a VM_MTE vma
/// from v5.14), then set_pte_at() under the PTL.
int do_anonymous_page(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr);

/// The memfd fault (do_read_fault/do_shared_fault over shmem_fault()): page cache
/// lookup (swap-in if needed), lock_page, set_pte_at() under the PTL, unlock_page.
int do_shmem_fault(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, bool write);

/// do_wp_page() -> wp_page_copy(): CoW of a read-only private pte via copy_highpage().
int do_wp_page(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr);

/// get_user_pages() of one page of mm at addr for KVM (faults it in through mm's own
/// page table, as the VMM would). Returns the page, or nullptr.
page* get_user_page(Kernel& k, task_struct& t, mm_struct& mm, unsigned long addr, bool write);

/// The pte attributes a new mapping in vma gets (reads vm_page_prot).
pte_t vma_pte_attrs(Primitives& p, vm_area_struct& vma, bool writable);

}  // namespace tagrace::model
