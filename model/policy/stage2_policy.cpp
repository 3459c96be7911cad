// The registry of stage-2 policies (stage2_policy.hpp): one entry per kernel version or
// patch, each naming the functions that play its kvm_arch_prepare_memory_region() and
// user_mem_abort(). v5.13 .. v6.2 run over KernelConfig (model/kernel_config.cpp).
#include "model/policy/stage2_policy.hpp"

namespace tagrace::model::policy {

KernelConfig legacy_kernel_config(const std::string& version) {
  if (version == "v5.13") {
    KernelConfig c = *KernelConfig::for_version("v5.14");
    c.name = "v5.13";
    c.kvm_shared_check = KvmSharedCheck::None;
    c.device_check = DeviceCheck::PfnValid;
    c.b17_pfn_valid_zone_device = true;
    return c;
  }
  return *KernelConfig::for_version(version);
}

namespace {

template <const char* V>
MemslotResult legacy_memslot(const Stage2Config& c) {
  static const KernelConfig cfg = legacy_kernel_config(V);
  return detail::prepare_memory_region_legacy(cfg, c);
}

template <const char* V, bool Online>
FaultResult legacy_fault(const Stage2Config& c) {
  static const KernelConfig cfg = legacy_kernel_config(V);
  return detail::user_mem_abort_legacy(cfg, Online, c);
}

constexpr char kV513[] = "v5.13";
constexpr char kV514[] = "v5.14";
constexpr char kV62[] = "v6.2";

}  // namespace

const std::vector<Stage2Policy>& stage2_policies() {
  static const std::vector<Stage2Policy> p = {
      {"v5.13", "device = !pfn_valid() (B17: true for ZONE_DEVICE); no VMA check",
       legacy_memslot<kV513>, legacy_fault<kV513, false>},
      {"v5.14", "device = !pfn_is_map_memory(); VM_SHARED ban; pfn_to_online_page() in sanitise",
       legacy_memslot<kV514>, legacy_fault<kV514, true>},
      {"v6.2", "VM_MTE_ALLOWED required at memslot creation and at fault",
       legacy_memslot<kV62>, legacy_fault<kV62, false>},
      {"2023-vma-memtype", "2023 proposal: stage-2 memory type from the VMA pgprot, no FWB test",
       detail::prepare_memory_region_v6_2, detail::user_mem_abort_2023},
      {"2025-v3", "v3 'Allow cacheable stage 2 mapping using VMA flags': Normal PFNMAP cacheable, "
                  "FWB tested at fault only",
       detail::prepare_memory_region_v6_2, detail::user_mem_abort_2025_v3},
      {"2025-merged", "merged cacheable-PFNMAP series (v6.17): FWB+DIC at memslot and fault; "
                      "non-PFNMAP VMAs cacheable",
       detail::prepare_memory_region_2025, detail::user_mem_abort_2025},
  };
  return p;
}

const Stage2Policy* find_stage2_policy(const std::string& name) {
  for (const auto& p : stage2_policies())
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<std::string> stage2_policy_names() {
  std::vector<std::string> v;
  for (const auto& p : stage2_policies()) v.push_back(p.name);
  return v;
}

}  // namespace tagrace::model::policy
