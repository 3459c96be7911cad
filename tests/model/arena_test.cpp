// The kernel's arena and its snapshot: allocations stay put across chunks, a saved state
// comes back byte for byte (objects allocated after the save included), kvector copies
// leave the arena, and a Kernel snapshot restores every object the threads changed.
#include "model/arena.hpp"

#include <cstring>

#include "model_fixture.hpp"

namespace tagrace::model::testing {
namespace {

TEST(Arena, AllocationsAreAlignedAndNeverMoveAcrossChunks) {
  Arena a(256);  // small chunks: several are needed
  std::vector<unsigned long*> ps;
  for (int i = 0; i < 100; ++i) {
    auto* p =
        static_cast<unsigned long*>(a.allocate(sizeof(unsigned long), alignof(unsigned long)));
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % alignof(unsigned long), 0u);
    *p = static_cast<unsigned long>(i);
    ps.push_back(p);
  }
  void* big = a.allocate(1000, 16);  // larger than a chunk: a chunk of its own
  std::memset(big, 0xAB, 1000);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(*ps[static_cast<std::size_t>(i)], static_cast<unsigned long>(i));
  EXPECT_GE(a.bytes_used(), 100 * sizeof(unsigned long) + 1000);
}

TEST(Arena, RestoreBringsBackTheBytesAndWhereAllocationStood) {
  Arena a(128);
  auto* x = static_cast<int*>(a.allocate(sizeof(int), alignof(int)));
  *x = 1;
  StateBuffer buf;
  a.save_state(buf);
  const std::size_t used = a.bytes_used();
  *x = 2;
  for (int i = 0; i < 50; ++i) a.allocate(16, 8);  // spills into new chunks
  ASSERT_GT(a.bytes_used(), used);
  buf.rewind();
  a.restore_state(buf);
  EXPECT_TRUE(buf.consumed());
  EXPECT_EQ(*x, 1);
  EXPECT_EQ(a.bytes_used(), used);
  // The next allocation reuses the space handed out after the save.
  auto* y = static_cast<int*>(a.allocate(sizeof(int), alignof(int)));
  EXPECT_EQ(reinterpret_cast<char*>(y), reinterpret_cast<char*>(x) + sizeof(int));
}

TEST(Arena, KvectorsAllocateThereAndTheirCopiesDoNot) {
  Arena a;
  kvector<int> v{ArenaAllocator<int>(&a)};
  v.assign(10, 7);
  EXPECT_EQ(v.get_allocator().arena, &a);
  EXPECT_GE(a.bytes_used(), 10 * sizeof(int));
  const std::size_t used = a.bytes_used();
  kvector<int> copy = v;  // a thread's copy: on the heap, the arena does not grow
  EXPECT_EQ(copy.get_allocator().arena, nullptr);
  EXPECT_EQ(a.bytes_used(), used);
  EXPECT_EQ(copy, v);
  kvector<int> heap;  // default-constructed: the heap
  heap.push_back(1);
  EXPECT_EQ(heap.get_allocator().arena, nullptr);
}

TEST(KernelSnapshot, RestoresObjectsTheThreadsChanged) {
  ModelWorld w("v6.2", "pg-mte-lock");
  Kernel& k = *w.k;
  k.set_granules(4);
  mm_struct& mm = k.mm_alloc();
  vm_area_struct& vma = k.mmap_region(mm, 0x10, 2, VM_MTE, VmaBacking::Anon);
  task_struct& t = k.new_task(&mm, 2);
  StateBuffer buf;
  k.save_state(buf);
  // What a thread would do: fault in a page and store tags; take a swap slot.
  ASSERT_TRUE(user_tag_store(k, t, 0x10, 1, tag_user(5)));
  page* pg = t.spare[0];
  ASSERT_EQ(pg->tags[1], tag_user(5));
  ASSERT_NE(vma.ptes[0], pte_t{});
  swap_slot& s = k.get_swap_page();
  ASSERT_EQ(k.swap_lookup(s.entry), &s);
  buf.rewind();
  k.restore_state(buf);
  EXPECT_TRUE(buf.consumed());
  EXPECT_EQ(vma.ptes[0], pte_t{});
  EXPECT_EQ(t.spare_used, 0u);
  EXPECT_EQ(pg->tags, kvector<tag_t>(4, TAG_STALE));
  EXPECT_EQ(k.swap_lookup(1), nullptr);  // the slot taken after the save is gone
  EXPECT_EQ(k.nr_pages(), 2u);
  // The restored kernel runs on as if the changes never happened.
  EXPECT_TRUE(user_tag_store(k, t, 0x10, 1, tag_user(6)));
  EXPECT_EQ(t.spare[0]->tags[1], tag_user(6));
}

}  // namespace
}  // namespace tagrace::model::testing
