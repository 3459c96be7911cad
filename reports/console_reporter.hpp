// Console reporter: what a kernel developer reads in a terminal — the verdict with what
// it covers, or the counterexample as a kernel-terms interleaving plus its replay line.
#pragma once

#include "reports/reporter.hpp"

namespace tagrace::reports {

class ConsoleReporter : public Reporter {
 public:
  void check(const CheckRecord& r, const RunContext& ctx, std::ostream& os) override;
  void matrix(const MatrixRecord& m, std::ostream& os) override;
};

}  // namespace tagrace::reports
