// mprotect(PROT_MTE) and the KVM mmu notifier (see mprotect.hpp). The notifier only
// touches VMs whose memslots overlap the range, so unrelated mms stay independent.
#include "model/paths/mprotect.hpp"

#include <algorithm>

#include "model/paths/mte_sync.hpp"

namespace tagrace::model {

namespace {

/// Calls fn(vm, first_gfn, nr) for each memslot of each VM overlapping mm's range.
template <class Fn>
void for_each_overlapping_slot(Kernel& k, mm_struct& mm, unsigned long start, unsigned long end,
                               Fn fn) {
  for (kvm* vm : k.vms())
    for (const auto& s : vm->memslots) {
      if (s.mm != &mm) continue;
      unsigned long lo = std::max(start, s.userspace_addr);
      unsigned long hi = std::min(end, s.userspace_addr + s.npages);
      if (lo < hi) fn(*vm, s.base_gfn + (lo - s.userspace_addr), hi - lo);
    }
}

}  // namespace

void mmu_notifier_invalidate_range_start(Kernel& k, mm_struct& mm, unsigned long start,
                                         unsigned long end) {
  Primitives& p = k.p();
  for_each_overlapping_slot(k, mm, start, end, [&](kvm& vm, gfn_t gfn, unsigned long nr) {
    KFUNC(p, "kvm_mmu_notifier_invalidate_range_start");
    p.down_write(&vm.mmu_lock);
    p.write_once(&vm.mmu_invalidate_in_progress, p.read_once(&vm.mmu_invalidate_in_progress) + 1);
    {
      KFUNC(p, "kvm_unmap_gfn_range");
      for (unsigned long i = 0; i < nr; ++i) p.write_once(&vm.stage2.at(gfn + i), 0);
    }
    p.up_write(&vm.mmu_lock);
  });
}

void mmu_notifier_invalidate_range_end(Kernel& k, mm_struct& mm, unsigned long start,
                                       unsigned long end) {
  Primitives& p = k.p();
  for_each_overlapping_slot(k, mm, start, end, [&](kvm& vm, gfn_t, unsigned long) {
    KFUNC(p, "kvm_mmu_notifier_invalidate_range_end");
    p.down_write(&vm.mmu_lock);
    p.write_once(&vm.mmu_invalidate_seq, p.read_once(&vm.mmu_invalidate_seq) + 1);
    p.write_once(&vm.mmu_invalidate_in_progress, p.read_once(&vm.mmu_invalidate_in_progress) - 1);
    p.up_write(&vm.mmu_lock);
  });
}

void change_protection(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long start,
                       unsigned long end) {
  Primitives& p = k.p();
  KFUNC(p, "change_protection");
  mmu_notifier_invalidate_range_start(k, *vma.vm_mm, start, end);
  spinlock_t* ptl = &vma.vm_mm->page_table_lock;
  p.spin_lock(ptl);
  for (unsigned long addr = start; addr < end; ++addr) {
    pte_t* ptep = vma.pte_offset(addr);
    pte_t old = p.read_once(ptep);
    if (pte_present(old) && !pte_tagged(old)) set_pte_at(k, t, ptep, old | PTE_TAGGED, old);
  }
  p.spin_unlock(ptl);
  mmu_notifier_invalidate_range_end(k, *vma.vm_mm, start, end);
}

int do_mprotect_pkey(Kernel& k, task_struct& t, unsigned long addr, unsigned long npages) {
  Primitives& p = k.p();
  KFUNC(p, "do_mprotect_pkey");
  mm_struct& mm = *t.mm;
  p.down_write(&mm.mmap_lock);
  int ret = 0;
  vm_area_struct* vma = k.vma_lookup(mm, addr);
  if (!vma || addr + npages > vma->vm_end) {
    ret = -EINVAL;
  } else {
    unsigned long flags = p.read_once(&vma->vm_flags);
    if (!(flags & VM_MTE_ALLOWED)) {
      ret = -EINVAL;  // arch_validate_flags()
    } else {
      p.write_once(&vma->vm_flags, flags | VM_MTE);
      p.write_once(&vma->vm_page_prot, static_cast<unsigned long>(pgprot_type::NORMAL_TAGGED));
      change_protection(k, t, *vma, addr, addr + npages);
    }
  }
  p.up_write(&mm.mmap_lock);
  return ret;
}

}  // namespace tagrace::model
