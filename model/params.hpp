// Named parameters of strategies and scenarios (-p KEY=VALUE on the command line):
// numeric with a valid range, or one of a fixed list of choices. Validation errors
// name the parameter and what is valid, so the CLI can exit 2 with them.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tagrace::model {

struct ParamSpec {
  std::string name;
  std::string def;                   ///< default value, as text
  long min = 0;                      ///< numeric range (when choices is empty)
  long max = 0;
  std::vector<std::string> choices;  ///< non-empty: an enumeration
  std::string help;
  bool numeric() const { return choices.empty(); }
};

/// Resolved parameters: every spec'd name present, values validated.
using Params = std::map<std::string, std::string>;

/// Fills in defaults and validates `given` against `specs`. Returns "" when valid,
/// else a message such as "unknown parameter 'x' (valid: mms, pages)" or
/// "parameter 'mms' = 9 out of range [2, 4]".
std::string resolve_params(const std::vector<ParamSpec>& specs, const Params& given, Params& out);

/// Value accessors for resolved parameters (throw std::out_of_range if missing).
long param_long(const Params& p, const std::string& name);
const std::string& param_str(const Params& p, const std::string& name);

/// "mms=2 pages=1" in spec order, for reports and replay commands.
std::string format_params(const std::vector<ParamSpec>& specs, const Params& p);

}  // namespace tagrace::model
