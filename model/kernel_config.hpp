// KernelConfig: which variant of every MTE tag-sync path a kernel version runs
// (kernel-model.md section 2) and which known bug variants (section 5) it carries.
// Versions follow the arm64 MTE history v5.10 .. v6.13; each field names the commit
// era it models. Bug flags default to the versions where the bug existed.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tagrace::model {

/// Which VMA flag user_mem_abort() / kvm_arch_prepare_memory_region() test.
enum class KvmSharedCheck : unsigned char {
  None,          ///< no MTE in guests (before v5.13)
  VmShared,      ///< v5.14: refuse VM_SHARED (unless the strategy allows shared memory)
  VmMteAllowed,  ///< v6.2: refuse any vma without VM_MTE_ALLOWED
};

/// How user_mem_abort() decides that a pfn is device memory.
enum class DeviceCheck : unsigned char {
  PfnValid,        ///< v5.13: !pfn_valid()
  PfnIsMapMemory,  ///< v5.14: !pfn_is_map_memory()
};

struct KernelConfig {
  std::string name;             ///< "v6.2"
  std::string default_strategy; ///< the TagSyncStrategy that version ships

  // set_pte_at() / mte_sync_tags()
  bool hook_untagged_over_swap = false;  ///< v5.14..v6.5: hook also for untagged ptes over swap/migration
  bool hook_restores_from_swap = true;   ///< ..v6.3: mte_sync_tags() restores from the old swap pte
  bool hugetlb_folio_tagging = false;    ///< v6.13: folio_try_hugetlb_mte_tagging()
  bool alloc_time_tagging = false;       ///< v5.14+: __GFP_ZEROTAGS for anonymous VM_MTE pages
  bool swap_restore_before_swap_free = false;  ///< v6.4: arch_swap_restore() in do_swap_page()

  // Debug configuration.
  bool kasan_hw_tags = false;  ///< CONFIG_KASAN_HW_TAGS (v5.11+): page->flags carries a KASAN tag

  // KVM
  bool kvm_mte_supported = false;  ///< v5.13+: KVM_CAP_ARM_MTE exists
  KvmSharedCheck kvm_shared_check = KvmSharedCheck::None;
  bool mmu_lock_shared = false;    ///< v6.2+: faults take kvm->mmu_lock for read
  DeviceCheck device_check = DeviceCheck::PfnValid;

  // Known bug variants (kernel-model.md section 5) that are path variants.
  bool b3_kvm_checks_vm_pfnmap = false;          ///< VM_SHARED test read VM_PFNMAP
  bool b4_no_wmb_before_set_pte = false;         ///< ..v5.17: no smp_wmb() at the end of mte_sync_tags()
  bool b5_kasan_tag_reset_at_set_pte = false;    ///< v5.11..v6.0: page_kasan_tag_reset() in mte_sync_page_tags()
  bool b6_untagged_migration_sets_flag = false;  ///< flag without init over a migration entry
  bool b8_unconditional_set_tagged = false;      ///< set_page_mte_tagged() after mte_sync_page_tags()
  bool b9_copy_tags_clear_wrong_addr = false;    ///< partial KVM_ARM_MTE_COPY_TAGS write leaves stale tags
  bool b10_swap_free_before_restore = false;     ///< swap_free() before the tag restore
  bool b13_copy_into_tagged_warns = false;       ///< copy_highpage() WARNs on a tagged destination
  bool b14_thp_split_zero_page = false;          ///< THP split remaps tagged zero-filled subpages
  bool b15_zero_page_lock_without_flag = false;  ///< zero page has PG_mte_lock but not PG_mte_tagged
  bool b16_huge_zero_folio_untagged = false;     ///< huge zero folio mapped with no hook
  bool b17_pfn_valid_zone_device = false;        ///< pfn_valid() true for ZONE_DEVICE
  bool b18_vma_facts_after_unlock = false;       ///< user_mem_abort() reads vm_flags after mmap_read_unlock

  /// Builds the configuration of a known version; std::nullopt for an unknown name.
  static std::optional<KernelConfig> for_version(const std::string& name);
};

/// The version names for_version() accepts, oldest first.
const std::vector<std::string>& known_kernel_versions();

/// Sets a bug-variant flag by its field name ("b10_swap_free_before_restore");
/// returns false for an unknown name.
bool set_bug_variant(KernelConfig& cfg, const std::string& name, bool on);

/// The bug-variant field names, in catalogue order.
const std::vector<std::string>& bug_variant_names();

}  // namespace tagrace::model
