// The simulated kernel's World: page pool, memfds, mms, VMs, swap slots and tasks,
// plus the Primitives, KernelConfig and TagSyncStrategy every path runs with.
// Pools are deques reused across executions: the same setup() yields every object at
// the same address in every execution, and nothing reallocates while threads run.
// Setup helpers write state directly or through the primitives as a sequential prefix.
#pragma once

#include <cstdint>
#include <deque>
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

  /// State snapshots (the checker saves the state before a branch point and restores it
  /// for later executions through it): every object in use, flat: its bytes, then the
  /// elements of its vector members (all trivially copyable). Restoring puts the vectors'
  /// own pointers back too, which is valid only while none of them has reallocated since
  /// the save: the checker restores only when the threads made no heap operation since
  /// the last reset(). The strategy's own state is saved apart.
  void save_state(StateBuffer& out) const;
  void restore_state(StateBuffer& in);

  /// Tag granule groups per page for pages created from now on (1..kMaxGranules;
  /// std::invalid_argument otherwise).
  void set_granules(unsigned n);
  unsigned granules() const { return granules_; }

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
  std::size_t nr_pages() const { return pages_used_; }
  std::vector<mm_struct*> mms();
  std::vector<kvm*> vms();
  std::vector<address_space*> memfds();

 private:
  template <class T>
  T& take(std::deque<T>& pool, std::size_t& used);
  /// The state snapshots hold, listed once: v is a StateWriter (k const) or a StateReader.
  template <class K, class V>
  static void visit_state(K& k, V v);

  Primitives* p_;
  KernelConfig cfg_;
  TagSyncStrategy* strategy_;
  unsigned granules_ = 1;

  std::deque<page> pages_;
  std::deque<mm_struct> mms_;
  std::deque<vm_area_struct> vmas_;
  std::deque<address_space> memfds_;
  std::deque<kvm> vms_;
  std::deque<swap_slot> swap_;
  std::deque<task_struct> tasks_;
  std::size_t pages_used_ = 0, mms_used_ = 0, vmas_used_ = 0, memfds_used_ = 0, vms_used_ = 0,
              swap_used_ = 0, tasks_used_ = 0;
};

}  // namespace tagrace::model
