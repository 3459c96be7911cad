// Per-page decomposition of an exhaustive proof (`tagrace check --decompose pages`).
// The trace count of a scenario over P independent pages is the product of the per-page
// counts, so no trace-based search proves 3 mms x 3 pages quickly. Decomposed, the
// exhaustive search runs once per folio c with every other folio's flags word and tags
// hidden (app/scenario_program.cpp: location_class): their accesses stay scheduling
// points but are independent of everything, so only folio c's orders (and those of every
// unclassed object: locks, ptes, page cache, VMAs, stage-2) are enumerated.
//
// What makes it a proof, and what is checked:
//  - every execution run is a real execution of the whole program, so a violation found
//    in any component is real and replays with the ordinary `replay` line;
//  - a race whose reversal needs a thread blocked on a hidden access (a wait on another
//    page ordering this page's accesses) voids the argument: the engine counts them, and
//    any count > 0 makes the run fall back to the full exhaustive search;
//  - tag data moving between pages (copy_highpage(), migration, mte_save_tags() and
//    mte_restore_tags() through the swap tag store) is detected and also falls back;
//  - assumed beyond that: a thread's accesses to folio c never depend on values it read
//    from another folio (true of the paths: mte_sync_tags(), the faults and the tag
//    accesses act on one page at a time). tests/checkers/decomposition_test.cpp compares
//    decomposed and full verdicts on every strategy where both finish.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/scenario_program.hpp"
#include "checkers/engine/engine.hpp"

namespace tagrace::app {

struct DecomposedRun {
  engine::ExploreResult result;  ///< combined: stats summed over the runs made
  bool applied = false;          ///< false: the full search ran (see note)
  std::vector<std::uint64_t> component_executions;  ///< per folio, in order
  std::string note;  ///< what was covered, or why the full search ran instead
};

/// Exhaustive search of `prog` decomposed per folio; `opts.search` must be Exhaustive.
DecomposedRun explore_decomposed(ScenarioProgram& prog, const engine::ExploreOptions& opts);

}  // namespace tagrace::app
