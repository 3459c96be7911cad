// Exhaustive search: source-DPOR with sleep sets (Abdulla, Aronis, Jonsson, Sagonas,
// POPL 2014, Algorithm 1 "source sets"), races found on the whole trace at the end of
// each execution as in Nidhugg. Extensions: blocking accesses (races whose reversal
// cannot start where the race begins are looked for further back), and choose() nodes
// explored exhaustively as local, independent events.
#pragma once

#include <cstdint>
#include <vector>

#include "checkers/search/search.hpp"

namespace tagrace::search {

/// Source-DPOR + sleep sets over thread decisions, exhaustive over data choices.
class DporSearch final : public Search {
 public:
  DporSearch() { nodes_.reserve(256); }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  std::uint32_t pick_choice(std::uint32_t n, const SchedulerView& view) override;
  void end_execution(const ExecutionTrace& trace) override;
  bool needs_clocks() const override { return true; }
  bool proves() const override { return true; }
  std::string description() const override;
  std::string divergence() const override { return divergence_; }

 private:
  /// One decision on the current path. Invariant: current ∈ backtrack, done ⊆ backtrack.
  struct Node {
    bool is_choice = false;
    ThreadMask enabled = 0;    ///< threads enabled at this state
    ThreadMask sleep = 0;      ///< sleep set on entry
    ThreadMask backtrack = 0;  ///< threads to explore from here (source set)
    ThreadMask done = 0;       ///< threads fully explored from here
    ThreadId current = 0;      ///< thread (or, for choices, value) being explored
    std::uint32_t n = 0;       ///< choices: number of values
  };

  void analyse_races(const ExecutionTrace& tr);
  void race_scan(const ExecutionTrace& tr, const TraceEvent& ev, const VectorClock& ev_clock,
                 std::size_t position);
  /// Returns false when no initial of v is enabled where the race starts.
  bool add_backtrack(const ExecutionTrace& tr, std::size_t e, const TraceEvent& ev,
                     const VectorClock& ev_clock, std::size_t position);
  bool backtrack();
  ThreadMask child_sleep(const Node& node, const SchedulerView& view) const;

  std::vector<Node> nodes_;
  std::size_t replay_len_ = 0;  ///< nodes [0, replay_len_) are replayed as stored
  std::size_t fresh_from_ = 0;  ///< first decision index whose events are new
  std::size_t depth_ = 0;       ///< decision index during an execution
  ThreadMask sleep_ = 0;        ///< sleep set for the next node
  bool started_ = false;
  bool finished_ = false;
  std::string divergence_;
};

}  // namespace tagrace::search
