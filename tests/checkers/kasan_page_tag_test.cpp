// B5 end to end through the runner: scenarios/regressions/B5-kasan-page-tag-reset.mte on
// the v6.2 paths with CONFIG_KASAN_HW_TAGS. With the tag reset in set_pte_at() (+b5) a
// CoW's copy_page() faults on tags cleared after it read page->flags: a violation under
// sc (the KASAN report, an assertion) and under weak (the check races with the clear,
// and leads to the same report);
// with the reset at allocation both memory models verify.
#include <gtest/gtest.h>

#include "app/runner.hpp"
#include "model/strategy.hpp"
#include "scenarios/file/file_scenario.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::app {
namespace {

reports::CheckRecord check_b5(const std::string& variants, const std::string& memory_model) {
  model::register_builtin_strategies();
  std::string spec =
      std::string(TAGRACE_SOURCE_DIR "/scenarios/regressions/B5-kasan-page-tag-reset.mte") +
      variants;
  std::string error;
  auto sc = scenarios::file::find_or_load_file_scenario(spec, error);
  EXPECT_TRUE(sc) << error;
  CheckRequest r;
  r.scenario = spec;
  r.strategy = "pg-mte-lock";
  r.kernel = "v6.2";
  r.memory_model = memory_model;
  EXPECT_EQ(model::resolve_params(sc->params(), {}, r.scenario_params), "");
  return run_check(r);
}

bool violated(const reports::CheckRecord& r, const std::string& cat) {
  for (const auto& v : r.violated)
    if (v == cat) return true;
  return false;
}

TEST(KasanPageTag, TheResetInSetPteAtFaultsACopyThatReadTheOldTagUnderSc) {
  auto r = check_b5("@+b5_kasan_tag_reset_at_set_pte", "sc");
  EXPECT_EQ(r.verdict, "violation");
  ASSERT_TRUE(violated(r, "assertion"));
  EXPECT_NE(r.counterexamples.front().message.find("tag-check fault"), std::string::npos);
  // The writer's smp_wmb() is in the trace: it did not help.
  EXPECT_NE(r.counterexamples.front().trace_text.find("smp_wmb()"), std::string::npos);
}

TEST(KasanPageTag, TheResetInSetPteAtRacesWithTheTagCheckUnderWeak) {
  auto r = check_b5("@+b5_kasan_tag_reset_at_set_pte", "weak");
  EXPECT_EQ(r.verdict, "violation");
  EXPECT_TRUE(violated(r, "data-race"));
  EXPECT_TRUE(violated(r, "assertion"));  // what the race leads to, searched without races
}

TEST(KasanPageTag, TheResetAtAllocationVerifiesUnderBothMemoryModels) {
  for (const char* mm : {"sc", "weak"}) {
    auto r = check_b5("", mm);
    EXPECT_EQ(r.verdict, "verified") << mm;
    EXPECT_EQ(r.memory_model, mm);
  }
}

}  // namespace
}  // namespace tagrace::app
