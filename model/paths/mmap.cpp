// mmap(MAP_FIXED) over a memslot (see mmap.hpp). The old VMA's ptes are zapped under
// the PTL inside the notifier bracket, as unmap_region() does; pages in the page cache
// stay there (a memfd keeps them), anonymous pages are not freed in the model.
#include "model/paths/mmap.hpp"

#include <cerrno>

#include "model/paths/mprotect.hpp"

namespace tagrace::model {

int do_mmap_fixed_over(Kernel& k, task_struct& t, unsigned long addr, unsigned long vm_flags,
                       pgprot_type prot) {
  Primitives& p = k.p();
  KFUNC(p, "mmap_region");
  mm_struct& mm = *t.mm;
  p.down_write(&mm.mmap_lock);
  vm_area_struct* vma = k.vma_lookup(mm, addr);
  if (!vma) {
    p.up_write(&mm.mmap_lock);
    return -EINVAL;
  }
  {
    KFUNC(p, "do_vmi_munmap");
    mmu_notifier_invalidate_range_start(k, mm, vma->vm_start, vma->vm_end);
    p.spin_lock(&mm.page_table_lock);
    for (unsigned long a = vma->vm_start; a < vma->vm_end; ++a) p.write_once(vma->pte_offset(a), 0);
    p.spin_unlock(&mm.page_table_lock);
    mmu_notifier_invalidate_range_end(k, mm, vma->vm_start, vma->vm_end);
    KFUNC(p, "vm_area_free");
    p.write_once(&vma->vm_flags, VMA_POISON);
  }
  {
    KFUNC(p, "vm_area_alloc");
    p.write_once(&vma->vm_flags, vm_flags);
    p.write_once(&vma->vm_page_prot, static_cast<unsigned long>(prot));
  }
  p.up_write(&mm.mmap_lock);
  return 0;
}

}  // namespace tagrace::model
