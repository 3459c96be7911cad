// `--decompose pages` end to end: on every strategy the decomposed run reaches the same
// verdict and the same violated properties as the full exhaustive search where both
// finish (2 mms x 2 and 3 pages), the 3 mms x 3 pages proof of issue 2 is decomposed
// into three 1-page proofs, and a counterexample found decomposed replays unchanged.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/checkers/check_request.hpp"

namespace tagrace::app {
namespace {

CheckRequest request(const std::string& strategy, const model::Params& sp, bool decompose,
                     const std::string& scenario = "shared-mprotect-vs-fault") {
  CheckRequest r = testing::check_request(scenario, strategy, sp);
  r.decompose_pages = decompose;
  return r;
}

using testing::sorted;

class SameVerdict : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(SameVerdict, DecomposedAgreesWithTheFullSearch) {
  const auto& [strategy, pages] = GetParam();
  const model::Params sp{{"mms", "2"}, {"pages", std::to_string(pages)}};
  const auto full = run_check(request(strategy, sp, false));
  const auto dec = run_check(request(strategy, sp, true));
  EXPECT_EQ(dec.verdict, full.verdict);
  EXPECT_EQ(sorted(dec.violated), sorted(full.violated));
  if (dec.verdict == "verified") {
    EXPECT_EQ(dec.search, "exhaustive, decomposed per page");
    EXPECT_LT(dec.executions, full.executions);
  }
  for (const auto& c : dec.counterexamples)
    EXPECT_EQ(c.message.find("did not reproduce"), std::string::npos) << c.message;
}

INSTANTIATE_TEST_SUITE_P(
    Strategies, SameVerdict,
    ::testing::Combine(::testing::Values("flag-first", "flag-after-init", "global-lock",
                                         "per-mm-lock", "hashed-lock", "alloc-time",
                                         "ban-shared", "pg-mte-lock", "no-flag"),
                       ::testing::Values(2, 3)),
    [](const auto& info) {
      std::string n = std::get<0>(info.param) + "_pages" + std::to_string(std::get<1>(info.param));
      std::replace(n.begin(), n.end(), '-', '_');
      return n;
    });

TEST(Decomposition, ThreeMmsThreePagesIsThreeOnePageProofs) {
  const auto one = run_check(request("pg-mte-lock", {{"mms", "3"}, {"pages", "1"}}, false));
  const auto dec = run_check(request("pg-mte-lock", {{"mms", "3"}, {"pages", "3"}}, true));
  ASSERT_EQ(one.verdict, "verified");
  EXPECT_EQ(dec.verdict, "verified");
  EXPECT_EQ(dec.search, "exhaustive, decomposed per page");
  EXPECT_EQ(dec.executions, 3 * one.executions);
  EXPECT_NE(dec.coverage.find("3 per-page components"), std::string::npos) << dec.coverage;
}

TEST(Decomposition, TagsCopiedBetweenPagesMakeItRunTheFullSearch) {
  for (const char* sc : {"cow-vs-mprotect", "swap-in-shared"}) {
    const auto full = run_check(request("pg-mte-lock", {}, false, sc));
    const auto dec = run_check(request("pg-mte-lock", {}, true, sc));
    EXPECT_EQ(dec.verdict, full.verdict) << sc;
    EXPECT_EQ(dec.search, "exhaustive") << sc;
    EXPECT_NE(dec.coverage.find("decomposition not applicable: tags move between pages"),
              std::string::npos)
        << dec.coverage;
  }
}

}  // namespace
}  // namespace tagrace::app
