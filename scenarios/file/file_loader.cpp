// Loading a .mte file: parse, then check every name against the model's registries
// (kernel versions, strategies, bug variants, config knobs, properties) and compile
// the plan at default parameters, so all errors surface at load time with a position.
#include <fstream>
#include <sstream>

#include "model/kernel_config.hpp"
#include "model/strategy.hpp"
#include "scenarios/file/file_scenario.hpp"
#include "scenarios/file/parser.hpp"
#include "scenarios/file/world.hpp"

namespace tagrace::scenarios::file {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

SrcLoc find_word(const std::string& src, const std::string& word) {
  // positions of header names are not kept in the AST; find the first occurrence
  SrcLoc l;
  std::size_t at = src.find(word);
  if (at == std::string::npos) return l;
  for (std::size_t i = 0; i < at; ++i) {
    if (src[i] == '\n') ++l.line, l.col = 1;
    else ++l.col;
  }
  return l;
}

void check_kernel(const std::string& v, SrcLoc at) {
  if (!v.empty() && !model::KernelConfig::for_version(v))
    throw FileError(at, "unknown kernel version '" + v + "': expected one of " + join(model::known_kernel_versions()));
}

void check_strategy(const std::string& s, SrcLoc at) {
  if (s.empty() || model::StrategyRegistry::instance().find(s)) return;
  std::vector<std::string> names;
  for (const auto& i : model::StrategyRegistry::instance().all()) names.push_back(i.name);
  throw FileError(at, "unknown strategy '" + s + "': expected one of " + join(names));
}

void check_variant(const std::string& v, SrcLoc at) {
  for (const auto& n : model::bug_variant_names())
    if (n == v) return;
  throw FileError(at, "unknown bug variant '" + v + "': expected one of " + join(model::bug_variant_names()));
}

void validate(const ScenarioFile& f, const std::string& src) {
  model::register_builtin_strategies();
  check_kernel(f.kernel, find_word(src, "kernel " + f.kernel));
  check_strategy(f.strategy, find_word(src, "strategy " + f.strategy));
  for (const auto& [v, on] : f.variants) check_variant(v, find_word(src, v));
  for (const auto& [k, v] : f.config) {
    std::string valid;
    if (!valid_config(k, v, valid))
      throw FileError(find_word(src, "config " + k), "bad config '" + k + " " + v + "': expected " + valid);
  }
  for (const auto& c : f.checks)
    if (c != "tag-loss" && c != "stale-exposure" && c != "stage2-safety" && c != "liveness" && c != "data-race")
      throw FileError(find_word(src, c), "unknown property '" + c +
                                             "': expected tag-loss, stale-exposure, stage2-safety, liveness or data-race");
  for (const auto& r : f.results) {
    const std::string& mm = r.memory_model.empty() ? f.memory_model : r.memory_model;
    for (const auto& c : r.categories)
      if (c == "data-race" && mm != "weak")
        throw FileError(r.loc, "'data-race' is reported only under the weak memory model: expected 'weak' in "
                               "this Result line or 'memory-model weak' in the header");
    check_kernel(r.kernel, r.loc);
    check_strategy(r.strategy, r.loc);
    for (const auto& v : r.variants) check_variant(v.substr(1), r.loc);
  }
}

}  // namespace

std::shared_ptr<FileScenario> load_scenario_text(const std::string& text, const std::string& path,
                                                 const std::string& registry_name,
                                                 const std::vector<std::string>& overrides) {
  ScenarioFile f = parse_scenario(text, path);
  validate(f, text);
  for (const auto& o : overrides) check_variant(o.substr(1), SrcLoc{});
  auto s = std::make_shared<FileScenario>(std::move(f), registry_name, overrides);
  model::Params defaults;
  std::string err = model::resolve_params(s->params(), {}, defaults);
  if (!err.empty()) throw FileError(SrcLoc{}, err);
  s->plan(defaults);
  return s;
}

std::shared_ptr<FileScenario> load_scenario_file(const std::string& path, std::string& error,
                                                 const std::string& registry_name,
                                                 const std::vector<std::string>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read the file";
    return nullptr;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return load_scenario_text(ss.str(), path, registry_name, overrides);
  } catch (const FileError& e) {
    error = path + ":" + std::to_string(e.loc.line) + ":" + std::to_string(e.loc.col) + ": " + e.what();
  }
  return nullptr;
}

std::shared_ptr<const Scenario> find_or_load_file_scenario(const std::string& spec, std::string& error) {
  if (auto s = ScenarioRegistry::instance().find(spec)) return s;
  std::string path = spec.substr(0, spec.find('@'));
  if (path.size() < 5 || path.substr(path.size() - 4) != ".mte") return nullptr;
  std::vector<std::string> overrides;
  if (spec.find('@') != std::string::npos) {
    std::stringstream rest(spec.substr(spec.find('@') + 1));
    std::string item;
    while (std::getline(rest, item, ','))
      if (!item.empty()) overrides.push_back(item[0] == '+' || item[0] == '-' ? item : "+" + item);
  }
  for (const auto& o : overrides) {
    bool ok = false;
    for (const auto& n : model::bug_variant_names()) ok = ok || n == o.substr(1);
    if (!ok) {
      error = spec + ": unknown bug variant '" + o.substr(1) + "'";
      return nullptr;
    }
  }
  auto s = load_scenario_file(path, error, spec, overrides);
  if (!s) return nullptr;
  ScenarioRegistry::instance().add(s);
  return s;
}

}  // namespace tagrace::scenarios::file

#include <cstdio>
#include <cstdlib>

#include "scenarios/file/builtin_files.hpp"

namespace tagrace::scenarios::file {

std::shared_ptr<const Scenario> builtin_file_scenario(const std::string& stem) {
  for (const auto& [name, text] : embedded_builtin_files()) {
    if (stem != name) continue;
    try {
      return load_scenario_text(text, "scenarios/" + stem + ".mte");
    } catch (const FileError& e) {
      std::fprintf(stderr, "scenarios/%s.mte:%d:%d: %s\n", name, e.loc.line, e.loc.col, e.what());
      std::abort();
    }
  }
  std::fprintf(stderr, "built-in scenario file scenarios/%s.mte was not embedded\n", stem.c_str());
  std::abort();
}

}  // namespace tagrace::scenarios::file
