// Output formats of `tagrace policy` (issue 6, section 3): the table header and the
// raw-configuration line, the diff's per-class "- A / + B" lines, and both JSON schemas.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "app/policy_command.hpp"
#include "model/policy/stage2_policy.hpp"

namespace tagrace::app {
namespace {

using namespace checkers::policy;
using model::policy::find_stage2_policy;

TEST(PolicyOutput, TableStatesTheRawCountTheClassesAndASummaryByFindingKind) {
  PolicyRecord r = evaluate_policy(*find_stage2_policy("v5.13"));
  std::ostringstream os;
  print_policy_table(r, os);
  const std::string s = os.str();
  EXPECT_EQ(s.rfind("policy v5.13: ", 0), 0u) << s;
  EXPECT_NE(s.find(std::to_string(r.raw_configs) + " raw configurations enumerated, " +
                   std::to_string(r.classes.size()) + " classes"), std::string::npos);
  EXPECT_NE(s.find("memslot"), std::string::npos);
  EXPECT_NE(s.find("[B17]"), std::string::npos);
  EXPECT_NE(s.find("findings by kind:"), std::string::npos);
  for (const char* k : {"safety", "cache-maintenance", "attribute-mismatch", "function", "agreement"})
    EXPECT_NE(s.find("  " + std::string(k)), std::string::npos) << k;
}

TEST(PolicyOutput, DiffOfV3AndMergedListsEachChangedClassWithBothOutcomes) {
  DiffRecord d = diff_policies(*find_stage2_policy("2025-v3"), *find_stage2_policy("2025-merged"));
  std::ostringstream os;
  print_policy_diff(d, os);
  const std::string s = os.str();
  EXPECT_EQ(s.rfind("policy diff 2025-v3 -> 2025-merged: " + std::to_string(d.raw_configs) +
                        " raw configurations, " + std::to_string(d.unchanged) + " unchanged, ", 0), 0u) << s;
  EXPECT_FALSE(d.changed.empty());
  EXPECT_NE(s.find("\n[1] "), std::string::npos);
  EXPECT_NE(s.find("  - 2025-v3      "), std::string::npos);
  EXPECT_NE(s.find("  + 2025-merged  "), std::string::npos);
  // The fault-only FWB refusal of v3 becomes a memslot refusal.
  EXPECT_NE(s.find("-EFAULT (cacheable PFNMAP without FWB)"), std::string::npos);
  EXPECT_NE(s.find("-EINVAL (cacheable PFNMAP needs FWB+DIC)"), std::string::npos);
  unsigned changed = 0;
  for (const auto& c : d.changed) changed += c.count;
  EXPECT_EQ(changed + d.unchanged, d.raw_configs);
}

TEST(PolicyOutput, JsonCarriesTheSchemaTheRawCountAndEveryClass) {
  PolicyRecord r = evaluate_policy(*find_stage2_policy("2025-v3"));
  auto j = nlohmann::json::parse(policy_json(r, "tagrace policy --kernel 2025-v3 --json"));
  EXPECT_EQ(j["schema"], "tagrace-policy/1");
  EXPECT_EQ(j["raw_configurations"], r.raw_configs);
  EXPECT_EQ(j["classes"].size(), r.classes.size());
  EXPECT_TRUE(j["classes"][0].contains("memslot"));
  EXPECT_TRUE(j["findings_by_kind"].contains("agreement"));
  DiffRecord d = diff_policies(*find_stage2_policy("v5.13"), *find_stage2_policy("v5.14"));
  auto jd = nlohmann::json::parse(policy_diff_json(d, "x"));
  EXPECT_EQ(jd["schema"], "tagrace-policy-diff/1");
  EXPECT_EQ(jd["changed"].size(), d.changed.size());
}

}  // namespace
}  // namespace tagrace::app
