// The v5.13, v5.14 and v6.2 stage-2 policies (arch/arm64/kvm/mmu.c of those releases):
// v5.13 "KVM: arm64: Introduce MTE VM feature" (device = !pfn_valid(), which B17 made
// true for ZONE_DEVICE); v5.14 the VM_SHARED ban, "arm64: decouple check whether pfn is
// in linear map from pfn_valid()" (!pfn_is_map_memory()) and pfn_to_online_page() in
// sanitise_mte_tags(); v6.2 d89585fbb308 "KVM: arm64: unify the tests for VMAs in memslots".
#include "model/policy/stage2_policy.hpp"

namespace tagrace::model::policy::detail {

namespace {

/// The VMA test of kvm_arch_prepare_memory_region() and step 6 (kvm_mmu.cpp's
/// kvm_refuses() over a config instead of a vm_area_struct). "" when allowed.
std::string vma_refusal(const KernelConfig& cfg, unsigned long flags) {
  switch (cfg.kvm_shared_check) {
    case KvmSharedCheck::None: return "";
    case KvmSharedCheck::VmShared: return (flags & VM_SHARED) ? "VM_SHARED with MTE" : "";
    case KvmSharedCheck::VmMteAllowed: return (flags & VM_MTE_ALLOWED) ? "" : "no VM_MTE_ALLOWED";
  }
  return "";
}

}  // namespace

Stage2Config after_gup(const Stage2Config& c) {
  // A write fault on a COW mapping copies a ZONE_DEVICE page into a fresh RAM page
  // (wp_page_copy()); approximation: KVM's GUP is taken to be a write fault.
  const bool zone_device_cow = c.cow && memory_facts(c.mem).zone_device;
  if (c.mem != MemKind::DevicePrivate && !zone_device_cow) return c;
  Stage2Config r = c;
  r.mem = MemKind::AnonRam;
  r.linear_map = true;
  r.can_hold_tags = true;
  return r;
}

MemslotResult prepare_memory_region_legacy(const KernelConfig& cfg, const Stage2Config& c) {
  if (!c.kvm_has_mte) return {};
  std::string why = vma_refusal(cfg, c.vm_flags);
  return why.empty() ? MemslotResult{} : MemslotResult{false, why};
}

FaultResult user_mem_abort_legacy(const KernelConfig& cfg, bool online_check, const Stage2Config& c0) {
  const Stage2Config c = after_gup(c0);
  const MemoryFacts m = memory_facts(c.mem);
  // 3. kvm_is_device_pfn(): !pfn_valid() (v5.13) or !pfn_is_map_memory() (v5.14+).
  bool device = cfg.device_check == DeviceCheck::PfnValid
                    ? !m.struct_page || (m.zone_device && !cfg.b17_pfn_valid_zone_device)
                    : !m.memblock;
  FaultResult r;
  // 6. MTE: the VMA check again (the VMM may have mmapped over the slot), then sanitise.
  if (!device && c.kvm_has_mte) {
    std::string why = vma_refusal(cfg, c.vm_flags);
    if (!why.empty()) return FaultResult{false, Stage2Attr::Device, false, why};
    if (online_check && !m.online)  // sanitise_mte_tags(): pfn_to_online_page() == NULL
      return FaultResult{false, Stage2Attr::Device, false, "pfn_to_online_page() NULL"};
    r.sanitised = true;
  }
  // 7. Before v6.8 (VM_ALLOW_ANY_UNCACHED) device memory is always Device at stage 2.
  r.mapped = true;
  r.attr = device ? Stage2Attr::Device : Stage2Attr::NormalWB;
  r.why = device ? (cfg.device_check == DeviceCheck::PfnValid ? "!pfn_valid" : "!pfn_is_map_memory")
                 : (cfg.device_check == DeviceCheck::PfnValid ? "pfn_valid" : "pfn_is_map_memory");
  return r;
}

}  // namespace tagrace::model::policy::detail
