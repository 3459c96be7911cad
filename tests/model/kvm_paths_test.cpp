// KVM paths on the real backend: user_mem_abort() per version, memslot refusal, THP
// block sanitising, device memory, the notifier, KVM_ARM_MTE_COPY_TAGS and guest tags.
#include "model_fixture.hpp"

namespace tagrace::model::testing {
namespace {

/// A VMM (mm) with a MAP_SHARED memfd of `nr` pages (one compound page if thp) at hva
/// 0x100, and an MTE VM whose memslot at gfn 0 covers it.
struct Guest {
  address_space* f = nullptr;
  page* pg = nullptr;
  mm_struct* vmm = nullptr;
  vm_area_struct* vma = nullptr;
  kvm* vm = nullptr;
  task_struct* vcpu = nullptr;
  int slot_ret = 0;
};

Guest make_guest(Kernel& k, unsigned long vm_flags, unsigned nr = 1, bool thp = false) {
  Guest g;
  g.f = &k.memfd_create(nr);
  if (thp) {
    g.pg = k.alloc_pages_setup(nr);
    k.add_to_page_cache(*g.f, 0, g.pg);
  } else {
    for (unsigned i = 0; i < nr; ++i) {
      page* pg = k.alloc_pages_setup();
      if (!g.pg) g.pg = pg;
      k.add_to_page_cache(*g.f, i, pg);
    }
  }
  g.vmm = &k.mm_alloc();
  g.vma = &k.mmap_region(*g.vmm, 0x100, nr, vm_flags, VmaBacking::Memfd, g.f);
  g.vm = &k.kvm_create_vm(true, nr);
  g.slot_ret = k.kvm_set_memory_region(*g.vm, 0, *g.vmm, 0x100, nr);
  g.vcpu = &k.new_task(g.vmm, 1);
  return g;
}

TEST(UserMemAbort, GivesNormalWbWithSanitisedTagsForAVmMteAllowedSlotInV6_2) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  Guest g = make_guest(k, VM_SHARED);
  ASSERT_EQ(g.slot_ret, 0);
  EXPECT_EQ(user_mem_abort(k, *g.vcpu, *g.vm, 0), 0);
  kvm_pte_t e = g.vm->stage2[0];
  EXPECT_TRUE(kvm_pte_valid(e));
  EXPECT_EQ(kvm_pte_attr(e), Stage2Attr::NormalWB);
  EXPECT_EQ(kvm_pte_pfn(e), g.pg->pfn);
  EXPECT_TRUE(flag_set(g.pg));
  EXPECT_EQ(w.p.inits(g.pg), 1);
  EXPECT_EQ(w.p.count(EventKind::Stage2Map), 1);
  EXPECT_TRUE(pte_present(g.vma->ptes[0]));  // GUP faulted it into the VMM
  EXPECT_FALSE(pte_tagged(g.vma->ptes[0]));
}

TEST(UserMemAbort, RefusesVmSharedInV5_14WithBanShared) {
  ModelWorld w("v5.14", "ban-shared");
  Kernel& k = *w.k;
  Guest g = make_guest(k, VM_SHARED);
  EXPECT_EQ(g.slot_ret, -EINVAL);
  EXPECT_EQ(w.p.count(EventKind::MemslotRefused), 1);
  // The VMM mmaps over the slot later: the fault path checks again.
  g.vm->memslots.push_back(kvm_memory_slot{0, 1, g.vmm, 0x100});
  EXPECT_EQ(user_mem_abort(k, *g.vcpu, *g.vm, 0), -EFAULT);
  EXPECT_EQ(w.p.count(EventKind::FaultRefused), 1);
  EXPECT_FALSE(kvm_pte_valid(g.vm->stage2[0]));
  EXPECT_EQ(w.p.inits(g.pg), 0);
}

TEST(UserMemAbort, V5_14WithAStrategyThatAllowsSharingMapsSharedMemory) {
  ModelWorld w("v5.14", "global-lock");
  Kernel& k = *w.k;
  Guest g = make_guest(k, VM_SHARED);
  EXPECT_EQ(g.slot_ret, 0);
  EXPECT_EQ(user_mem_abort(k, *g.vcpu, *g.vm, 0), 0);
  EXPECT_EQ(w.p.inits(g.pg), 1);
}

TEST(MemslotCreation, RefusesPfnmapMemoryForAnMteGuestInV6_2) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  page* bar = k.alloc_pages_setup(1, PageKind::PfnMap);
  mm_struct& vmm = k.mm_alloc();
  k.mmap_region(vmm, 0x100, 1, VM_SHARED, VmaBacking::PfnMap, nullptr, 0, bar->pfn);
  kvm& mte_vm = k.kvm_create_vm(true, 1);
  EXPECT_EQ(k.kvm_set_memory_region(mte_vm, 0, vmm, 0x100, 1), -EINVAL);
  EXPECT_EQ(w.p.count(EventKind::MemslotRefused), 1);
  kvm& plain_vm = k.kvm_create_vm(false, 1);
  ASSERT_EQ(k.kvm_set_memory_region(plain_vm, 0, vmm, 0x100, 1), 0);
  task_struct& vcpu = k.new_task(&vmm, 0);
  EXPECT_EQ(user_mem_abort(k, vcpu, plain_vm, 0), 0);
  EXPECT_EQ(kvm_pte_attr(plain_vm.stage2[0]), Stage2Attr::Device);
}

