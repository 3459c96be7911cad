// Stage-1 paths on the real backend, sequentially: shared faults, mprotect(PROT_MTE),
// anonymous faults with alloc-time tagging, user tag accesses, B8, and reset().
#include "model_fixture.hpp"

namespace tagrace::model::testing {
namespace {

struct SharedPage {
  address_space* f;
  page* pg;
};

SharedPage memfd_with_one_page(Kernel& k) {
  address_space& f = k.memfd_create(1);
  page* pg = k.alloc_pages_setup();
  k.add_to_page_cache(f, 0, pg);
  return {&f, pg};
}

TEST(SharedFault, ClearsTheTagsOnceAndSetsTheFlag) {
  for (const char* strat : {"pg-mte-lock", "flag-first", "global-lock", "flag-after-init"}) {
    ModelWorld w("v6.2", strat);
    Kernel& k = *w.k;
    auto [f, pg] = memfd_with_one_page(k);
    mm_struct& mm1 = k.mm_alloc();
    mm_struct& mm2 = k.mm_alloc();
    k.mmap_region(mm1, 0x100, 1, VM_SHARED | VM_MTE, VmaBacking::Memfd, f);
    k.mmap_region(mm2, 0x200, 1, VM_SHARED | VM_MTE, VmaBacking::Memfd, f);
    task_struct& t1 = k.new_task(&mm1, 0);
    task_struct& t2 = k.new_task(&mm2, 0);
    EXPECT_EQ(do_page_fault(k, t1, 0x100, true), 0);
    EXPECT_EQ(do_page_fault(k, t2, 0x200, true), 0);
    EXPECT_TRUE(flag_set(pg)) << strat;
    EXPECT_EQ(w.p.inits(pg), 1) << strat;
    EXPECT_EQ(pg->tags[0], TAG_INIT);
    EXPECT_EQ(w.p.count(EventKind::TaggedPteSet), 2);
  }
}

TEST(SharedFault, UntaggedMappingLeavesTheTagsAlone) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  auto [f, pg] = memfd_with_one_page(k);
  mm_struct& mm = k.mm_alloc();
  k.mmap_region(mm, 0x10, 1, VM_SHARED, VmaBacking::Memfd, f);
  task_struct& t = k.new_task(&mm, 0);
  EXPECT_EQ(do_page_fault(k, t, 0x10, false), 0);
  EXPECT_FALSE(flag_set(pg));
  EXPECT_EQ(w.p.inits(pg), 0);
  EXPECT_EQ(w.p.count(EventKind::UntaggedPteSet), 1);
  tag_t v = 0;
  EXPECT_FALSE(user_tag_load(k, t, 0x10, 0, &v));
}

TEST(Mprotect, ProtMteRunsTheHookOnPresentPtes) {
  ModelWorld w("v5.10", "flag-first");
  Kernel& k = *w.k;
  auto [f, pg] = memfd_with_one_page(k);
  mm_struct& mm = k.mm_alloc();
  vm_area_struct& vma = k.mmap_region(mm, 0x10, 1, VM_SHARED, VmaBacking::Memfd, f);
  k.setup_map(vma, 0x10, pg, true);
  task_struct& t = k.new_task(&mm, 0);
  EXPECT_EQ(do_mprotect_pkey(k, t, 0x10, 1), 0);
  EXPECT_TRUE(vma.vm_flags & VM_MTE);
  EXPECT_TRUE(pte_tagged(vma.ptes[0]));
  EXPECT_TRUE(flag_set(pg));
  EXPECT_EQ(w.p.inits(pg), 1);
  EXPECT_EQ(w.p.count(EventKind::TaggedPteSet), 1);
}

TEST(Mprotect, ProtMteIsRefusedWithoutVmMteAllowed) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  page* bar = k.alloc_pages_setup(1, PageKind::PfnMap);
  mm_struct& mm = k.mm_alloc();
  k.mmap_region(mm, 0x10, 1, VM_SHARED, VmaBacking::PfnMap, nullptr, 0, bar->pfn);
  task_struct& t = k.new_task(&mm, 0);
  EXPECT_EQ(do_mprotect_pkey(k, t, 0x10, 1), -EINVAL);
  EXPECT_EQ(do_mprotect_pkey(k, t, 0x99, 1), -EINVAL);
}

