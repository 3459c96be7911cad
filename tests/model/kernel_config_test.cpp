// KernelConfig: version names, per-version behaviour switches and bug-era defaults.
#include <gtest/gtest.h>

#include "model/kernel_config.hpp"

namespace tagrace::model {
namespace {

TEST(KernelConfig, KnowsEveryListedVersion) {
  for (const auto& v : known_kernel_versions()) {
    auto cfg = KernelConfig::for_version(v);
    ASSERT_TRUE(cfg.has_value()) << v;
    EXPECT_EQ(cfg->name, v);
    EXPECT_FALSE(cfg->default_strategy.empty());
  }
  EXPECT_GE(known_kernel_versions().size(), 6u);
}

TEST(KernelConfig, RejectsUnknownVersionNames) {
  EXPECT_FALSE(KernelConfig::for_version("v4.19").has_value());
  EXPECT_FALSE(KernelConfig::for_version("").has_value());
  EXPECT_FALSE(KernelConfig::for_version("6.2").has_value());
}

TEST(KernelConfig, V6_2TakesMmuLockSharedAndChecksVmMteAllowed) {
  auto v514 = *KernelConfig::for_version("v5.14");
  auto v62 = *KernelConfig::for_version("v6.2");
  EXPECT_FALSE(v514.mmu_lock_shared);
  EXPECT_TRUE(v62.mmu_lock_shared);
  EXPECT_EQ(v514.kvm_shared_check, KvmSharedCheck::VmShared);
  EXPECT_EQ(v62.kvm_shared_check, KvmSharedCheck::VmMteAllowed);
  EXPECT_EQ(v62.default_strategy, "pg-mte-lock");
  EXPECT_EQ(KernelConfig::for_version("v5.10")->default_strategy, "flag-first");
}

TEST(KernelConfig, SwapRestoreMovesBeforeSwapFreeInV6_4) {
  auto v62 = *KernelConfig::for_version("v6.2");
  auto v64 = *KernelConfig::for_version("v6.4");
  EXPECT_TRUE(v62.b10_swap_free_before_restore);
  EXPECT_FALSE(v64.b10_swap_free_before_restore);
  EXPECT_TRUE(v64.swap_restore_before_swap_free);
}

TEST(KernelConfig, BarrierAtTheEndOfMteSyncTagsFromV5_18) {
  EXPECT_TRUE(KernelConfig::for_version("v5.14")->b4_no_wmb_before_set_pte);
  EXPECT_FALSE(KernelConfig::for_version("v6.1-rc")->b4_no_wmb_before_set_pte);
}

TEST(KernelConfig, KasanTagResetAtSetPteUntilV6_1AndKasanOffByDefault) {
  EXPECT_FALSE(KernelConfig::for_version("v5.10")->b5_kasan_tag_reset_at_set_pte);  // before KASAN_HW_TAGS
  EXPECT_TRUE(KernelConfig::for_version("v5.14")->b5_kasan_tag_reset_at_set_pte);
  EXPECT_FALSE(KernelConfig::for_version("v6.1-rc")->b5_kasan_tag_reset_at_set_pte);
  for (const auto& v : known_kernel_versions()) EXPECT_FALSE(KernelConfig::for_version(v)->kasan_hw_tags) << v;
}

TEST(KernelConfig, BugVariantsCanBeSetByName) {
  auto cfg = *KernelConfig::for_version("v6.13");
  EXPECT_FALSE(cfg.b18_vma_facts_after_unlock);
  EXPECT_TRUE(set_bug_variant(cfg, "b18_vma_facts_after_unlock", true));
  EXPECT_TRUE(cfg.b18_vma_facts_after_unlock);
  EXPECT_FALSE(set_bug_variant(cfg, "b99_nonsense", true));
  EXPECT_EQ(bug_variant_names().size(), 13u);
}

}  // namespace
}  // namespace tagrace::model
