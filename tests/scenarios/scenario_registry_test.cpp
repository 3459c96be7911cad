// The scenario registry: the eight built-in scenarios, their parameters and ranges.
#include <gtest/gtest.h>

#include "scenarios/scenario.hpp"

namespace tagrace::scenarios {
namespace {

TEST(ScenarioRegistry, ListsTheEightBuiltinScenarios) {
  register_builtin_scenarios();
  register_builtin_scenarios();
  for (const char* n : {"shared-mprotect-vs-fault", "vmm-abort-vs-fault", "thp-abort-vs-fault",
                        "cow-vs-mprotect", "swap-in-shared", "vcpus-same-page", "copy-tags-vs-fault",
                        "disjoint-faults"}) {
    auto s = ScenarioRegistry::instance().find(n);
    ASSERT_NE(s, nullptr) << n;
    EXPECT_EQ(s->name(), n);
    EXPECT_FALSE(s->summary().empty());
  }
  EXPECT_EQ(ScenarioRegistry::instance().find("nope"), nullptr);
}

TEST(ScenarioRegistry, EveryScenarioHasAGranulesParameterFrom1To16) {
  register_builtin_scenarios();
  for (const auto& s : ScenarioRegistry::instance().all()) {
    bool found = false;
    for (const auto& p : s->params())
      if (p.name == "granules") {
        found = true;
        EXPECT_EQ(p.def, "1");
        EXPECT_EQ(p.min, 1);
        EXPECT_EQ(p.max, 16);
      }
    EXPECT_TRUE(found) << s->name();
  }
}

TEST(ScenarioRegistry, ParametersHaveTheDocumentedDefaultsAndRanges) {
  register_builtin_scenarios();
  auto spec = [](const std::string& sc, const std::string& name) {
    for (const auto& p : ScenarioRegistry::instance().find(sc)->params())
      if (p.name == name) return p;
    return model::ParamSpec{};
  };
  auto mms = spec("shared-mprotect-vs-fault", "mms");
  EXPECT_EQ(mms.def, "2");
  EXPECT_EQ(mms.min, 2);
  EXPECT_EQ(mms.max, 4);
  EXPECT_EQ(spec("shared-mprotect-vs-fault", "pages").max, 4);
  EXPECT_EQ(spec("thp-abort-vs-fault", "subpages").def, "4");
  EXPECT_EQ(spec("thp-abort-vs-fault", "subpages").max, 16);
  EXPECT_EQ(spec("vcpus-same-page", "vcpus").def, "2");
  EXPECT_EQ(spec("disjoint-faults", "mms").def, "3");
  EXPECT_EQ(spec("disjoint-faults", "mms").min, 1);
  EXPECT_EQ(spec("disjoint-faults", "mms").max, 8);
}

}  // namespace
}  // namespace tagrace::scenarios
