// Inline SVG charts for the self-contained report page: line charts (optionally log
// axes, dashed series for projections) and grouped bar charts. No scripts, no fonts
// or images fetched: the page must render offline (issue 4 section 4).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tagrace::reports::svg {

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;
  bool dashed = false;
  int color = -1;  ///< palette index; -1: the series' position
};

struct ChartOptions {
  std::string id;  ///< the <svg> element's id
  std::string title, x_label, y_label;
  bool log_x = false, log_y = false;
  int width = 640, height = 340;
};

std::string line_chart(const std::vector<Series>& series, const ChartOptions& o);

struct BarGroup {
  std::string label;
  std::vector<double> values;  ///< one per series name
};
std::string bar_chart(const std::vector<std::string>& series_names, const std::vector<BarGroup>& groups,
                      const ChartOptions& o);

/// A colour of the fixed palette.
std::string palette(int i);
/// Escapes &, <, >, " for HTML/SVG text.
std::string escape(const std::string& s);

}  // namespace tagrace::reports::svg
