// Robust summaries of the projection's repeated validation runs (issue 4: "quote
// medians and ratios: these machines are noisy"): median, interquartile spread, and the
// verdict of one validation point and of a whole projection against the tolerance.
// Pure functions over numbers, so the rules are unit-tested with fixed inputs.
#pragma once

#include <string>
#include <vector>

namespace tagrace::projection {

/// Median (mean of the middle two for an even count); 0 for no samples.
double median(std::vector<double> v);

/// Quantile p in [0, 1], linear between order statistics (R-7 / numpy's default);
/// 0 for no samples. For 5 samples the quartiles are the 2nd and 4th smallest.
double quantile(std::vector<double> v, double p);

/// Interquartile range (q75 - q25), in the samples' unit; 0 below 2 samples.
double iqr(const std::vector<double>& v);

/// IQR / |median|: the spread of repeated throughput runs as a fraction; 0 when the
/// median is 0 or there are fewer than 2 samples.
double relative_iqr(const std::vector<double>& v);

/// Verdict of one validation point (or of a projection: the worst of its points).
enum class ValidationVerdict { Within, Unresolved, Outside };

/// "within", "unresolved" or "OUTSIDE" (upper case: a failure must stand out).
const char* verdict_name(ValidationVerdict v);

/// One point: `error` is the relative error of the prediction against the median
/// measurement, `noise` the spread of the per-run errors (same unit). Low noise: the
/// error decides. Noise above the tolerance: unresolved, unless |error| exceeds the
/// tolerance by more than the noise (noise cannot explain that, so it is a failure).
ValidationVerdict classify_point(double error, double noise, double tolerance);

/// The projection's verdict: OUTSIDE if any point is, else unresolved if any is, else within.
ValidationVerdict combine(const std::vector<ValidationVerdict>& points);

}  // namespace tagrace::projection
