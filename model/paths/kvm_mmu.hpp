// KVM stage-2 faults and memslot checks (arch/arm64/kvm/mmu.c): user_mem_abort()
// steps 1-7 of kernel-model.md, sanitise_mte_tags() and
// kvm_arch_prepare_memory_region(), per version (v5.14 VM_SHARED ban, v6.2
// VM_MTE_ALLOWED, mmu_lock shared from v6.2) and with the B3, B17, B18 variants.
#pragma once

#include <cerrno>

#include "model/kernel.hpp"

namespace tagrace::model {

/// user_mem_abort() for a translation fault of vcpu task t on gfn. Returns 0 (stage-2
/// installed, Stage2Map per subpage) or -EFAULT (FaultRefused). A gfn with no memslot
/// is refused too (the model has no MMIO exit). `thp` allows the 2 MiB block adjust.
int user_mem_abort(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn, bool thp = true);

/// sanitise_mte_tags(kvm, pfn, size): initialise the tags of nr subpages from pg.
void sanitise_mte_tags(Kernel& k, task_struct& t, kvm& vm, page* pg, unsigned nr);

/// kvm_arch_prepare_memory_region(): with kvm_has_mte, refuse VM_SHARED vmas (v5.14,
/// or when the strategy bans shared memory) or vmas without VM_MTE_ALLOWED (v6.2).
/// Returns 0 or -EINVAL (MemslotRefused).
int kvm_arch_prepare_memory_region(Kernel& k, kvm& vm, mm_struct& mm, unsigned long hva,
                                   unsigned long npages);

/// Whether user_mem_abort() treats pg as device memory under the version's test.
bool kvm_is_device_pfn(const KernelConfig& cfg, const page* pg);

}  // namespace tagrace::model
