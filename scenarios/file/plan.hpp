// A compiled scenario file: loops and ifs expanded for one set of parameter values,
// names resolved to object indices, integers evaluated and range-checked. The
// interpreter (file_scenario.cpp) replays a Plan into a fresh Kernel every execution.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/primitives.hpp"
#include "scenarios/file/ast.hpp"

namespace tagrace::scenarios::file {

enum class ObjKind : std::uint8_t { Memfd, Page, Mm, Vm, Swap };

/// A resolved tag value or tag expectation.
struct TagVal {
  TagExpr::Kind kind = TagExpr::AnyUser;
  model::tag_t value = 0;  ///< User: tag_user(n); Stale/Init: the constant
  bool matches(model::tag_t t) const;
  std::string text() const;
};

/// One init command or thread operation with everything resolved.
struct PlanOp {
  std::string op;
  SrcLoc loc;
  std::int64_t n[5] = {};          ///< integer arguments, in order
  unsigned ref[3] = {};            ///< object indices of name arguments, in order
  TagVal tag;                      ///< the tag argument
  std::map<std::string, std::int64_t> opt;  ///< options: flag -> 1, int -> value, name -> index
  bool has_expect = false;
  TagVal expect;
  std::string message;  ///< assertion text, kept alive for Primitives::check()
};

struct PlanThread {
  std::string name, label;
  int mm = -1, vm = -1;
  unsigned spare = 0;
  std::vector<PlanOp> ops;
};

/// A resolved reference in a condition.
struct PlanRef {
  ObjKind kind = ObjKind::Page;
  unsigned obj = 0;
  bool indexed = false;
  std::int64_t index = 0;
};

struct PlanCond {
  Cond::Kind kind = Cond::Pred;
  std::vector<PlanCond> kids;
  std::string pred, cmp;
  std::vector<PlanRef> refs;
  std::int64_t granule = 0;
  TagVal tag;
  std::string attr;  ///< stage2 rhs
};

struct PlanFinal {
  bool exists = true;
  PlanCond cond;
  std::string message;
};

struct Plan {
  unsigned granules = 1;
  std::map<ObjKind, unsigned> counts;  ///< objects of each kind
  std::vector<PlanOp> init;
  std::vector<PlanThread> threads;
  std::vector<PlanFinal> finals;
};

/// Expands `f` for `params` (every declared parameter present). Throws FileError.
Plan compile_plan(const ScenarioFile& f, const std::map<std::string, std::int64_t>& params);

}  // namespace tagrace::scenarios::file
