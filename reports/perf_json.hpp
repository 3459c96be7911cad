// JSON for the performance records (stress, projection, the report bundle), both ways:
// the report command reads back what `tagrace stress/project/matrix --out` wrote.
// Every document carries schema_version and the run context (house style).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "reports/perf_record.hpp"

namespace tagrace::reports {

nlohmann::json stress_to_json(const StressRecord& r);
nlohmann::json projection_to_json(const ProjectionRecord& r);
nlohmann::json report_to_json(const PerfReport& r);

/// Parsers; throw std::runtime_error (nlohmann's exceptions included) on malformed input.
StressRecord stress_from_json(const nlohmann::json& j);
ProjectionRecord projection_from_json(const nlohmann::json& j);
/// The matrix fields the report draws (context, names, verdict cells).
MatrixRecord matrix_from_json(const nlohmann::json& j);
RunContext context_from_json(const nlohmann::json& j);

}  // namespace tagrace::reports
