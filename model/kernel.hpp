// The simulated kernel's World: page pool, memfds, mms, VMs, swap slots and tasks,
// plus the Primitives, KernelConfig and TagSyncStrategy every path runs with.
// Pools are reused across executions: the same setup() yields every object at the same
// address in every execution. The objects, their vectors' elements and the pools
// themselves live in one Arena, so a state snapshot is one copy of the bytes in use.
// Setup helpers write state directly or through the primitives as a sequential prefix.
#pragma once

#include <cstdint>
#include <vector>

#include "model/kernel_config.hpp"
#include "model/kvm.hpp"
#include "model/mm.hpp"
#include "model/page.hpp"
#include "model/primitives.hpp"
#include "model/state_buffer.hpp"
#include "model/strategy.hpp"
#include "model/swap.hpp"

namespace tagrace::model {

/// First pfn of the page pool (pfn 0 is never a page).
inline constexpr std::uint64_t PFN_BASE = 0x1000;

class Kernel {
 public:
  Kernel(Primitives& p, const KernelConfig& cfg, TagSyncStrategy& strategy);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  Primitives& p() { return *p_; }
  const KernelConfig& cfg() const { return cfg_; }
  /// The configuration, writable: scenario files set bug variants and knobs in setup().
  KernelConfig& mutable_cfg() { return cfg_; }
  TagSyncStrategy& strategy() { return *strategy_; }
  /// A strategy context for `t` (vm_id 0: stage-1).
  StrategyCtx ctx(const task_struct& t, unsigned vm_id = 0) {
    return StrategyCtx{*p_, t.mm ? t.mm->id : 0, vm_id};
  }

  /// Empties the world (keeping every pool's storage) and resets the strategy.
  void reset();

  /// State snapshots (the checker saves the state before a decision and restores it for
  /// later executions that branch at or below it): the arena's bytes in use, which hold
  /// every object, its vectors' elements, the pools and their counts. Restoring puts the
  /// objects' bytes back in place (pointers included), which is valid because nothing in
  /// the arena moves and no heap memory is involved: the kernel's vectors allocate from
  /// the arena (a vector grown since the save gets its old storage back). The strategy's
  /// own state is saved apart.
  void save_state(StateBuffer& out) const;
  void restore_state(StateBuffer& in);

  /// Tag granule groups per page for pages created from now on (1..kMaxGranules;
  /// std::invalid_argument otherwise).
  void set_granules(unsigned n);
  unsigned granules() const { return s_.granules; }

  // ---- setup: building the initial state ---------------------------------------

  /// Allocates `nr` contiguous pages (a compound page when nr > 1, head first) and
  /// starts their lifetime: PageAlloc events and strategy().on_page_alloc(false).
  page* alloc_pages_setup(unsigned nr = 1, PageKind kind = PageKind::Normal, bool hugetlb = false);
  mm_struct& mm_alloc();
  /// A memfd of `npages` page-cache slots, all empty.
  address_space& memfd_create(unsigned long npages);
  /// Puts pg (every subpage of a compound pg) in f's page cache from `index` on.
  void add_to_page_cache(address_space& f, unsigned long index, page* pg);
  /// Maps [start, start+npages) in mm. Memfd/anon vmas get VM_MTE_ALLOWED (as
  /// arch_calc_vm_flag_bits() does); VM_MTE in vm_flags selects NORMAL_TAGGED.
  vm_area_struct& mmap_region(mm_struct& mm, unsigned long start, unsigned long npages,
                              unsigned long vm_flags, VmaBacking backing,
                              address_space* file = nullptr, unsigned long pgoff = 0,
                              std::uint64_t pfnmap_base = 0);
  /// Installs a present pte directly (no hook): an untagged mapping made earlier.
  void setup_map(vm_area_struct& vma, unsigned long addr, page* pg, bool writable);
  /// A swap slot holding `saved` tags (has_tags = 1) and its entry.
  unsigned long setup_swap_entry(const std::vector<tag_t>& saved);
  /// Puts a swap entry in a memfd page-cache slot (a swapped-out shmem page).
  void setup_shmem_swapped(address_space& f, unsigned long index, unsigned long entry);
  /// A VM; `mte` asks for KVM_CAP_ARM_MTE (ignored if the version has none).
  kvm& kvm_create_vm(bool mte, unsigned long nr_gfns);
  /// KVM_SET_USER_MEMORY_REGION: kvm_arch_prepare_memory_region() then the slot.
  /// Returns 0 or -EINVAL (MemslotRefused emitted).
  int kvm_set_memory_region(kvm& vm, gfn_t base_gfn, mm_struct& mm, unsigned long hva,
                            unsigned long npages);
  /// A task in `mm` with `nr_spare` free pages reserved for its allocations.
  task_struct& new_task(mm_struct* mm, unsigned nr_spare);
  /// A free swap slot (swap_map = 1), for swap-out; grows the pool, so threads that
  /// swap out must not run concurrently with other allocations of slots.
  swap_slot& get_swap_page();

  // ---- run time -----------------------------------------------------------------

  /// alloc_page() in task context: takes t's next spare page, emits PageAlloc.
  /// The caller calls strategy().on_page_alloc(). check()s that a spare was left.
  page* alloc_page(task_struct& t);
  /// Ends pg's lifetime (PageFree).
  void free_page(page* pg);

  // ---- lookups (objects are fixed while threads run: plain accesses) ---------------

  page* pfn_to_page(std::uint64_t pfn);
  vm_area_struct* vma_lookup(mm_struct& mm, unsigned long addr);
  swap_slot* swap_lookup(unsigned long entry);
  /// Every page of this execution's pool (allocated or spare), in pfn order.
  std::vector<page*> pages();
  std::size_t nr_pages() const { return s_.pages.used; }
  std::vector<mm_struct*> mms();
  std::vector<kvm*> vms();
  std::vector<address_space*> memfds();

 private:
  /// A pool: its objects (each allocated once, in the arena) and how many are in use.
  template <class T>
  struct Pool {
    explicit Pool(Arena* a) : objs(ArenaAllocator<T*>(a)) {}
    /// The objects in use, in allocation order.
    std::vector<T*> in_use() const { return {objs.begin(), objs.begin() + used}; }
    kvector<T*> objs;
    std::size_t used = 0;
  };
  /// Everything a snapshot holds besides the objects, allocated in the arena itself.
  struct State {
    explicit State(Arena* a)
        : pages(a), mms(a), vmas(a), memfds(a), vms(a), swap(a), tasks(a) {}
    unsigned granules = 1;
    Pool<page> pages;
    Pool<mm_struct> mms;
    Pool<vm_area_struct> vmas;
    Pool<address_space> memfds;
    Pool<kvm> vms;
    Pool<swap_slot> swap;
    Pool<task_struct> tasks;
  };
  /// The next object of `pool`: a recycled one, or a new one in the arena.
  template <class T>
  T& take(Pool<T>& pool);
  template <class F>
  void for_each_pool(F f);

  Primitives* p_;
  KernelConfig cfg_;
  TagSyncStrategy* strategy_;
  Arena arena_;
  State& s_;
};

}  // namespace tagrace::model
