// Swap and copy paths on the real backend: tags survive swap in v6.4 and v5.10, are
// lost with B10, shmem swap-in restores without a pte, copy_highpage copies tags.
#include "model_fixture.hpp"

namespace tagrace::model::testing {
namespace {

/// Faults an anonymous VM_MTE page in, writes USER(3), swaps it out and back in.
/// Returns the swapped-in page.
page* swap_round_trip(ModelWorld& w) {
  Kernel& k = *w.k;
  mm_struct& mm = k.mm_alloc();
  vm_area_struct& vma = k.mmap_region(mm, 0x10, 1, VM_MTE, VmaBacking::Anon);
  task_struct& t = k.new_task(&mm, 2);
  EXPECT_TRUE(user_tag_store(k, t, 0x10, 0, tag_user(3)));
  unsigned long entry = swap_out(k, t, vma, 0x10);
  EXPECT_NE(entry, 0u);
  EXPECT_TRUE(is_swap_pte(vma.ptes[0]));
  EXPECT_EQ(w.p.count(EventKind::SwapTagsSaved), 1);
  tag_t v = 0;
  EXPECT_TRUE(user_tag_load(k, t, 0x10, 0, &v));
  EXPECT_EQ(w.p.count(EventKind::SwapTagsFreed), 1);
  EXPECT_EQ(k.swap_lookup(entry)->has_tags, 0u);
  return t.spare[1];
}

TEST(Swap, OutAndInPreservesTagsInV6_4) {
  ModelWorld w("v6.4", "pg-mte-lock");
  page* in = swap_round_trip(w);
  EXPECT_EQ(in->tags[0], tag_user(3));
  EXPECT_TRUE(flag_set(in));
  EXPECT_EQ(w.p.inits(in), 1);
}

TEST(Swap, TheV5_10HookRestoresFromTheOldSwapPte) {
  ModelWorld w("v5.10", "flag-first");
  page* in = swap_round_trip(w);
  EXPECT_EQ(in->tags[0], tag_user(3));
}

TEST(Swap, B10SwapFreeBeforeRestoreLosesTheTags) {
  ModelWorld w("v6.2", "pg-mte-lock");
  ASSERT_TRUE(w.k->cfg().b10_swap_free_before_restore);
  page* in = swap_round_trip(w);
  EXPECT_EQ(in->tags[0], TAG_INIT);  // re-cleared by the hook instead of restored
  EXPECT_TRUE(flag_set(in));
}

TEST(Swap, ShmemSwapInRestoresWithoutAUserPte) {
  ModelWorld w("v6.4", "pg-mte-lock");
  Kernel& k = *w.k;
  address_space& f = k.memfd_create(1);
  unsigned long entry = k.setup_swap_entry({tag_user(5)});
  k.setup_shmem_swapped(f, 0, entry);
  task_struct& t = k.new_task(nullptr, 1);
  page* pg = shmem_get_folio(k, t, f, 0);
  ASSERT_EQ(pg, t.spare[0]);
  EXPECT_EQ(pg->tags[0], tag_user(5));
  EXPECT_TRUE(flag_set(pg));
  EXPECT_EQ(f.i_pages[0], xa_mk_page(pg->pfn));
  EXPECT_EQ(w.p.count(EventKind::SwapTagsFreed), 1);
  EXPECT_EQ(shmem_get_folio(k, t, f, 0), pg);  // now in the page cache
}

TEST(CopyHighpage, CopiesTheTagsOfATaggedSource) {
  for (const char* strat : {"pg-mte-lock", "flag-first", "global-lock", "no-flag"}) {
    ModelWorld w("v6.2", strat);
    Kernel& k = *w.k;
    k.set_granules(2);
    page* from = k.alloc_pages_setup();
    page* to = k.alloc_pages_setup();
    task_struct& t = k.new_task(nullptr, 0);
    StrategyCtx c = k.ctx(t);
    k.strategy().sync_page_tags(c, from, clear_init(k.p()));
    from->tags = {tag_user(1), tag_user(2)};
    copy_highpage(k, t, to, from);
    EXPECT_EQ(to->tags, from->tags) << strat;
    EXPECT_TRUE(k.strategy().page_tags_valid(c, to)) << strat;
  }
}

TEST(CopyHighpage, AnUntaggedSourceCopiesNoTags) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  page* from = k.alloc_pages_setup();
  page* to = k.alloc_pages_setup();
  task_struct& t = k.new_task(nullptr, 0);
  copy_highpage(k, t, to, from);
  EXPECT_FALSE(flag_set(to));
  EXPECT_EQ(w.p.inits(to), 0);
}

TEST(CopyHighpage, B13WarnsWhenTheDestinationIsAlreadyTagged) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  page* from = k.alloc_pages_setup();
  page* to = k.alloc_pages_setup();
  task_struct& t = k.new_task(nullptr, 0);
  StrategyCtx c = k.ctx(t);
  k.strategy().sync_page_tags(c, from, clear_init(k.p()));
  k.strategy().sync_page_tags(c, to, clear_init(k.p()));  // a retried migration
  copy_highpage(k, t, to, from);
  EXPECT_EQ(w.p.failed.size(), 1u);
}

TEST(CowFault, WriteToAPrivateMappingCopiesTheTaggedPage) {
  ModelWorld w("v6.4", "pg-mte-lock");
  Kernel& k = *w.k;
  address_space& f = k.memfd_create(1);
  page* pg = k.alloc_pages_setup();
  k.add_to_page_cache(f, 0, pg);
  mm_struct& mm = k.mm_alloc();
  vm_area_struct& vma = k.mmap_region(mm, 0x10, 1, VM_MTE, VmaBacking::Memfd, &f);  // MAP_PRIVATE
  task_struct& t = k.new_task(&mm, 1);
  ASSERT_EQ(do_page_fault(k, t, 0x10, false), 0);
  EXPECT_FALSE(pte_write(vma.ptes[0]));
  ASSERT_EQ(do_page_fault(k, t, 0x10, true), 0);  // do_wp_page -> copy_highpage
  EXPECT_EQ(pte_pfn(vma.ptes[0]), t.spare[0]->pfn);
  EXPECT_TRUE(pte_write(vma.ptes[0]));
  EXPECT_TRUE(flag_set(t.spare[0]));
  EXPECT_EQ(t.spare[0]->tags[0], TAG_INIT);
  int copies = 0;
  for (const auto& s : w.p.stores) copies += s.why == TagWrite::InitCopy;
  EXPECT_EQ(copies, 1);
}

}  // namespace
}  // namespace tagrace::model::testing
