// user_mem_abort() and friends (see kvm_mmu.hpp). The notifier retry uses both
// mmu_invalidate_in_progress and mmu_invalidate_seq (mmu_invalidate_retry()); a retry
// restarts from step 1 as the guest's re-fault would.
#include "model/paths/kvm_mmu.hpp"

#include "model/paths/fault.hpp"
#include "model/paths/mmap.hpp"
#include "model/paths/mprotect.hpp"
#include "model/paths/tag_ops.hpp"

namespace tagrace::model {

namespace {

/// Whether the MTE checks of step 6 (and the memslot check) refuse these vm_flags.
bool kvm_refuses(Kernel& k, unsigned long flags) {
  const KernelConfig& cfg = k.cfg();
  bool shared = cfg.b3_kvm_checks_vm_pfnmap ? (flags & VM_PFNMAP) : (flags & VM_SHARED);
  bool ban = shared && !k.strategy().allows_shared_guest_memory();
  switch (cfg.kvm_shared_check) {
    case KvmSharedCheck::None: return ban;
    case KvmSharedCheck::VmShared: return ban;
    case KvmSharedCheck::VmMteAllowed: return ban || !(flags & VM_MTE_ALLOWED);
  }
  return ban;
}

void lock_mmu(Kernel& k, kvm& vm) {
  if (k.cfg().mmu_lock_shared) k.p().down_read(&vm.mmu_lock);
  else k.p().down_write(&vm.mmu_lock);
}

void unlock_mmu(Kernel& k, kvm& vm) {
  if (k.cfg().mmu_lock_shared) k.p().up_read(&vm.mmu_lock);
  else k.p().up_write(&vm.mmu_lock);
}

int refuse(Primitives& p, kvm& vm, const page* pg) {
  p.event(Event{EventKind::FaultRefused, pg, 0, vm.id});
  return -EFAULT;
}

}  // namespace

bool kvm_is_device_pfn(const KernelConfig& cfg, const page* pg) {
  bool zone_device = pg->kind == PageKind::DeviceFsDax || pg->kind == PageKind::DeviceCoherent ||
                     pg->kind == PageKind::DevicePrivate;
  if (pg->kind == PageKind::PfnMap) return true;
  if (cfg.device_check == DeviceCheck::PfnValid) return zone_device && !cfg.b17_pfn_valid_zone_device;
  return zone_device;  // !pfn_is_map_memory(): only memblock RAM is in the linear map
}

void sanitise_mte_tags(Kernel& k, task_struct& t, kvm& vm, page* pg, unsigned nr) {
  Primitives& p = k.p();
  KFUNC(p, "sanitise_mte_tags");
  StrategyCtx c = k.ctx(t, vm.id);
  if (k.cfg().hugetlb_folio_tagging && pg->head->hugetlb) {
    k.strategy().sync_page_tags(c, pg->head, [&k, &p, pg, nr](page*) {
      for (unsigned i = 0; i < nr; ++i) mte_clear_page_tags(p, k.pfn_to_page(pg->pfn + i));
    });
    return;
  }
  for (unsigned i = 0; i < nr; ++i)
    k.strategy().sync_page_tags(c, k.pfn_to_page(pg->pfn + i), clear_init(p));
}

int user_mem_abort(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn, bool thp) {
  Primitives& p = k.p();
  KFUNC(p, "user_mem_abort");
  const KernelConfig& cfg = k.cfg();
  const kvm_memory_slot* slot = vm.gfn_to_memslot(gfn);
  if (!slot) return refuse(p, vm, nullptr);
  mm_struct& mm = *slot->mm;
  unsigned long hva = slot->userspace_addr + (gfn - slot->base_gfn);
  for (;;) {
    // 1. Sample the VMA facts and the notifier sequence under mmap_lock.
    p.down_read(&mm.mmap_lock);
    vm_area_struct* vma = k.vma_lookup(mm, hva);
    if (!vma) {
      p.up_read(&mm.mmap_lock);
      return refuse(p, vm, nullptr);
    }
    unsigned long flags = cfg.b18_vma_facts_after_unlock ? 0 : p.read_once(&vma->vm_flags);
    unsigned long mmu_seq = p.read_once(&vm.mmu_invalidate_seq);
    p.smp_rmb();
    p.up_read(&mm.mmap_lock);
    if (cfg.b18_vma_facts_after_unlock) flags = p.read_once(&vma->vm_flags);  // B18
    // KASAN's view: a decision taken on a freed vm_area_struct (mmap over the slot).
    p.check(flags != VMA_POISON,
            "user_mem_abort() read vm_flags of a freed VMA: stale-VMA stage-2 decision (B18)");
    // 2. Resolve the pfn: GUP may fault the page into the VMM's own page table.
    page* pg = get_user_page(k, t, mm, hva, true);
    if (!pg) return refuse(p, vm, nullptr);
    // 3. Device?
    bool device = kvm_is_device_pfn(cfg, pg);
    // 4. mmu_lock and the notifier retry.
    lock_mmu(k, vm);
    if (p.read_once(&vm.mmu_invalidate_in_progress) || p.read_once(&vm.mmu_invalidate_seq) != mmu_seq) {
      unlock_mmu(k, vm);
      continue;
    }
    // 5. THP adjust: a block mapping of the whole compound page.
    page* base = pg;
    unsigned nr = 1;
    gfn_t base_gfn = gfn;
    if (thp && !device && pg->compound_nr() > 1) {
      KFUNC(p, "transparent_hugepage_adjust");
      base = pg->head;
      nr = pg->compound_nr();
      base_gfn = gfn - (pg->pfn - base->pfn);
    }
    // 6. MTE.
    if (!device && kvm_has_mte(vm)) {
      if (kvm_refuses(k, flags)) {
        unlock_mmu(k, vm);
        return refuse(p, vm, pg);
      }
      sanitise_mte_tags(k, t, vm, base, nr);
    }
    // 7. Install the stage-2 mapping.
    Stage2Attr attr = !device ? Stage2Attr::NormalWB
                      : (flags & VM_ALLOW_ANY_UNCACHED) ? Stage2Attr::NormalNC : Stage2Attr::Device;
    {
      KFUNC(p, "kvm_pgtable_stage2_map");
      for (unsigned i = 0; i < nr; ++i) {
        page* sub = k.pfn_to_page(base->pfn + i);
        p.write_once(&vm.stage2.at(base_gfn + i), kvm_mk_pte(sub->pfn, attr, nr > 1));
        p.event(Event{EventKind::Stage2Map, sub, static_cast<std::uint64_t>(attr), vm.id});
      }
    }
    unlock_mmu(k, vm);
    return 0;
  }
}

int kvm_arch_prepare_memory_region(Kernel& k, kvm& vm, mm_struct& mm, unsigned long hva,
                                   unsigned long npages) {
  Primitives& p = k.p();
  KFUNC(p, "kvm_arch_prepare_memory_region");
  if (!kvm_has_mte(vm)) return 0;
  bool refused = false;
  p.down_read(&mm.mmap_lock);
  for (vm_area_struct* vma : mm.vmas) {
    if (vma->vm_end <= hva || vma->vm_start >= hva + npages) continue;
    if (kvm_refuses(k, p.read_once(&vma->vm_flags))) refused = true;
  }
  p.up_read(&mm.mmap_lock);
  if (!refused) return 0;
  p.event(Event{EventKind::MemslotRefused, nullptr, 0, vm.id});
  return -EINVAL;
}

}  // namespace tagrace::model
