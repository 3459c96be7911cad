// Stage-2 cacheability policies as kernel versions (issue 6): each is the pair
// kvm_arch_prepare_memory_region() + the user_mem_abort() decision (arch/arm64/kvm/mmu.c)
// of one version or patch, written as that version's code over a Stage2Config. The
// v5.13..v6.2 policies take their device test and VMA check from KernelConfig
// (DeviceCheck, KvmSharedCheck, b17_pfn_valid_zone_device); see each .cpp for sources.
#pragma once

#include <string>
#include <vector>

#include "model/kernel_config.hpp"
#include "model/policy/stage2_config.hpp"

namespace tagrace::model::policy {

struct Stage2Policy {
  std::string name;     ///< "v5.13", "2025-v3", ...
  std::string summary;  ///< what the version does, and the commit or series it follows
  MemslotResult (*prepare_memory_region)(const Stage2Config&) = nullptr;
  FaultResult (*user_mem_abort)(const Stage2Config&) = nullptr;
};

/// Every policy, oldest first: v5.13, v5.14, v6.2, 2023-vma-memtype, 2025-v3, 2025-merged.
const std::vector<Stage2Policy>& stage2_policies();
/// nullptr for an unknown name.
const Stage2Policy* find_stage2_policy(const std::string& name);
std::vector<std::string> stage2_policy_names();

/// The KernelConfig a v5.13 .. v6.2 policy runs (v5.13: v5.14 with DeviceCheck::PfnValid,
/// no VMA check and B17).
KernelConfig legacy_kernel_config(const std::string& version);

namespace detail {
// v5.13 .. v6.2 (stage2_policy_legacy.cpp).
MemslotResult prepare_memory_region_legacy(const KernelConfig& cfg, const Stage2Config& c);
FaultResult user_mem_abort_legacy(const KernelConfig& cfg, bool online_check, const Stage2Config& c);
// 2023 proposal, 2025 v3, 2025 merged (stage2_policy_vma.cpp).
MemslotResult prepare_memory_region_v6_2(const Stage2Config& c);
FaultResult user_mem_abort_2023(const Stage2Config& c);
FaultResult user_mem_abort_2025_v3(const Stage2Config& c);
MemslotResult prepare_memory_region_2025(const Stage2Config& c);
FaultResult user_mem_abort_2025(const Stage2Config& c);
/// The memory the fault maps after GUP: a DEVICE_PRIVATE pfn is migrated to system RAM
/// first (do_swap_page() -> migrate_to_ram()), a COW ZONE_DEVICE page is copied to RAM.
Stage2Config after_gup(const Stage2Config& c);
}  // namespace detail

}  // namespace tagrace::model::policy
