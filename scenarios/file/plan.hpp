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
#include "scenarios/file/plan_op.hpp"

namespace tagrace::scenarios::file {

enum class ObjKind : std::uint8_t { Memfd, Page, Mm, Vm, Swap };

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

/// The predicates of final-state conditions (parser.cpp's kPreds), compiled.
enum class CondPred : std::uint8_t {
  PtePresent, PteTagged, PteWrite, PteNone, IsSwapPte, Stage2, SwapHasTags, PgMteTagged,
  PgMteLock, TagsInitialised, SamePage, Tag, Tags,
};

/// A stage-2 entry's attribute as conditions name it (`stage2(VM:GFN) == NormalWB`).
enum class Stage2Want : std::uint8_t { None, NormalWB, NormalNC, Device, Unknown };

struct PlanCond {
  Cond::Kind kind = Cond::Pred;
  std::vector<PlanCond> kids;
  std::string pred, cmp;
  CondPred code = CondPred::Tags;  ///< `pred`, compiled
  bool eq = true;                  ///< `cmp` is not "!="
  Stage2Want want = Stage2Want::Unknown;  ///< `attr`, compiled
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
