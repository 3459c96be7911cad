// mprotect(PROT_MTE) (mm/mprotect.c, arch/arm64/include/asm/mman.h): mmap_lock for
// write, VM_MTE only where VM_MTE_ALLOWED, change_protection() under the mmu-notifier
// invalidation; every present pte is rewritten tagged by set_pte_at() under the PTL
// only (no page lock), so the MTE hook runs racing with faults in other mms.
#pragma once

#include <cerrno>  // EINVAL, EFAULT: returned negated, as the kernel does

#include "model/kernel.hpp"

namespace tagrace::model {

/// do_mprotect_pkey(addr, npages, PROT_READ|PROT_WRITE|PROT_MTE) in t's mm.
/// Returns 0, or -EINVAL when the vma lacks VM_MTE_ALLOWED (or no vma).
int do_mprotect_pkey(Kernel& k, task_struct& t, unsigned long addr, unsigned long npages);

/// change_protection(): rewrites the present ptes of [start, end) with PTE_TAGGED.
void change_protection(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long start,
                       unsigned long end);

/// mmu_notifier_invalidate_range_start()/end() for every VM with a memslot over
/// [start, end) of mm: kvm_mmu_notifier_invalidate_range_start() zaps stage-2 under
/// kvm->mmu_lock (write) and marks the invalidation in progress; _end bumps
/// mmu_invalidate_seq.
void mmu_notifier_invalidate_range_start(Kernel& k, mm_struct& mm, unsigned long start,
                                         unsigned long end);
void mmu_notifier_invalidate_range_end(Kernel& k, mm_struct& mm, unsigned long start,
                                       unsigned long end);

}  // namespace tagrace::model