TEST(AnonymousFault, AllocTimeTaggingInitialisesAtAllocation) {
  ModelWorld w("v5.14", "alloc-time");
  Kernel& k = *w.k;
  mm_struct& mm = k.mm_alloc();
  vm_area_struct& vma = k.mmap_region(mm, 0x10, 1, VM_MTE, VmaBacking::Anon);
  task_struct& t = k.new_task(&mm, 1);
  page* spare = t.spare[0];
  EXPECT_EQ(do_page_fault(k, t, 0x10, true), 0);
  EXPECT_EQ(pte_pfn(vma.ptes[0]), spare->pfn);
  EXPECT_TRUE(flag_set(spare));
  EXPECT_EQ(w.p.inits(spare), 1);
  EXPECT_EQ(w.p.count(EventKind::PageAlloc), 1);
  // The init happened in on_page_alloc: the hook found the flag and did nothing more.
  ASSERT_FALSE(w.p.stores.empty());
  EXPECT_EQ(w.p.stores.front().why, TagWrite::InitClear);
}

TEST(AnonymousFault, WithoutAllocTimeTaggingTheHookInitialises) {
  ModelWorld w("v5.10", "flag-first");
  Kernel& k = *w.k;
  mm_struct& mm = k.mm_alloc();
  k.mmap_region(mm, 0x10, 1, VM_MTE, VmaBacking::Anon);
  task_struct& t = k.new_task(&mm, 1);
  EXPECT_EQ(do_page_fault(k, t, 0x10, true), 0);
  EXPECT_TRUE(flag_set(t.spare[0]));
  EXPECT_EQ(w.p.inits(t.spare[0]), 1);
}

TEST(UserAccess, TagWritesGoThroughTaggedMappingsOnly) {
  ModelWorld w("v6.4", "pg-mte-lock");
  Kernel& k = *w.k;
  k.set_granules(4);
  auto [f, pg] = memfd_with_one_page(k);
  mm_struct& mm = k.mm_alloc();
  k.mmap_region(mm, 0x10, 1, VM_SHARED | VM_MTE, VmaBacking::Memfd, f);
  task_struct& t = k.new_task(&mm, 0);
  EXPECT_TRUE(user_tag_store(k, t, 0x10, 3, tag_user(7)));  // faults it in first
  tag_t v = 0;
  EXPECT_TRUE(user_tag_load(k, t, 0x10, 3, &v));
  EXPECT_EQ(v, tag_user(7));
  EXPECT_EQ(pg->tags[0], TAG_INIT);
  EXPECT_EQ(pg->nr_granules(), 4u);
}

TEST(BugB8, UnconditionalSetTaggedFlagsAPageThatWasNeverInitialised) {
  for (bool b8 : {true, false}) {
    KernelConfig cfg = *KernelConfig::for_version("v6.2");
    cfg.b8_unconditional_set_tagged = b8;
    ModelWorld w(cfg, "pg-mte-lock");
    Kernel& k = *w.k;
    mm_struct& mm = k.mm_alloc();
    vm_area_struct& vma = k.mmap_region(mm, 0x10, 1, 0, VmaBacking::Anon);  // untagged
    task_struct& t = k.new_task(&mm, 2);
    ASSERT_EQ(do_page_fault(k, t, 0x10, true), 0);
    ASSERT_NE(swap_out(k, t, vma, 0x10), 0u);
    ASSERT_EQ(do_page_fault(k, t, 0x10, true), 0);  // do_swap_page: untagged pte over swap
    page* in = t.spare[1];
    EXPECT_EQ(pte_pfn(vma.ptes[0]), in->pfn);
    EXPECT_EQ(flag_set(in), b8);
    EXPECT_EQ(w.p.inits(in), 0);
  }
}

TEST(Kernel, ResetReusesTheSameAddressesForTheSameSetup) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  auto build = [&] {
    k.reset();
    k.set_granules(2);
    auto sp = memfd_with_one_page(k);
    mm_struct& mm = k.mm_alloc();
    vm_area_struct& vma = k.mmap_region(mm, 0x10, 1, VM_SHARED, VmaBacking::Memfd, sp.f);
    task_struct& t = k.new_task(&mm, 2);
    return std::vector<const void*>{sp.pg, sp.pg->tags.data(), &mm, &vma, vma.ptes.data(), t.spare[1],
                                    sp.f->i_pages.data()};
  };
  auto a = build();
  do_page_fault(k, k.new_task(k.mms()[0], 0), 0x10, true);
  auto b = build();
  EXPECT_EQ(a, b);
  EXPECT_EQ(k.pages()[0]->flags, 0u);
  EXPECT_EQ(k.pages()[0]->tags[0], TAG_STALE);
}

}  // namespace
}  // namespace tagrace::model::testing
