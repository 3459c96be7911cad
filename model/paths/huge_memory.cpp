// THP zero-page paths and munmap (see huge_memory.hpp).
#include "model/paths/huge_memory.hpp"

#include <cerrno>

#include "model/paths/fault.hpp"
#include "model/paths/mprotect.hpp"
#include "model/paths/mte_sync.hpp"

namespace tagrace::model {

int do_huge_pmd_anonymous_page(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, page* zero) {
  Primitives& p = k.p();
  KFUNC(p, "do_huge_pmd_anonymous_page");
  if (!zero || vma.backing != VmaBacking::Anon) return VM_FAULT_SIGBUS;
  pte_t attrs = vma_pte_attrs(p, vma, false) | PTE_SPECIAL;
  p.spin_lock(&vma.vm_mm->page_table_lock);
  {
    KFUNC(p, "set_huge_zero_folio");
    for (unsigned i = 0; i < zero->compound_nr() && vma.contains(addr + i); ++i) {
      pte_t* ptep = vma.pte_offset(addr + i);
      pte_t old = p.read_once(ptep);
      if (pte_none(old)) set_pte_at(k, t, ptep, pfn_pte(zero->pfn + i, attrs), old);
    }
  }
  p.spin_unlock(&vma.vm_mm->page_table_lock);
  return 0;
}

void split_huge_page_remap_zero(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, page* zero) {
  Primitives& p = k.p();
  KFUNC(p, "split_huge_page");
  pte_t first = p.read_once(vma.pte_offset(addr));
  if (!pte_present(first) || !zero) return;
  page* head = k.pfn_to_page(pte_pfn(first))->head;
  p.lock_page(head);
  p.spin_lock(&vma.vm_mm->page_table_lock);
  for (unsigned i = 0; i < head->compound_nr(); ++i) {
    unsigned long a = addr - (pte_pfn(first) - head->pfn) + i;
    if (!vma.contains(a)) continue;
    pte_t* ptep = vma.pte_offset(a);
    pte_t old = p.read_once(ptep);
    if (!pte_present(old)) continue;
    page* sub = k.pfn_to_page(pte_pfn(old));
    KFUNC(p, "try_to_map_unused_to_zeropage");
    StrategyCtx c = k.ctx(t);
    if (!k.cfg().b14_thp_split_zero_page && k.strategy().page_tags_valid(c, sub)) continue;  // tagged: keep
    set_pte_at(k, t, ptep, pfn_pte(zero->pfn, (old & PTE_TAGGED) | PTE_SPECIAL), old);
  }
  p.spin_unlock(&vma.vm_mm->page_table_lock);
  p.unlock_page(head);
}

int vm_munmap(Kernel& k, task_struct& t, unsigned long addr, unsigned long npages) {
  Primitives& p = k.p();
  KFUNC(p, "do_vmi_munmap");
  mm_struct& mm = *t.mm;
  p.down_write(&mm.mmap_lock);
  vm_area_struct* vma = k.vma_lookup(mm, addr);
  if (!vma || addr + npages > vma->vm_end) {
    p.up_write(&mm.mmap_lock);
    return -EINVAL;
  }
  mmu_notifier_invalidate_range_start(k, mm, addr, addr + npages);
  {
    KFUNC(p, "zap_pte_range");
    p.spin_lock(&mm.page_table_lock);
    for (unsigned long a = addr; a < addr + npages; ++a) p.write_once(vma->pte_offset(a), 0);
    p.spin_unlock(&mm.page_table_lock);
  }
  mmu_notifier_invalidate_range_end(k, mm, addr, addr + npages);
  p.up_write(&mm.mmap_lock);
  return 0;
}

}  // namespace tagrace::model
