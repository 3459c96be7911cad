// A counterexample in kernel terms: per step the thread (with its mm / VM / vCPU), the
// kernel function, the operation, the object and the values read or written. Recorded
// only when replaying a schedule, so exploration pays nothing for it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checkers/engine/engine.hpp"

namespace tagrace::checkers {

struct TraceStep {
  std::uint64_t step = 0;       ///< scheduling point index (0-based)
  engine::ThreadId tid = 0;
  std::string function;         ///< innermost kernel function, e.g. "mte_sync_tags"
  std::string op;               ///< e.g. "test_and_set_bit(PG_mte_lock)"
  std::string object;           ///< e.g. "page pfn 0x100"
  std::string value;            ///< e.g. "0 -> 1", "STALE", "acquired"
  bool preempted = false;       ///< a switch away from a thread that could have continued
};

struct Trace {
  std::vector<std::string> thread_labels;
  std::vector<TraceStep> steps;
  /// Non-step annotations (events), attached after step index `after_step`.
  struct Note {
    std::uint64_t after_step;
    engine::ThreadId tid;
    std::string text;
  };
  std::vector<Note> notes;
  void clear() {
    steps.clear();
    notes.clear();
  }
};

/// Human-readable rendering, one line per step, with notes interleaved.
std::string format_trace(const Trace& t);

}  // namespace tagrace::checkers
