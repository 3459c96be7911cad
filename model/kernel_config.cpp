// Version table for KernelConfig (see kernel_config.hpp). Bug-era defaults are the
// releases in our list that shipped each bug: B4 v5.10..v5.17; B5 v5.11..v6.0 (its
// effect needs CONFIG_KASAN_HW_TAGS, off in every version: a debug configuration that a
// file turns on with `config kasan_hw_tags on`); B6 v5.14; B9 v5.14..v6.1; B10 v5.19..v6.3;
// B8, B13, B18 v6.2..; B14-B16 v6.13. B3 and B17 never shipped in a listed release.
#include "model/kernel_config.hpp"

#include <utility>

namespace tagrace::model {

namespace {

KernelConfig v5_10() {
  KernelConfig c;
  c.name = "v5.10";
  c.default_strategy = "flag-first";
  c.hook_restores_from_swap = true;
  c.b4_no_wmb_before_set_pte = true;
  return c;
}

KernelConfig v5_14() {
  KernelConfig c = v5_10();
  c.name = "v5.14";
  c.default_strategy = "ban-shared";
  c.hook_untagged_over_swap = true;
  c.alloc_time_tagging = true;
  c.kvm_mte_supported = true;
  c.kvm_shared_check = KvmSharedCheck::VmShared;
  c.device_check = DeviceCheck::PfnIsMapMemory;
  c.b5_kasan_tag_reset_at_set_pte = true;
  c.b6_untagged_migration_sets_flag = true;
  c.b9_copy_tags_clear_wrong_addr = true;
  return c;
}

KernelConfig v6_1_rc() {
  KernelConfig c = v5_14();
  c.name = "v6.1-rc";
  c.default_strategy = "flag-after-init";
  c.b4_no_wmb_before_set_pte = false;
  c.b5_kasan_tag_reset_at_set_pte = false;
  c.b6_untagged_migration_sets_flag = false;
  c.b10_swap_free_before_restore = true;
  return c;
}

KernelConfig v6_2() {
  KernelConfig c = v6_1_rc();
  c.name = "v6.2";
  c.default_strategy = "pg-mte-lock";
  c.kvm_shared_check = KvmSharedCheck::VmMteAllowed;
  c.mmu_lock_shared = true;
  c.b8_unconditional_set_tagged = true;
  c.b9_copy_tags_clear_wrong_addr = false;
  c.b13_copy_into_tagged_warns = true;
  c.b18_vma_facts_after_unlock = true;
  return c;
}

KernelConfig v6_4() {
  KernelConfig c = v6_2();
  c.name = "v6.4";
  c.hook_restores_from_swap = false;
  c.swap_restore_before_swap_free = true;
  c.b8_unconditional_set_tagged = false;
  c.b10_swap_free_before_restore = false;
  return c;
}

KernelConfig v6_13() {
  KernelConfig c = v6_4();
  c.name = "v6.13";
  c.hook_untagged_over_swap = false;  // v6.6: the hook runs for tagged ptes only again
  c.hugetlb_folio_tagging = true;
  c.b13_copy_into_tagged_warns = false;
  c.b18_vma_facts_after_unlock = false;
  c.b14_thp_split_zero_page = true;
  c.b15_zero_page_lock_without_flag = true;
  c.b16_huge_zero_folio_untagged = true;
  return c;
}

using Field = bool KernelConfig::*;
const std::vector<std::pair<std::string, Field>>& bug_fields() {
  static const std::vector<std::pair<std::string, Field>> f = {
      {"b3_kvm_checks_vm_pfnmap", &KernelConfig::b3_kvm_checks_vm_pfnmap},
      {"b4_no_wmb_before_set_pte", &KernelConfig::b4_no_wmb_before_set_pte},
      {"b5_kasan_tag_reset_at_set_pte", &KernelConfig::b5_kasan_tag_reset_at_set_pte},
      {"b6_untagged_migration_sets_flag", &KernelConfig::b6_untagged_migration_sets_flag},
      {"b8_unconditional_set_tagged", &KernelConfig::b8_unconditional_set_tagged},
      {"b9_copy_tags_clear_wrong_addr", &KernelConfig::b9_copy_tags_clear_wrong_addr},
      {"b10_swap_free_before_restore", &KernelConfig::b10_swap_free_before_restore},
      {"b13_copy_into_tagged_warns", &KernelConfig::b13_copy_into_tagged_warns},
      {"b14_thp_split_zero_page", &KernelConfig::b14_thp_split_zero_page},
      {"b15_zero_page_lock_without_flag", &KernelConfig::b15_zero_page_lock_without_flag},
      {"b16_huge_zero_folio_untagged", &KernelConfig::b16_huge_zero_folio_untagged},
      {"b17_pfn_valid_zone_device", &KernelConfig::b17_pfn_valid_zone_device},
      {"b18_vma_facts_after_unlock", &KernelConfig::b18_vma_facts_after_unlock},
  };
  return f;
}

}  // namespace

std::optional<KernelConfig> KernelConfig::for_version(const std::string& name) {
  if (name == "v5.10") return v5_10();
  if (name == "v5.14") return v5_14();
  if (name == "v6.1-rc") return v6_1_rc();
  if (name == "v6.2") return v6_2();
  if (name == "v6.4") return v6_4();
  if (name == "v6.13") return v6_13();
  return std::nullopt;
}

const std::vector<std::string>& known_kernel_versions() {
  static const std::vector<std::string> v = {"v5.10", "v5.14", "v6.1-rc", "v6.2", "v6.4", "v6.13"};
  return v;
}

bool set_bug_variant(KernelConfig& cfg, const std::string& name, bool on) {
  for (const auto& [n, f] : bug_fields())
    if (n == name) {
      cfg.*f = on;
      return true;
    }
  return false;
}

const std::vector<std::string>& bug_variant_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [n, f] : bug_fields()) v.push_back(n);
    return v;
  }();
  return names;
}

}  // namespace tagrace::model
