// Search strength (house-style "always keep"): a bug that uniform random scheduling
// misses with a fixed seed and budget but PCT finds with the same budget. Thread 1 must
// run 21 steps before thread 0's first: random ~2^-21 per run, PCT >= 1/(n k^(d-1)).
#include <gtest/gtest.h>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing {
namespace {

struct Race {
  int x = 0;
  int a_local[40] = {};
  int b_local[20] = {};
};

Program ordering_bug() {
  return make_program<Race>({[](Race& s) {
                               store(s.x, 1);
                               for (int& v : s.a_local) store(v, 1);
                             },
                             [](Race& s) {
                               for (int& v : s.b_local) store(v, 1);
                               if (load(s.x) == 0) fail("ordering", "B finished before A began");
                             }});
}

ExploreOptions sampled(std::uint32_t depth) {
  ExploreOptions o;
  o.seed = 12345;
  o.samples = 200;
  o.pct_depth = depth;
  return o;
}

TEST(SearchStrength, RandomSearchMissesTheDeepOrderingBug) {
  const ExploreResult r = run(ordering_bug(), SearchKind::Random, sampled(2));
  EXPECT_EQ(r.verdict, Verdict::NoViolationSampled);
  EXPECT_EQ(r.stats.executions, 200u);
}

TEST(SearchStrength, PctFindsTheDeepOrderingBugWithTheSameBudget) {
  for (std::uint32_t d : {2u, 3u}) {
    const ExploreResult r = run(ordering_bug(), SearchKind::Pct, sampled(d));
    ASSERT_EQ(r.verdict, Verdict::Violation) << "d=" << d;
    EXPECT_EQ(r.violations[0].category, "ordering");
    EXPECT_NE(r.search_description.find("1/(n*k^(d-1))"), std::string::npos);
  }
}

TEST(SearchStrength, SampledSearchesNeverClaimVerified) {
  const Program p = make_program<Race>({[](Race& s) { store(s.x, 1); }});
  EXPECT_EQ(run(p, SearchKind::Random).verdict, Verdict::NoViolationSampled);
  EXPECT_EQ(run(p, SearchKind::Pct).verdict, Verdict::NoViolationSampled);
}

}  // namespace
}  // namespace tagrace::engine::testing
