// Stage-1 faults (see fault.hpp). Every read of a pte, vm_flags or vm_page_prot goes
// through the primitives: mprotect() in the same mm changes them under mmap_lock.
#include "model/paths/fault.hpp"

#include "model/paths/copy_page.hpp"
#include "model/paths/mte_sync.hpp"
#include "model/paths/swapfile.hpp"

namespace tagrace::model {

pte_t vma_pte_attrs(Primitives& p, vm_area_struct& vma, bool writable) {
  auto prot = static_cast<pgprot_type>(p.read_once(&vma.vm_page_prot));
  return (prot == pgprot_type::NORMAL_TAGGED ? PTE_TAGGED : 0) |
         (prot == pgprot_type::DEVICE_nGnRE ? PTE_DEVICE : 0) | (writable ? PTE_WRITE : 0);
}

int do_anonymous_page(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr) {
  Primitives& p = k.p();
  KFUNC(p, "do_anonymous_page");
  unsigned long flags = p.read_once(&vma.vm_flags);
  page* pg = k.alloc_page(t);
  StrategyCtx c = k.ctx(t);
  k.strategy().on_page_alloc(c, pg, k.cfg().alloc_time_tagging && (flags & VM_MTE));
  pte_t attrs = vma_pte_attrs(p, vma, true);
  pte_t* ptep = vma.pte_offset(addr);
  p.spin_lock(&vma.vm_mm->page_table_lock);
  pte_t old = p.read_once(ptep);
  bool installed = pte_none(old);
  if (installed) set_pte_at(k, t, ptep, pfn_pte(pg->pfn, attrs), old);
  p.spin_unlock(&vma.vm_mm->page_table_lock);
  if (!installed) k.free_page(pg);
  return 0;
}

int do_shmem_fault(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, bool write) {
  Primitives& p = k.p();
  KFUNC(p, (vma.vm_flags & VM_SHARED) ? "do_shared_fault" : "do_read_fault");
  page* pg = shmem_get_folio(k, t, *vma.vm_file, vma.vm_pgoff + (addr - vma.vm_start));
  if (!pg) return VM_FAULT_OOM;
  bool shared = p.read_once(&vma.vm_flags) & VM_SHARED;
  pte_t attrs = vma_pte_attrs(p, vma, shared);
  pte_t* ptep = vma.pte_offset(addr);
  p.lock_page(pg->head);
  p.spin_lock(&vma.vm_mm->page_table_lock);
  pte_t old = p.read_once(ptep);
  if (pte_none(old)) set_pte_at(k, t, ptep, pfn_pte(pg->pfn, attrs), old);
  p.spin_unlock(&vma.vm_mm->page_table_lock);
  p.unlock_page(pg->head);
  if (write && !shared) return do_wp_page(k, t, vma, addr);
  return 0;
}

int do_wp_page(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr) {
  Primitives& p = k.p();
  KFUNC(p, "do_wp_page");
  pte_t* ptep = vma.pte_offset(addr);
  spinlock_t* ptl = &vma.vm_mm->page_table_lock;
  p.spin_lock(ptl);
  pte_t old = p.read_once(ptep);
  p.spin_unlock(ptl);
  if (!pte_present(old) || pte_write(old)) return 0;
  page* from = k.pfn_to_page(pte_pfn(old));
  KFUNC(p, "wp_page_copy");
  page* to = k.alloc_page(t);  // not zeroed (no on_page_alloc): copy_highpage() fills it
  copy_highpage(k, t, to, from);
  pte_t attrs = vma_pte_attrs(p, vma, true);
  p.spin_lock(ptl);
  bool same = p.read_once(ptep) == old;
  if (same) set_pte_at(k, t, ptep, pfn_pte(to->pfn, attrs), old);
  p.spin_unlock(ptl);
  if (!same) k.free_page(to);
  return 0;
}

int handle_mm_fault(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, bool write) {
  Primitives& p = k.p();
  KFUNC(p, "handle_mm_fault");
  pte_t pte = p.read_once(vma.pte_offset(addr));
  if (pte_none(pte)) {
    switch (vma.backing) {
      case VmaBacking::Anon: return do_anonymous_page(k, t, vma, addr);
      case VmaBacking::Memfd: return do_shmem_fault(k, t, vma, addr, write);
      case VmaBacking::PfnMap: return VM_FAULT_SIGBUS;
    }
  }
  if (is_swap_pte(pte)) return do_swap_page(k, t, vma, addr, pte);
  if (pte_present(pte) && write && !pte_write(pte) && !(p.read_once(&vma.vm_flags) & VM_SHARED))
    return do_wp_page(k, t, vma, addr);
  return 0;
}

int do_page_fault(Kernel& k, task_struct& t, unsigned long addr, bool write) {
  Primitives& p = k.p();
  KFUNC(p, "do_page_fault");
  mm_struct& mm = *t.mm;
  p.down_read(&mm.mmap_lock);
  vm_area_struct* vma = k.vma_lookup(mm, addr);
  int ret = vma ? handle_mm_fault(k, t, *vma, addr, write) : VM_FAULT_SIGBUS;
  p.up_read(&mm.mmap_lock);
  return ret;
}

page* get_user_page(Kernel& k, task_struct& t, mm_struct& mm, unsigned long addr, bool write) {
  Primitives& p = k.p();
  KFUNC(p, "get_user_pages");
  p.down_read(&mm.mmap_lock);
  page* pg = nullptr;
  if (vm_area_struct* vma = k.vma_lookup(mm, addr)) {
    for (int tries = 0; tries < 3 && !pg; ++tries) {
      pte_t pte = p.read_once(vma->pte_offset(addr));
      bool ok = pte_present(pte) && (!write || pte_write(pte) || vma->backing == VmaBacking::PfnMap);
      if (ok) pg = k.pfn_to_page(pte_pfn(pte));
      else if (handle_mm_fault(k, t, *vma, addr, write)) break;
    }
  }
  p.up_read(&mm.mmap_lock);
  return pg;
}

}  // namespace tagrace::model
