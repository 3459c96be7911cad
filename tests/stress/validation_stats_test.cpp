// The projection's validation statistics and verdict (bench/projection/validation_stats,
// reports/validation_summary) on fixed inputs: medians, spreads, and that a noisy
// comparison is called unresolved while a clear failure is never hidden.
#include <gtest/gtest.h>

#include "bench/projection/validation_stats.hpp"
#include "reports/validation_summary.hpp"

namespace tagrace::projection {
namespace {

TEST(ValidationStats, MedianTakesTheMiddleOrTheMeanOfTheMiddleTwo) {
  EXPECT_DOUBLE_EQ(median({5, 1, 3}), 3);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median({7}), 7);
  EXPECT_DOUBLE_EQ(median({}), 0);
}

TEST(ValidationStats, MedianIgnoresOneDescheduledRun) {
  EXPECT_DOUBLE_EQ(median({4.1e6, 4.0e6, 0.9e6, 4.2e6, 3.9e6}), 4.0e6);
}

TEST(ValidationStats, QuartilesOfFiveRunsAreTheSecondAndFourthSmallest) {
  std::vector<double> v{50, 10, 40, 20, 30};
  EXPECT_DOUBLE_EQ(quantile(v, 0.25), 20);
  EXPECT_DOUBLE_EQ(quantile(v, 0.75), 40);
  EXPECT_DOUBLE_EQ(quantile(v, 0), 10);
  EXPECT_DOUBLE_EQ(quantile(v, 1), 50);
  EXPECT_DOUBLE_EQ(iqr(v), 20);
  EXPECT_DOUBLE_EQ(relative_iqr(v), 20.0 / 30.0);
}

TEST(ValidationStats, QuantilesInterpolateBetweenOrderStatistics) {
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4}, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4}, 0.75), 3.25);
  EXPECT_DOUBLE_EQ(iqr({0, 1}), 0.5);
}

TEST(ValidationStats, SpreadOfTheExtremesDoesNotMoveTheIqr) {
  EXPECT_DOUBLE_EQ(iqr({1, 2, 3, 4, 5}), iqr({-100, 2, 3, 4, 500}));
}

TEST(ValidationStats, SpreadIsZeroForOneRunOrAZeroMedian) {
  EXPECT_DOUBLE_EQ(iqr({3}), 0);
  EXPECT_DOUBLE_EQ(relative_iqr({3}), 0);
  EXPECT_DOUBLE_EQ(relative_iqr({-1, 0, 0, 0, 1}), 0);
}

TEST(ValidationVerdictRules, QuietPointsAreDecidedByTheirError) {
  EXPECT_EQ(classify_point(0.19, 0.05, 0.20), ValidationVerdict::Within);
  EXPECT_EQ(classify_point(-0.20, 0.20, 0.20), ValidationVerdict::Within);
  EXPECT_EQ(classify_point(0.21, 0.05, 0.20), ValidationVerdict::Outside);
  EXPECT_EQ(classify_point(-0.35, 0.0, 0.20), ValidationVerdict::Outside);
}

TEST(ValidationVerdictRules, NoisierThanTheToleranceIsUnresolvedEitherWay) {
  EXPECT_EQ(classify_point(0.02, 0.45, 0.20), ValidationVerdict::Unresolved);
  EXPECT_EQ(classify_point(-0.30, 0.25, 0.20), ValidationVerdict::Unresolved);
  EXPECT_EQ(classify_point(0.45, 0.25, 0.20), ValidationVerdict::Unresolved);
}

TEST(ValidationVerdictRules, AnErrorBeyondToleranceAndNoiseIsStillOutside) {
  EXPECT_EQ(classify_point(0.46, 0.25, 0.20), ValidationVerdict::Outside);
  EXPECT_EQ(classify_point(-1.5, 0.8, 0.20), ValidationVerdict::Outside);
}

TEST(ValidationVerdictRules, AProjectionTakesItsWorstPoint) {
  using V = ValidationVerdict;
  EXPECT_EQ(combine({}), V::Within);
  EXPECT_EQ(combine({V::Within, V::Within}), V::Within);
  EXPECT_EQ(combine({V::Within, V::Unresolved}), V::Unresolved);
  EXPECT_EQ(combine({V::Unresolved, V::Outside, V::Within}), V::Outside);
  EXPECT_STREQ(verdict_name(V::Outside), "OUTSIDE");
  EXPECT_STREQ(verdict_name(V::Unresolved), "unresolved");
  EXPECT_STREQ(verdict_name(V::Within), "within");
}

reports::ProjectionRecord record(const char* verdict, double err, double noise, unsigned outside, unsigned unresolved) {
  reports::ProjectionRecord p;
  p.repetitions = 5;
  p.verdict = verdict;
  p.max_abs_error = err;
  p.max_noise = noise;
  p.outside_points = outside;
  p.unresolved_points = unresolved;
  return p;
}

TEST(ValidationVerdictLine, StatesErrorToleranceAndNoise) {
  std::string s = reports::validation_verdict_line(record("within", 0.123, 0.081, 0, 0));
  EXPECT_NE(s.find("within the 20% tolerance"), std::string::npos) << s;
  EXPECT_NE(s.find("max |error| 12.3%"), std::string::npos) << s;
  EXPECT_NE(s.find("medians of 5 runs"), std::string::npos) << s;
  EXPECT_NE(s.find("noise up to 8.1%"), std::string::npos) << s;
}

TEST(ValidationVerdictLine, SaysWhenTheNoiseCannotResolveTheTolerance) {
  std::string s = reports::validation_verdict_line(record("unresolved", 0.15, 0.41, 0, 3));
  EXPECT_NE(s.find("UNRESOLVED"), std::string::npos) << s;
  EXPECT_NE(s.find("3 points noisier than the tolerance"), std::string::npos) << s;
  EXPECT_NE(s.find("cannot be resolved to 20% on this machine"), std::string::npos) << s;
}

TEST(ValidationVerdictLine, NeverHidesAFailureBehindNoisyPoints) {
  std::string s = reports::validation_verdict_line(record("OUTSIDE", 0.31, 0.41, 1, 2));
  EXPECT_EQ(s.rfind("OUTSIDE the 20% tolerance", 0), 0u) << s;
  EXPECT_NE(s.find("1 point outside"), std::string::npos) << s;
  EXPECT_NE(s.find("2 points noisier"), std::string::npos) << s;
}

}  // namespace
}  // namespace tagrace::projection
