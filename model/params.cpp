// Parameter resolution shared by strategies and scenarios (see params.hpp).
#include "model/params.hpp"

#include <charconv>
#include <stdexcept>

namespace tagrace::model {

namespace {

std::string spec_names(const std::vector<ParamSpec>& specs) {
  if (specs.empty()) return "none";
  std::string s;
  for (const auto& sp : specs) s += (s.empty() ? "" : ", ") + sp.name;
  return s;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

std::string resolve_params(const std::vector<ParamSpec>& specs, const Params& given, Params& out) {
  out.clear();
  for (const auto& [k, v] : given) {
    const ParamSpec* spec = nullptr;
    for (const auto& sp : specs)
      if (sp.name == k) spec = &sp;
    if (!spec) return "unknown parameter '" + k + "' (valid: " + spec_names(specs) + ")";
    if (spec->numeric()) {
      long n = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || ptr != v.data() + v.size())
        return "parameter '" + k + "' = '" + v + "' is not an integer (valid: " +
               std::to_string(spec->min) + ".." + std::to_string(spec->max) + ")";
      if (n < spec->min || n > spec->max)
        return "parameter '" + k + "' = " + v + " out of range [" + std::to_string(spec->min) +
               ", " + std::to_string(spec->max) + "]";
      out[k] = std::to_string(n);
    } else {
      bool ok = false;
      for (const auto& c : spec->choices) ok = ok || c == v;
      if (!ok) return "parameter '" + k + "' = '" + v + "' (valid: " + join(spec->choices) + ")";
      out[k] = v;
    }
  }
  for (const auto& sp : specs)
    if (!out.count(sp.name)) out[sp.name] = sp.def;
  return "";
}

long param_long(const Params& p, const std::string& name) {
  auto it = p.find(name);
  if (it == p.end()) throw std::out_of_range("missing parameter " + name);
  return std::stol(it->second);
}

const std::string& param_str(const Params& p, const std::string& name) {
  auto it = p.find(name);
  if (it == p.end()) throw std::out_of_range("missing parameter " + name);
  return it->second;
}

std::string format_params(const std::vector<ParamSpec>& specs, const Params& p) {
  std::string s;
  for (const auto& sp : specs) {
    auto it = p.find(sp.name);
    if (it == p.end()) continue;
    s += (s.empty() ? "" : " ") + sp.name + "=" + it->second;
  }
  return s;
}

}  // namespace tagrace::model
