// JSON reporter: schema-versioned, with the run context (Google Benchmark's layout).
#pragma once

#include <nlohmann/json.hpp>

#include "reports/reporter.hpp"

namespace tagrace::reports {

class JsonReporter : public Reporter {
 public:
  void check(const CheckRecord& r, const RunContext& ctx, std::ostream& os) override;
  void matrix(const MatrixRecord& m, std::ostream& os) override;
};

nlohmann::json to_json(const CheckRecord& r);
nlohmann::json to_json(const RunContext& c);

}  // namespace tagrace::reports
