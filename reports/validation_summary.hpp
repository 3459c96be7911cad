// The projection's validation verdict in words, shared by the Markdown table, the HTML
// page and `tagrace project`'s exit message, so all three state the same thing: the max
// |error| over medians, the tolerance, the measurement noise, and whether the noise is
// too large for the comparison to be decided on this machine.
#pragma once

#include <string>

#include "reports/perf_record.hpp"

namespace tagrace::reports {

/// One sentence, e.g. "OUTSIDE the 20% tolerance: max |error| 31.0% (medians of 5 runs
/// per cell), noise up to 6.2% (IQR of the per-run errors); 1 point outside."
std::string validation_verdict_line(const ProjectionRecord& p);

}  // namespace tagrace::reports
