// Exhaustive search: source-DPOR with sleep sets (Abdulla, Aronis, Jonsson, Sagonas,
// POPL 2014, Algorithm 1 "source sets"), races found on the whole trace at the end of
// each execution as in Nidhugg. Extensions: blocking accesses (races whose reversal
// cannot start where the race begins are looked for further back), and choose() nodes
// explored exhaustively as local, independent events. With a preemption bound it is
// bounded POR (Coons, Musuvathi, McKinley, OOPSLA 2013): choices beyond the bound are
// never explored, each race also backtracks at the last context switch before it so that
// a bounded schedule covering the reversal is not missed, and sleep sets are off (they
// are unsound under a bound). Combined with source sets and blocking locks this is not
// complete (tests/engine pins how much it misses), so bounded POR finds bugs and never
// says Verified; `dfs` is the exact bounded search.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "checkers/search/search.hpp"

namespace tagrace::search {

/// Source-DPOR + sleep sets over thread decisions, exhaustive over data choices.
class DporSearch final : public Search {
 public:
  /// `bound`: none for the exhaustive search, else the preemption bound.
  explicit DporSearch(std::optional<std::uint32_t> bound = std::nullopt) : bound_(bound) {
    nodes_.reserve(256);
  }
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  std::uint32_t pick_choice(std::uint32_t n, const SchedulerView& view) override;
  void end_execution(const ExecutionTrace& trace) override;
  bool needs_clocks() const override { return true; }
  /// Only the exhaustive search proves; bounded POR may miss a bounded schedule whose
  /// reversal needs a preemption earlier than any race points to (use dfs to prove).
  bool proves() const override { return !bound_; }
  std::string description() const override;
  std::string divergence() const override { return divergence_; }
  std::uint64_t hidden_blocked_races() const override { return hidden_blocked_races_; }
  std::uint64_t replayed_decisions() const override { return fresh_from_; }
  bool resume_at(std::uint64_t decision) override;
  /// Unbounded only: a step with one thread left cannot start a reversal (add_backtrack()
  /// finds no initial enabled there), so it needs no node; it is redundant when its thread
  /// is asleep. Under a bound the nodes of such steps end add_conservative()'s walks.
  bool takes_forced_steps() const override { return !bound_; }
  bool forced_step(ThreadId t) override { return !(sleep_ & bit_of(t)); }
  /// A new node explores only threads enabled and not asleep on entry: every thread that
  /// add_backtrack() or add_disabled_waiters() adds later is one of them.
  bool may_branch(ThreadMask enabled) const override {
    const ThreadMask c = enabled & ~sleep_;
    return (c & (c - 1)) != 0;
  }
  bool branches_again(std::uint64_t decision) const override {
    if (decision >= nodes_.size()) return false;  // the first execution has no nodes yet
    const Node& n = nodes_[decision];
    return !n.is_choice && (n.backtrack & ~n.done & ~n.sleep & ~bit_of(n.current)) != 0;
  }

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
    ThreadId last = kNoThread;  ///< thread of the previous step
    std::uint32_t preemptions = 0;  ///< preemptions before this decision
    ThreadMask hidden_blocked = 0;  ///< threads disabled here by a hidden access
    ThreadMask child_sleep = 0;     ///< child_sleep() at the last run through this node
  };

  /// Choosing `t` at `node` switches away from a thread that could have continued.
  static bool preempts(const Node& node, ThreadId t) {
    return node.last != kNoThread && (node.enabled & bit_of(node.last)) && t != node.last;
  }
  static ThreadMask bit_of(ThreadId t) { return ThreadMask{1} << t; }
  /// Threads of `m` that `node` may run without exceeding the bound.
  ThreadMask within_bound(const Node& node, ThreadMask m) const;
  /// Bounded POR: also backtrack `t` at the last context switch at or before `pos`.
  void add_conservative(std::size_t pos, ThreadId t);

  void analyse_races(const ExecutionTrace& tr);
  /// Backtracks each thread that a step of this execution disabled at that step.
  void add_disabled_waiters();
  void race_scan(const ExecutionTrace& tr, const TraceEvent& ev, const VectorClock& ev_clock,
                 std::size_t position);
  /// analyse_races() takes each event's races from the engine (tr.races) instead of
  /// race_scan()'s walk while add_backtrack() accepts them; when it refuses `refused`,
  /// this goes on as race_scan() would, past it, from what ev happens after by then.
  [[gnu::noinline]] void race_scan_refused(const ExecutionTrace& tr, const TraceEvent& ev,
                                           const VectorClock& ev_clock, std::size_t position,
                                           const RaceCandidate* first,
                                           const RaceCandidate* refused);
  /// race_scan()'s walk from event k on, with what ev is known to happen after.
  void race_scan_from(const ExecutionTrace& tr, const TraceEvent& ev, const VectorClock& ev_clock,
                      std::size_t position, std::int32_t k, const VectorClock* covered);
  /// Returns false when no initial of v is enabled where the race starts.
  bool add_backtrack(const ExecutionTrace& tr, std::size_t e, const TraceEvent& ev,
                     const VectorClock& ev_clock, std::size_t position);
  bool backtrack();
  ThreadMask child_sleep(const Node& node, const SchedulerView& view) const;
  /// pick_thread() past the replayed prefix: a new node.
  ThreadId pick_fresh(const SchedulerView& view);
  /// Records why the replay diverged; returns kDiverged.
  [[gnu::cold, gnu::noinline]] ThreadId diverged_replaying();

  std::optional<std::uint32_t> bound_;
  std::vector<Node> nodes_;
  std::size_t replay_len_ = 0;  ///< nodes [0, replay_len_) are replayed as stored
  std::size_t fresh_from_ = 0;  ///< first decision index whose events are new
  std::size_t depth_ = 0;       ///< decision index during an execution
  ThreadMask sleep_ = 0;        ///< sleep set for the next node
  bool blocked_seen_ = false;   ///< a new node of this execution had a live thread disabled
  VectorClock scan_clock_;      ///< race_scan()'s joined clock (no per-call zeroing)
  bool started_ = false;
  bool finished_ = false;
  std::string divergence_;
  std::uint64_t hidden_blocked_races_ = 0;
};

}  // namespace tagrace::search