TEST(UserMemAbort, SanitisesAllSubpagesOfATransparentHugePage) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  Guest g = make_guest(k, VM_SHARED, 4, true);
  ASSERT_EQ(g.pg->compound_nr(), 4u);
  EXPECT_EQ(user_mem_abort(k, *g.vcpu, *g.vm, 2), 0);
  EXPECT_EQ(w.p.count(EventKind::Stage2Map), 4);
  for (unsigned i = 0; i < 4; ++i) {
    page* sub = k.pfn_to_page(g.pg->pfn + i);
    EXPECT_TRUE(flag_set(sub)) << i;
    EXPECT_EQ(w.p.inits(sub), 1) << i;
    EXPECT_TRUE(g.vm->stage2[i] & KVM_PTE_BLOCK);
    EXPECT_EQ(kvm_pte_pfn(g.vm->stage2[i]), sub->pfn);
  }
}

TEST(MmuNotifier, MprotectZapsStage2AndBumpsTheSequence) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  Guest g = make_guest(k, VM_SHARED);
  ASSERT_EQ(user_mem_abort(k, *g.vcpu, *g.vm, 0), 0);
  EXPECT_EQ(do_mprotect_pkey(k, *g.vcpu, 0x100, 1), 0);
  EXPECT_FALSE(kvm_pte_valid(g.vm->stage2[0]));
  EXPECT_EQ(g.vm->mmu_invalidate_seq, 1u);
  EXPECT_EQ(g.vm->mmu_invalidate_in_progress, 0u);
  EXPECT_TRUE(pte_tagged(g.vma->ptes[0]));
  EXPECT_EQ(w.p.inits(g.pg), 1);  // already tagged by the abort
}

TEST(GuestAccess, GuestTagsReachThePageThroughNormalWbStage2) {
  ModelWorld w("v6.4", "pg-mte-lock");
  Kernel& k = *w.k;
  Guest g = make_guest(k, VM_SHARED);
  EXPECT_TRUE(guest_tag_store(k, *g.vcpu, *g.vm, 0, 0, tag_user(4)));  // faults first
  tag_t v = 0;
  EXPECT_TRUE(guest_tag_load(k, *g.vcpu, *g.vm, 0, 0, &v));
  EXPECT_EQ(v, tag_user(4));
}

TEST(CopyTags, WriteStoresTheTagsAndSetsTheFlagThenReadReturnsThem) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  k.set_granules(4);
  Guest g = make_guest(k, VM_SHARED);
  std::vector<tag_t> in = {tag_user(1), tag_user(2), tag_user(3), tag_user(4)};
  EXPECT_EQ(kvm_vm_ioctl_mte_copy_tags(k, *g.vcpu, *g.vm, 0, in.data(), true), 0);
  EXPECT_TRUE(flag_set(g.pg));
  EXPECT_EQ(w.p.inits(g.pg), 0);
  std::vector<tag_t> out(4, 99);
  EXPECT_EQ(kvm_vm_ioctl_mte_copy_tags(k, *g.vcpu, *g.vm, 0, out.data(), false), 0);
  EXPECT_EQ(out, in);
}

TEST(CopyTags, ReadOfAnUntaggedPageReportsZeros) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  Guest g = make_guest(k, VM_SHARED);
  tag_t out = 99;
  EXPECT_EQ(kvm_vm_ioctl_mte_copy_tags(k, *g.vcpu, *g.vm, 0, &out, false), 0);
  EXPECT_EQ(out, 0);
}

TEST(CopyTags, PartialWriteClearsUnlessB9ClearsTheWrongAddress) {
  for (bool b9 : {false, true}) {
    KernelConfig cfg = *KernelConfig::for_version("v6.2");
    cfg.b9_copy_tags_clear_wrong_addr = b9;
    ModelWorld w(cfg, "pg-mte-lock");
    Kernel& k = *w.k;
    k.set_granules(2);
    Guest g = make_guest(k, VM_SHARED);
    std::vector<tag_t> in = {tag_user(1), tag_user(2)};
    EXPECT_EQ(kvm_vm_ioctl_mte_copy_tags(k, *g.vcpu, *g.vm, 0, in.data(), true, 1), 0);
    EXPECT_TRUE(flag_set(g.pg));
    EXPECT_EQ(g.pg->tags[1], b9 ? TAG_STALE : TAG_INIT) << b9;
  }
}

}  // namespace
}  // namespace tagrace::model::testing
