// median(), quantile(), classify_point() ... (see validation_stats.hpp). The spread is
// the IQR, not the range: with 5 runs it ignores the fastest and the slowest, as the
// median does, so one descheduled run neither moves the figure nor its noise.
#include "bench/projection/validation_stats.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace tagrace::projection {

double median(std::vector<double> v) { return quantile(std::move(v), 0.5); }

double quantile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  assert(p >= 0 && p <= 1);
  std::sort(v.begin(), v.end());
  const double pos = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

double iqr(const std::vector<double>& v) { return v.size() < 2 ? 0 : quantile(v, 0.75) - quantile(v, 0.25); }

double relative_iqr(const std::vector<double>& v) {
  const double m = median(v);
  return v.size() < 2 || m == 0 ? 0 : iqr(v) / std::abs(m);
}

const char* verdict_name(ValidationVerdict v) {
  switch (v) {
    case ValidationVerdict::Within: return "within";
    case ValidationVerdict::Unresolved: return "unresolved";
    default: return "OUTSIDE";
  }
}

ValidationVerdict classify_point(double error, double noise, double tolerance) {
  const double e = std::abs(error);
  if (noise <= tolerance) return e <= tolerance ? ValidationVerdict::Within : ValidationVerdict::Outside;
  return e > tolerance + noise ? ValidationVerdict::Outside : ValidationVerdict::Unresolved;
}

ValidationVerdict combine(const std::vector<ValidationVerdict>& points) {
  ValidationVerdict worst = ValidationVerdict::Within;
  for (auto v : points) worst = std::max(worst, v);  // enum order: Within < Unresolved < Outside
  return worst;
}

}  // namespace tagrace::projection
