// The configuration space and the policies over it (issue 6, sections 1-2): the raw
// count and the class counts are pinned, B17 is found for v5.13 and absent from v5.14,
// the 2025 v3 patch's fault-only FWB refusal is a disagreement and the merged version
// has none.
#include <gtest/gtest.h>

#include <algorithm>

#include "checkers/policy/policy_classes.hpp"
#include "model/policy/stage2_policy.hpp"

namespace tagrace::checkers::policy {
namespace {

using namespace model::policy;

const Stage2Policy& P(const char* name) {
  const auto* p = find_stage2_policy(name);
  EXPECT_NE(p, nullptr) << name;
  return *p;
}

bool has(const PolicyClass& c, FindingKind k, const std::string& what_part = "") {
  return std::any_of(c.findings.begin(), c.findings.end(), [&](const Finding& f) {
    return f.kind == k && f.what.find(what_part) != std::string::npos;
  });
}

TEST(PolicySpace, EnumeratesAFixedNumberOfRealisableConfigurations) {
  EXPECT_EQ(enumerate_stage2_configs().size(), 664u);
  for (const auto& c : enumerate_stage2_configs()) {
    if (c.prot == model::pgprot_type::NORMAL_TAGGED) {
      EXPECT_TRUE(c.vm_flags & model::VM_MTE_ALLOWED);
    }
    if (c.vm_flags & model::VM_PFNMAP) {
      EXPECT_FALSE(c.vm_flags & model::VM_MTE_ALLOWED);
    }
  }
}

TEST(PolicySpace, RamThatTheHostMapsUncachedIsAnAttributeMismatchUnlessTheVmaDecides) {
  // A driver's remap_pfn_range() of RAM with pgprot_noncached: KVM maps memblock RAM
  // Normal-WB whatever the VMA says, except under the 2023 "memory type from the VMA".
  for (const char* name : {"v5.14", "v6.2", "2025-merged", "2023-vma-memtype"}) {
    PolicyRecord r = evaluate_policy(P(name));
    bool mismatch = false;
    for (const auto& c : r.classes)
      if (c.shape.mem == MemKind::DriverRamPfnMap && has(c, FindingKind::AttributeMismatch)) mismatch = true;
    EXPECT_EQ(mismatch, std::string(name) != "2023-vma-memtype") << name;
  }
}

TEST(PolicySpace, GroupsIntoPinnedClassCountsThatCoverEveryConfiguration) {
  const std::pair<const char*, unsigned> pinned[] = {{"v5.13", 31}, {"v5.14", 42}, {"v6.2", 33}, {"2023-vma-memtype", 49}, {"2025-v3", 41}, {"2025-merged", 48}};
  for (const auto& [name, classes] : pinned) {
    PolicyRecord r = evaluate_policy(P(name));
    EXPECT_EQ(r.classes.size(), classes) << name;
    unsigned sum = 0;
    for (const auto& c : r.classes) sum += c.count;
    EXPECT_EQ(sum, r.raw_configs) << name;
  }
}

TEST(PolicySpace, V513MapsZoneDeviceMemoryWithoutTagsCacheableInAnMteGuest) {
  PolicyRecord r = evaluate_policy(P("v5.13"));
  EXPECT_GT(r.bug_configs("B17"), 0u);
  bool fsdax = false;
  for (const auto& c : r.classes)
    if (c.shape.mem == MemKind::FsDax && has(c, FindingKind::Safety, "without tag storage")) fsdax = true;
  EXPECT_TRUE(fsdax);
}

TEST(PolicySpace, V514NoLongerHasB17ButForcesCoherentDeviceMemoryToDevice) {
  PolicyRecord r = evaluate_policy(P("v5.14"));
  EXPECT_EQ(r.bug_configs("B17"), 0u);
  bool coherent_forced = false;
  for (const auto& c : r.classes) {
    if (c.shape.mem == MemKind::FsDax || c.shape.mem == MemKind::DeviceCoherent) {
      EXPECT_FALSE(has(c, FindingKind::Safety)) << c.shape.describe();
    }
    if (c.shape.mem == MemKind::DeviceCoherent && has(c, FindingKind::Function)) coherent_forced = true;
  }
  EXPECT_TRUE(coherent_forced);
}

TEST(PolicySpace, V3RefusesCacheablePfnmapWithoutFwbOnlyAtFaultTime) {
  PolicyRecord r = evaluate_policy(P("2025-v3"));
  bool found = false;
  for (const auto& c : r.classes)
    if (c.shape.mem == MemKind::PfnMapCacheable && c.memslot == "ok" &&
        c.fault == "-EFAULT (cacheable PFNMAP without FWB)" && has(c, FindingKind::Agreement))
      found = true;
  EXPECT_TRUE(found);
  EXPECT_GT(r.by_kind["agreement"].second, 0u);
}

TEST(PolicySpace, MergedVersionRefusesCacheablePfnmapAtMemslotCreationWhatItRefusesAtFault) {
  PolicyRecord r = evaluate_policy(P("2025-merged"));
  for (const auto& c : r.classes) {
    const bool pfnmap = c.shape.values[static_cast<unsigned>(Dim::PfnMap)] == std::vector<unsigned>{1};
    if (c.shape.mem == MemKind::PfnMapCacheable && pfnmap && c.fault.rfind("-EFAULT", 0) == 0) {
      EXPECT_NE(c.memslot, "ok") << c.shape.describe();
    }
    // The memslot test looks at VM_PFNMAP only, the fault at VM_PFNMAP|VM_MIXEDMAP: a
    // cacheable VM_MIXEDMAP mapping of memory without struct page still disagrees.
    if (has(c, FindingKind::Agreement)) {
      EXPECT_EQ(c.shape.values[static_cast<unsigned>(Dim::MixedMap)], std::vector<unsigned>{1})
          << c.shape.describe();
    }
  }
  EXPECT_EQ(r.by_kind["agreement"].second, 6u);
}

TEST(PolicySpace, OnlyThe2023ProposalMapsMemoryOutsideTheLinearMapCacheableWithoutFwb) {
  for (const auto& p : stage2_policies()) {
    PolicyRecord r = evaluate_policy(p);
    const bool expect = p.name == "2023-vma-memtype";
    EXPECT_EQ(r.by_kind.count("cache-maintenance") > 0, expect) << p.name;
  }
}

}  // namespace
}  // namespace tagrace::checkers::policy
