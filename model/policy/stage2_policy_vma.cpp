// Stage-2 policies that take the memory type from the VMA: the 2023 proposal in the
// review of "KVM: arm64: Allow the VM to select DEVICE_* and NORMAL_NC for IO memory"
// (cacheable iff vm_page_prot is Normal; no FWB test), the 2025 v3 patch "KVM: arm64:
// Allow cacheable stage 2 mapping using VMA flags" and the merged kvm-arm64/cacheable-pfnmap
// series (v6.17). Approximations are named where they are made.
#include "model/policy/stage2_policy.hpp"

namespace tagrace::model::policy::detail {

namespace {

Stage2Attr noncacheable_attr(const Stage2Config& c) {
  // v6.8: VM_ALLOW_ANY_UNCACHED lets the guest pick Normal-NC for device memory.
  return (c.vm_flags & VM_ALLOW_ANY_UNCACHED) ? Stage2Attr::NormalNC : Stage2Attr::Device;
}

FaultResult refused(const char* why) { return FaultResult{false, Stage2Attr::Device, false, why}; }

/// Step 6 from v6.2 on: if (!fault_is_perm && !device && kvm_has_mte(kvm)).
bool mte_step_refuses(const Stage2Config& c, bool device, FaultResult& r) {
  if (device || !c.kvm_has_mte) return false;
  if (!(c.vm_flags & VM_MTE_ALLOWED)) {
    r = refused("no VM_MTE_ALLOWED");
    return true;
  }
  r.sanitised = true;
  return false;
}

}  // namespace

MemslotResult prepare_memory_region_v6_2(const Stage2Config& c) {
  if (c.kvm_has_mte && !(c.vm_flags & VM_MTE_ALLOWED)) return {false, "no VM_MTE_ALLOWED"};
  return {};
}

FaultResult user_mem_abort_2023(const Stage2Config& c0) {
  const Stage2Config c = after_gup(c0);
  // Approximation: the proposal as discussed, device = the VMA is not Normal.
  const bool device = !c.host_cacheable();
  FaultResult r;
  if (mte_step_refuses(c, device, r)) return r;
  r.mapped = true;
  r.attr = device ? (c.prot == pgprot_type::NORMAL_NC ? Stage2Attr::NormalNC : noncacheable_attr(c))
                  : Stage2Attr::NormalWB;
  r.why = device ? "VMA not Normal" : "VMA Normal";
  return r;
}

FaultResult user_mem_abort_2025_v3(const Stage2Config& c0) {
  const Stage2Config c = after_gup(c0);
  const MemoryFacts m = memory_facts(c.mem);
  // device is still !pfn_is_map_memory(); a VM_PFNMAP VMA with a Normal pgprot keeps
  // device = true but is mapped cacheable, so step 6 (MTE) is skipped for it.
  const bool device = !m.memblock;
  const bool cacheable_pfnmap = device && (c.vm_flags & VM_PFNMAP) && c.host_cacheable();
  if (cacheable_pfnmap && !c.stage2_fwb) return refused("cacheable PFNMAP without FWB");
  FaultResult r;
  if (mte_step_refuses(c, device, r)) return r;
  r.mapped = true;
  r.attr = !device || cacheable_pfnmap ? Stage2Attr::NormalWB : noncacheable_attr(c);
  r.why = cacheable_pfnmap ? "cacheable PFNMAP" : device ? "!pfn_is_map_memory" : "pfn_is_map_memory";
  return r;
}

MemslotResult prepare_memory_region_2025(const Stage2Config& c) {
  if (c.kvm_has_mte && !(c.vm_flags & VM_MTE_ALLOWED)) return {false, "no VM_MTE_ALLOWED"};
  // kvm_vma_is_cacheable(vma) && !kvm_supports_cacheable_pfnmap()
  if ((c.vm_flags & VM_PFNMAP) && c.host_cacheable() && !(c.stage2_fwb && c.ctr_dic))
    return {false, "cacheable PFNMAP needs FWB+DIC"};
  return {};
}

FaultResult user_mem_abort_2025(const Stage2Config& c0) {
  const Stage2Config c = after_gup(c0);
  const MemoryFacts m = memory_facts(c.mem);
  bool force_noncacheable = false;  // s2_force_noncacheable
  if ((c.vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) && !m.memblock) {
    if (c.host_cacheable()) {
      if (!(c.stage2_fwb && c.ctr_dic)) return refused("cacheable PFNMAP needs FWB+DIC");
    } else {
      force_noncacheable = true;
    }
  }
  // "Assume non-PFNMAP/MIXEDMAP VMAs can be mapped cacheable": struct-page memory
  // (ZONE_DEVICE included) is no longer forced to Device by !pfn_is_map_memory().
  FaultResult r;
  if (mte_step_refuses(c, force_noncacheable, r)) return r;
  r.mapped = true;
  r.attr = force_noncacheable ? noncacheable_attr(c) : Stage2Attr::NormalWB;
  r.why = force_noncacheable ? "s2_force_noncacheable" : "cacheable";
  return r;
}

}  // namespace tagrace::model::policy::detail
