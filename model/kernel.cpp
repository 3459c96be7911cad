// The World's pools and setup helpers (see kernel.hpp). Objects are recycled in place:
// vectors are cleared, never shrunk, so a repeated setup() reuses the same storage.
// Objects are allocated once, in the arena, and their vectors allocate there too.
#include "model/kernel.hpp"

#include <algorithm>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "model/kasan.hpp"
#include "model/paths/kvm_mmu.hpp"

namespace tagrace::model {

namespace {

void reinit(page& pg) {
  pg.flags = 0;
  pg.pfn = 0;
  pg.kind = PageKind::Normal;
  pg.can_hold_tags = true;
  pg.zero_page = false;
  pg.head = &pg;
  pg.order = 0;
  pg.nr_pages = 1;
  pg.hugetlb = false;
  pg.tags.clear();
}
void reinit(mm_struct& mm) {
  mm.id = 0;
  mm.mmap_lock.count = 0;
  mm.page_table_lock.locked = 0;
  mm.vmas.clear();
}
void reinit(vm_area_struct& v) {
  auto ptes = std::move(v.ptes);
  v = vm_area_struct{};
  v.ptes = std::move(ptes);
  v.ptes.clear();
}
void reinit(address_space& f) {
  f.id = 0;
  f.i_pages_lock.locked = 0;
  f.i_pages.clear();
}
void reinit(kvm& vm) {
  vm.id = 0;
  vm.arch_mte = false;
  vm.mmu_lock.count = 0;
  vm.mmu_invalidate_seq = 0;
  vm.mmu_invalidate_in_progress = 0;
  vm.memslots.clear();
  vm.stage2.clear();
}
void reinit(swap_slot& s) {
  s.entry = 0;
  s.has_tags = 0;
  s.swap_map = 0;
  s.saved.clear();
}
/// A new object's vectors allocate from the arena (move assignment carries the allocator).
template <class... V>
void use_arena(Arena* a, V&... vecs) {
  ((vecs = V(typename V::allocator_type(a))), ...);
}
void adopt(page& o, Arena* a) { use_arena(a, o.tags); }
void adopt(mm_struct& o, Arena* a) { use_arena(a, o.vmas); }
void adopt(vm_area_struct& o, Arena* a) { use_arena(a, o.ptes); }
void adopt(address_space& o, Arena* a) { use_arena(a, o.i_pages); }
void adopt(kvm& o, Arena* a) { use_arena(a, o.memslots, o.stage2); }
void adopt(swap_slot& o, Arena* a) { use_arena(a, o.saved); }
void adopt(task_struct& o, Arena* a) { use_arena(a, o.spare); }

void reinit(task_struct& t) {
  t.id = 0;
  t.mm = nullptr;
  t.spare.clear();
  t.spare_used = 0;
}

unsigned order_of(unsigned nr) {
  unsigned o = 0;
  while ((1u << o) < nr) ++o;
  return o;
}

}  // namespace

Kernel::Kernel(Primitives& p, const KernelConfig& cfg, TagSyncStrategy& strategy)
    : p_(&p),
      cfg_(cfg),
      strategy_(&strategy),
      s_(*new (arena_.allocate(sizeof(State), alignof(State))) State(&arena_)) {}

template <class F>
void Kernel::for_each_pool(F f) {
  f(s_.pages), f(s_.mms), f(s_.vmas), f(s_.memfds), f(s_.vms), f(s_.swap), f(s_.tasks);
}

Kernel::~Kernel() {
  // The arena frees the memory; a vector moved to the heap frees its own.
  for_each_pool([](auto& pool) {
    for (auto* o : pool.objs) std::destroy_at(o);
  });
  std::destroy_at(&s_);
}

template <class T>
T& Kernel::take(Pool<T>& pool) {
  if (pool.used == pool.objs.size()) {
    T* obj = new (arena_.allocate(sizeof(T), alignof(T))) T();
    adopt(*obj, &arena_);
    pool.objs.push_back(obj);
  }
  T& obj = *pool.objs[pool.used++];
  reinit(obj);
  return obj;
}

void Kernel::set_granules(unsigned n) {
  if (n == 0 || n > kMaxGranules)
    throw std::invalid_argument("granules must be 1.." + std::to_string(kMaxGranules) + ", not " +
                                std::to_string(n));
  s_.granules = n;
}

void Kernel::reset() {
  for_each_pool([](auto& pool) { pool.used = 0; });
  s_.granules = 1;
  strategy_->reset();
}

void Kernel::save_state(StateBuffer& out) const { arena_.save_state(out); }
void Kernel::restore_state(StateBuffer& in) { arena_.restore_state(in); }

page* Kernel::alloc_pages_setup(unsigned nr, PageKind kind, bool hugetlb) {
  page* head = nullptr;
  for (unsigned i = 0; i < nr; ++i) {
    page& pg = take(s_.pages);
    pg.pfn = PFN_BASE + (s_.pages.used - 1);
    pg.kind = kind;
    pg.can_hold_tags = kind == PageKind::Normal;
    pg.tags.assign(s_.granules, TAG_STALE);
    if (!head) head = &pg;
    pg.head = head;
  }
  head->order = order_of(nr);
  head->nr_pages = nr;
  head->hugetlb = hugetlb;
  StrategyCtx c{*p_, 0, 0};
  for (unsigned i = 0; i < nr; ++i) {
    page* pg = pfn_to_page(head->pfn + i);
    if (kind == PageKind::PfnMap) continue;  // no struct page, no allocation lifetime
    kasan_alloc_page_tag(cfg_, pg);
    p_->event(Event{EventKind::PageAlloc, pg});
    strategy_->on_page_alloc(c, pg, false);
  }
  return head;
}

mm_struct& Kernel::mm_alloc() {
  mm_struct& mm = take(s_.mms);
  mm.id = static_cast<unsigned>(s_.mms.used);
  return mm;
}

address_space& Kernel::memfd_create(unsigned long npages) {
  address_space& f = take(s_.memfds);
  f.id = static_cast<unsigned>(s_.memfds.used);
  f.i_pages.assign(npages, 0);
  return f;
}

void Kernel::add_to_page_cache(address_space& f, unsigned long index, page* pg) {
  for (unsigned i = 0; i < pg->compound_nr(); ++i) f.i_pages.at(index + i) = xa_mk_page(pg->pfn + i);
}

vm_area_struct& Kernel::mmap_region(mm_struct& mm, unsigned long start, unsigned long npages,
                                    unsigned long vm_flags, VmaBacking backing,
                                    address_space* file, unsigned long pgoff,
                                    std::uint64_t pfnmap_base) {
  vm_area_struct& v = take(s_.vmas);
  v.vm_mm = &mm;
  v.vm_start = start;
  v.vm_end = start + npages;
  if (backing == VmaBacking::PfnMap)
    vm_flags = (vm_flags | VM_PFNMAP | VM_IO) & ~(VM_MTE | VM_MTE_ALLOWED);
  else
    vm_flags |= VM_MTE_ALLOWED;
  v.vm_flags = vm_flags;
  v.vm_page_prot = static_cast<unsigned long>(
      backing == VmaBacking::PfnMap
          ? (vm_flags & VM_ALLOW_ANY_UNCACHED ? pgprot_type::NORMAL_NC : pgprot_type::DEVICE_nGnRE)
          : (vm_flags & VM_MTE ? pgprot_type::NORMAL_TAGGED : pgprot_type::NORMAL));
  v.backing = backing;
  v.vm_file = file;
  v.vm_pgoff = pgoff;
  v.pfnmap_base = pfnmap_base;
  v.ptes.assign(npages, 0);
  if (backing == VmaBacking::PfnMap)  // remap_pfn_range() at mmap time: special ptes
    for (unsigned long i = 0; i < npages; ++i)
      v.ptes[i] = pfn_pte(pfnmap_base + i, PTE_SPECIAL | PTE_WRITE | PTE_DEVICE);
  mm.vmas.push_back(&v);
  return v;
}

void Kernel::setup_map(vm_area_struct& vma, unsigned long addr, page* pg, bool writable) {
  pte_t attrs = (writable ? PTE_WRITE : 0) |
                (static_cast<pgprot_type>(vma.vm_page_prot) == pgprot_type::NORMAL_TAGGED ? PTE_TAGGED : 0);
  *vma.pte_offset(addr) = pfn_pte(pg->pfn, attrs);
}

unsigned long Kernel::setup_swap_entry(const std::vector<tag_t>& saved) {
  swap_slot& s = get_swap_page();
  s.saved.assign(saved.begin(), saved.end());
  s.has_tags = 1;
  return s.entry;
}

void Kernel::setup_shmem_swapped(address_space& f, unsigned long index, unsigned long entry) {
  f.i_pages.at(index) = xa_mk_swap(entry);
}

kvm& Kernel::kvm_create_vm(bool mte, unsigned long nr_gfns) {
  kvm& vm = take(s_.vms);
  vm.id = static_cast<unsigned>(s_.vms.used);
  vm.arch_mte = mte && cfg_.kvm_mte_supported;
  vm.stage2.assign(nr_gfns, 0);
  return vm;
}

int Kernel::kvm_set_memory_region(kvm& vm, gfn_t base_gfn, mm_struct& mm, unsigned long hva,
                                  unsigned long npages) {
  int ret = kvm_arch_prepare_memory_region(*this, vm, mm, hva, npages);
  if (ret) return ret;
  vm.memslots.push_back(kvm_memory_slot{base_gfn, npages, &mm, hva});
  return 0;
}

task_struct& Kernel::new_task(mm_struct* mm, unsigned nr_spare) {
  task_struct& t = take(s_.tasks);
  t.id = static_cast<unsigned>(s_.tasks.used);
  t.mm = mm;
  for (unsigned i = 0; i < nr_spare; ++i) {
    page& pg = take(s_.pages);
    pg.pfn = PFN_BASE + (s_.pages.used - 1);
    pg.tags.assign(s_.granules, TAG_STALE);
    kasan_alloc_page_tag(cfg_, &pg);  // its allocation, early: the page is the task's alone
    t.spare.push_back(&pg);
  }
  return t;
}

swap_slot& Kernel::get_swap_page() {
  swap_slot& s = take(s_.swap);
  s.entry = s_.swap.used;
  s.swap_map = 1;
  s.saved.assign(s_.granules, TAG_STALE);
  return s;
}

page* Kernel::alloc_page(task_struct& t) {
  p_->check(t.spare_used < t.spare.size(), "alloc_page: the task's reserved pages are used up");
  page* pg = t.spare.at(t.spare_used++);
  p_->event(Event{EventKind::PageAlloc, pg});
  return pg;
}

void Kernel::free_page(page* pg) { p_->event(Event{EventKind::PageFree, pg}); }

page* Kernel::pfn_to_page(std::uint64_t pfn) {
  if (pfn < PFN_BASE || pfn - PFN_BASE >= s_.pages.used) return nullptr;
  return s_.pages.objs[pfn - PFN_BASE];
}

vm_area_struct* Kernel::vma_lookup(mm_struct& mm, unsigned long addr) {
  for (auto* v : mm.vmas)
    if (v->contains(addr)) return v;
  return nullptr;
}

swap_slot* Kernel::swap_lookup(unsigned long entry) {
  if (entry == 0 || entry > s_.swap.used) return nullptr;
  return s_.swap.objs[entry - 1];
}

std::vector<page*> Kernel::pages() { return s_.pages.in_use(); }

std::vector<mm_struct*> Kernel::mms() { return s_.mms.in_use(); }

std::vector<kvm*> Kernel::vms() { return s_.vms.in_use(); }

std::vector<address_space*> Kernel::memfds() { return s_.memfds.in_use(); }

}  // namespace tagrace::model
