// User and guest tag accesses (see user_access.hpp). The pte read is a READ_ONCE: the
// hardware walker sees whatever set_pte_at() published, with no lock.
#include "model/paths/user_access.hpp"

#include "model/paths/fault.hpp"
#include "model/paths/kvm_mmu.hpp"

namespace tagrace::model {

namespace {

page* user_tagged_page(Kernel& k, task_struct& t, unsigned long addr, bool write) {
  Primitives& p = k.p();
  vm_area_struct* vma = k.vma_lookup(*t.mm, addr);
  if (!vma) return nullptr;
  pte_t* ptep = vma->pte_offset(addr);
  pte_t pte = p.read_once(ptep);
  if (!pte_present(pte) || (write && !pte_write(pte))) {
    if (do_page_fault(k, t, addr, write)) return nullptr;
    pte = p.read_once(ptep);
  }
  if (!pte_present(pte) || !pte_tagged(pte)) return nullptr;
  return k.pfn_to_page(pte_pfn(pte));
}

page* guest_tagged_page(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn) {
  Primitives& p = k.p();
  if (gfn >= vm.stage2.size()) return nullptr;
  kvm_pte_t e = p.read_once(&vm.stage2[gfn]);
  if (!kvm_pte_valid(e)) {
    KFUNC(p, "kvm_handle_guest_abort");
    if (user_mem_abort(k, t, vm, gfn)) return nullptr;
    e = p.read_once(&vm.stage2[gfn]);
  }
  if (!kvm_pte_valid(e) || kvm_pte_attr(e) != Stage2Attr::NormalWB || !kvm_has_mte(vm)) return nullptr;
  return k.pfn_to_page(kvm_pte_pfn(e));
}

}  // namespace

bool user_tag_store(Kernel& k, task_struct& t, unsigned long addr, unsigned g, tag_t val) {
  KFUNC(k.p(), "STG (user)");
  page* pg = user_tagged_page(k, t, addr, true);
  if (!pg) return false;
  k.p().tag_store(pg, g, val, TagWrite::User);
  return true;
}

bool user_tag_load(Kernel& k, task_struct& t, unsigned long addr, unsigned g, tag_t* out) {
  KFUNC(k.p(), "LDG (user)");
  page* pg = user_tagged_page(k, t, addr, false);
  if (!pg) return false;
  *out = k.p().tag_load(pg, g, TagRead::User);
  return true;
}

bool guest_tag_store(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn, unsigned g, tag_t val) {
  KFUNC(k.p(), "STG (guest)");
  page* pg = guest_tagged_page(k, t, vm, gfn);
  if (!pg) return false;
  k.p().tag_store(pg, g, val, TagWrite::Guest);
  return true;
}

bool guest_tag_load(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn, unsigned g, tag_t* out) {
  KFUNC(k.p(), "LDG (guest)");
  page* pg = guest_tagged_page(k, t, vm, gfn);
  if (!pg) return false;
  *out = k.p().tag_load(pg, g, TagRead::Guest);
  return true;
}

}  // namespace tagrace::model
