// The reporter seam: console, JSON and Markdown renderings of result records. One
// file pair per reporter; make_reporter() is the one registration point.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "reports/record.hpp"

namespace tagrace::reports {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void check(const CheckRecord& r, const RunContext& ctx, std::ostream& os) = 0;
  virtual void matrix(const MatrixRecord& m, std::ostream& os) = 0;
};

/// "console", "json" or "markdown"; nullptr for an unknown name.
std::unique_ptr<Reporter> make_reporter(const std::string& name);
std::vector<std::string> reporter_names();

/// Short cell text for a matrix: "verified", "tag-loss", "refused", ...
std::string cell_text(const CheckRecord& r);

}  // namespace tagrace::reports
