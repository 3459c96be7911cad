// Swap paths (see swapfile.hpp). The swap cache is not modelled: shmem swap-in is
// serialised by the i_pages lock and the folio lock, anonymous swap-in by the PTL
// re-check, which is how the kernel avoids double swap-ins too.
#include "model/paths/swapfile.hpp"

#include "model/paths/fault.hpp"
#include "model/paths/mte_sync.hpp"
#include "model/paths/tag_ops.hpp"

namespace tagrace::model {

unsigned long swap_out(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr) {
  Primitives& p = k.p();
  KFUNC(p, "shrink_folio_list");
  pte_t* ptep = vma.pte_offset(addr);
  spinlock_t* ptl = &vma.vm_mm->page_table_lock;
  p.spin_lock(ptl);
  pte_t pte = p.read_once(ptep);
  p.spin_unlock(ptl);
  if (!pte_present(pte)) return 0;
  page* pg = k.pfn_to_page(pte_pfn(pte));
  p.lock_page(pg);
  swap_slot& slot = k.get_swap_page();
  {
    KFUNC(p, "arch_prepare_to_swap");
    StrategyCtx c = k.ctx(t);
    if (k.strategy().page_tags_valid(c, pg)) {
      KFUNC(p, "mte_save_tags");
      for (unsigned g = 0; g < pg->nr_granules(); ++g)
        slot.saved[g] = p.tag_load(pg, g, TagRead::SwapSave);
      p.write_once(&slot.has_tags, 1);
      p.event(Event{EventKind::SwapTagsSaved, pg, slot.entry});
    }
  }
  {
    KFUNC(p, "try_to_unmap");
    p.spin_lock(ptl);
    p.write_once(ptep, swp_entry_to_pte(slot.entry));
    p.spin_unlock(ptl);
  }
  p.unlock_page(pg);
  k.free_page(pg);
  return slot.entry;
}

void arch_swap_restore(Kernel& k, task_struct& t, unsigned long entry, page* pg) {
  Primitives& p = k.p();
  KFUNC(p, "arch_swap_restore");
  swap_slot* s = k.swap_lookup(entry);
  if (!s || !p.read_once(&s->has_tags)) return;
  StrategyCtx c = k.ctx(t);
  k.strategy().sync_page_tags(c, pg, restore_init(p, *s));  // mte_restore_tags()
}

void swap_free(Kernel& k, unsigned long entry) {
  Primitives& p = k.p();
  KFUNC(p, "swap_free");
  swap_slot* s = k.swap_lookup(entry);
  if (!s) return;
  p.write_once(&s->swap_map, 0);
  if (p.read_once(&s->has_tags)) {
    KFUNC(p, "mte_invalidate_tags");
    p.write_once(&s->has_tags, 0);
    p.event(Event{EventKind::SwapTagsFreed, nullptr, entry});
  }
}

int do_swap_page(Kernel& k, task_struct& t, vm_area_struct& vma, unsigned long addr, pte_t orig_pte) {
  Primitives& p = k.p();
  KFUNC(p, "do_swap_page");
  const KernelConfig& cfg = k.cfg();
  unsigned long entry = pte_to_swp_entry(orig_pte);
  page* pg = k.alloc_page(t);  // filled by swap I/O, not zeroed: no on_page_alloc
  p.lock_page(pg);
  if (cfg.swap_restore_before_swap_free) {
    arch_swap_restore(k, t, entry, pg);
  }
  pte_t attrs = vma_pte_attrs(p, vma, true);
  pte_t* ptep = vma.pte_offset(addr);
  spinlock_t* ptl = &vma.vm_mm->page_table_lock;
  p.spin_lock(ptl);
  bool same = p.read_once(ptep) == orig_pte;
  bool freed = false;
  if (same && (cfg.swap_restore_before_swap_free || cfg.b10_swap_free_before_restore)) {
    swap_free(k, entry);  // B10: before set_pte_at(), so the hook finds no saved tags
    freed = true;
  }
  if (same) set_pte_at(k, t, ptep, pfn_pte(pg->pfn, attrs), orig_pte);
  if (same && !freed) swap_free(k, entry);
  p.spin_unlock(ptl);
  p.unlock_page(pg);
  if (!same) k.free_page(pg);
  return 0;
}

page* shmem_get_folio(Kernel& k, task_struct& t, address_space& f, unsigned long index) {
  Primitives& p = k.p();
  KFUNC(p, "shmem_get_folio");
  unsigned long* slot = &f.i_pages.at(index);
  // filemap_get_entry(): an RCU lookup (xa_load), no lock; the page is found by most
  // faults here. Only a miss takes the xa_lock and looks again before inserting.
  unsigned long e = p.read_once(slot);
  if (xa_is_page(e)) return k.pfn_to_page(xa_value(e));
  p.spin_lock(&f.i_pages_lock);
  e = p.read_once(slot);
  if (xa_is_page(e)) {
    p.spin_unlock(&f.i_pages_lock);
    return k.pfn_to_page(xa_value(e));
  }
  page* pg = k.alloc_page(t);
  if (!xa_is_swap(e)) {  // a new zeroed page; a swap-in page is filled by I/O instead
    StrategyCtx c = k.ctx(t);
    k.strategy().on_page_alloc(c, pg, false);
  }
  p.lock_page(pg);  // uncontended: nobody can find pg yet
  p.write_once(slot, xa_mk_page(pg->pfn));
  p.spin_unlock(&f.i_pages_lock);
  if (xa_is_swap(e)) {
    KFUNC(p, "shmem_swapin_folio");
    arch_swap_restore(k, t, xa_value(e), pg);
    swap_free(k, xa_value(e));
  }
  p.unlock_page(pg);
  return pg;
}

}  // namespace tagrace::model
