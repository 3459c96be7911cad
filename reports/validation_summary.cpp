// validation_verdict_line() (see validation_summary.hpp). The verdict comes from the
// record (bench/projection/validation_stats.cpp decides it); this file only words it.
#include "reports/validation_summary.hpp"

#include <fmt/format.h>

namespace tagrace::reports {

namespace {
std::string points(unsigned n) { return fmt::format("{} point{}", n, n == 1 ? "" : "s"); }
}  // namespace

std::string validation_verdict_line(const ProjectionRecord& p) {
  const double tol = 100 * p.tolerance;
  std::string head = p.verdict == "within"       ? fmt::format("within the {:.0f}% tolerance", tol)
                     : p.verdict == "unresolved" ? fmt::format("UNRESOLVED at the {:.0f}% tolerance", tol)
                                                 : fmt::format("OUTSIDE the {:.0f}% tolerance", tol);
  std::string s = fmt::format("{}: max |error| {:.1f}% (medians of {} run{} per cell), noise up to {:.1f}% "
                              "(IQR of the per-run errors)",
                              head, 100 * p.max_abs_error, p.repetitions, p.repetitions == 1 ? "" : "s",
                              100 * p.max_noise);
  if (p.outside_points) s += fmt::format("; {} outside", points(p.outside_points));
  if (p.unresolved_points)
    s += fmt::format("; {} noisier than the tolerance: the comparison cannot be resolved to {:.0f}% on this machine",
                     points(p.unresolved_points), tol);
  if (p.repetitions < 2) s += "; one run per cell: the noise is not measured";
  return s + ".";
}

}  // namespace tagrace::reports
