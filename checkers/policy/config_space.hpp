// Enumeration of the stage-2 configuration space of issue 6: every memory kind, with
// the VMAs a VMM can really get for it (mm/mmap.c, VFIO's vfio_pci_core_mmap() and
// nvgrace-gpu's mmap), times kvm_has_mte, FWB and CTR_EL0.DIC. Combinations the kernel
// cannot produce (an anonymous VM_PFNMAP vma, PROT_MTE without VM_MTE_ALLOWED) are left out.
#pragma once

#include <string>
#include <vector>

#include "model/policy/stage2_config.hpp"

namespace tagrace::checkers::policy {

/// The dimensions a class of configurations is described by, in table order.
enum class Dim : unsigned {
  LinearMap, CanHoldTags,
  Mapping,  ///< 0 MAP_SHARED (VM_SHARED), 1 MAP_PRIVATE, 2 MAP_PRIVATE written (COW)
  PfnMap, MixedMap, Io, MteAllowed, AnyUncached, Prot, KvmHasMte, Fwb, Dic,
};
inline constexpr unsigned kNrDims = 12;
const char* dim_name(Dim d);

/// The value (0/1, or the pgprot_type) of one dimension of c.
unsigned dim_value(const model::policy::Stage2Config& c, Dim d);
/// "1", "0", a mapping ("shared", "private", "cow") or a pgprot name.
std::string dim_value_name(Dim d, unsigned v);

/// Every realisable configuration, in a fixed order (memory kind first).
const std::vector<model::policy::Stage2Config>& enumerate_stage2_configs();

}  // namespace tagrace::checkers::policy
