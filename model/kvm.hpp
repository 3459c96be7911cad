// KVM world objects: struct kvm with its memslots, stage-2 table, mmu_lock and the
// mmu-notifier sequence. Follows arch/arm64/kvm/mmu.c and virt/kvm/kvm_main.c (v6.2):
// mmu_lock is an rwlock taken for write before v6.2 and for read by faults from v6.2.
// Deviation: the stage-2 table is one flat array of entries indexed by gfn.
#pragma once

#include <cstdint>
#include <vector>

#include "model/mm.hpp"
#include "model/primitives.hpp"

namespace tagrace::model {

using gfn_t = std::uint64_t;

/// A memslot: guest frames [base_gfn, base_gfn + npages) backed by the VMM's memory
/// at page number userspace_addr in mm.
struct kvm_memory_slot {
  gfn_t base_gfn = 0;
  unsigned long npages = 0;
  mm_struct* mm = nullptr;
  unsigned long userspace_addr = 0;
  bool contains(gfn_t gfn) const { return gfn >= base_gfn && gfn < base_gfn + npages; }
};

/// A stage-2 entry: bit 0 valid, bits 1-2 Stage2Attr, bit 3 part of a block, pfn above.
using kvm_pte_t = unsigned long;
inline constexpr kvm_pte_t KVM_PTE_VALID = 1;
inline constexpr kvm_pte_t KVM_PTE_BLOCK = 1ul << 3;
inline kvm_pte_t kvm_mk_pte(std::uint64_t pfn, Stage2Attr attr, bool block) {
  return (pfn << PTE_PFN_SHIFT) | (static_cast<kvm_pte_t>(attr) << 1) |
         (block ? KVM_PTE_BLOCK : 0) | KVM_PTE_VALID;
}
inline bool kvm_pte_valid(kvm_pte_t e) { return e & KVM_PTE_VALID; }
inline Stage2Attr kvm_pte_attr(kvm_pte_t e) { return static_cast<Stage2Attr>((e >> 1) & 3); }
inline std::uint64_t kvm_pte_pfn(kvm_pte_t e) { return e >> PTE_PFN_SHIFT; }

struct kvm {
  unsigned id = 0;           ///< >= 1 (StrategyCtx::vm_id 0 means "not in KVM")
  bool arch_mte = false;     ///< kvm_has_mte(): KVM_CAP_ARM_MTE enabled, fixed at creation
  rw_semaphore mmu_lock{0, "kvm->mmu_lock"};
  unsigned long mmu_invalidate_seq = 0;          ///< bumped by invalidate_range_end
  unsigned long mmu_invalidate_in_progress = 0;  ///< > 0 between start and end
  kvector<kvm_memory_slot> memslots;             ///< fixed once setup() returns
  kvector<kvm_pte_t> stage2;                     ///< indexed by gfn

  const kvm_memory_slot* gfn_to_memslot(gfn_t gfn) const {
    for (const auto& s : memslots)
      if (s.contains(gfn)) return &s;
    return nullptr;
  }
};

inline bool kvm_has_mte(const kvm& vm) { return vm.arch_mte; }

}  // namespace tagrace::model
