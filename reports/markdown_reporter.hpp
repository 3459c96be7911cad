// Markdown reporter: the verification matrix and counterexamples for a README or a
// mailing-list reply.
#pragma once

#include "reports/reporter.hpp"

namespace tagrace::reports {

class MarkdownReporter : public Reporter {
 public:
  void check(const CheckRecord& r, const RunContext& ctx, std::ostream& os) override;
  void matrix(const MatrixRecord& m, std::ostream& os) override;
};

}  // namespace tagrace::reports
