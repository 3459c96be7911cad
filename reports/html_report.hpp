// The report page: one self-contained HTML file with inline SVG plots (verification
// matrix, measured and projected throughput, latency distributions, lock wait share,
// tag losses under stress, projection validation), plus its Markdown twin. Reads only
// the PerfReport record. Every figure's caption names machine, build type and command.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "reports/perf_record.hpp"

namespace tagrace::reports {

/// The ids of the plots the page always contains (empty data gives an empty plot
/// with a note), so a browser test can check for each.
const std::vector<std::string>& html_plot_ids();

void write_html_report(const PerfReport& r, std::ostream& os);
void write_markdown_report(const PerfReport& r, std::ostream& os);

}  // namespace tagrace::reports
