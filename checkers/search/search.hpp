// The Search seam: a scheduler policy in the style of Shuttle's Scheduler trait
// (begin an execution, pick the next thread, supply a data choice, end with the
// trace). Clocks, preemption counts and limits stay in the engine, which hands the
// search a read-only SchedulerView at each decision and an ExecutionTrace at the end.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "checkers/engine/engine.hpp"
#include "checkers/engine/vector_clock.hpp"

namespace tagrace::search {

using engine::Access;
using engine::AccessKind;
using engine::LocKey;
using engine::ThreadId;
using engine::ThreadMask;
using engine::VectorClock;

/// pick_thread(): cut this execution short as redundant (sleep-set blocked, pruned).
inline constexpr ThreadId kPruneExecution = 0xFFFFFFFEu;
/// pick_thread()/pick_choice(): the program diverged from what the search expected.
inline constexpr ThreadId kDiverged = 0xFFFFFFFDu;
/// SchedulerView::last before the first step.
inline constexpr ThreadId kNoThread = engine::kNoThread;

/// What the engine knows at a scheduling decision.
struct SchedulerView {
  std::uint32_t thread_count = 0;
  ThreadMask enabled = 0;           ///< threads whose pending access may run now
  ThreadMask live = 0;              ///< threads not finished
  ThreadId last = kNoThread;        ///< thread that performed the previous step
  std::uint32_t preemptions = 0;    ///< preemptions so far in this execution
  std::uint64_t decision = 0;       ///< index of this decision in the schedule
  std::uint64_t thread_steps = 0;   ///< scheduling points granted so far
  const Access* pending = nullptr;  ///< pending[t]: what live thread t will do next
  ThreadMask hidden = 0;  ///< threads whose pending access is hidden (decomposition)
};

/// One granted scheduling point, in execution order.
struct TraceEvent {
  LocKey loc = 0;
  AccessKind kind = AccessKind::Fence;
  /// Granted without a decision: its thread was the only one left (Search::forced_step()).
  bool forced = false;
  std::int32_t sub = -1;
  ThreadId tid = 0;
  /// Index of the decision that granted it; a forced event's is the decision before it
  /// (0 when there is none).
  std::uint32_t decision = 0;
  std::uint32_t index = 0;           ///< 1-based position within its thread
  std::int32_t prev_same_loc = -1;   ///< previous event on the same loc (-1: none)
  std::int32_t prev_in_thread = -1;  ///< previous event of the same thread (-1: none)
};

/// A live thread's access that did not run before the execution ended.
struct PendingEvent {
  TraceEvent event;   ///< decision is unset; prev links as if it ran next
  VectorClock clock;  ///< the clock it would have had
  bool enabled = false;
};

/// An earlier dependent access `e` that the event at `ev` did not happen after when it
/// was granted: the accesses its vector clock was joined from, newest first per event.
struct RaceCandidate {
  std::int32_t ev = 0;
  std::int32_t e = 0;
};

/// How an execution ended.
enum class ExecutionEnd : std::uint8_t { Complete, Deadlock, Pruned, Violation, Diverged };

/// What the engine recorded for one execution. Events and clocks are filled only when
/// the search's needs_clocks() is true.
struct ExecutionTrace {
  ExecutionEnd end = ExecutionEnd::Complete;
  std::uint32_t thread_count = 0;
  std::span<const TraceEvent> events;
  std::span<const VectorClock> clocks;  ///< happens-before clock of each event
  std::span<const PendingEvent> pending;
  /// Every event granted in this execution (not kept from the previous one), with its
  /// race candidates, in event order.
  std::span<const RaceCandidate> races;
  std::uint64_t decisions = 0;  ///< schedule length
  std::uint64_t thread_steps = 0;
};

/// A scheduler policy. Implementations live one per file pair in checkers/search/.
class Search {
 public:
  virtual ~Search() = default;
  /// Starts an execution; false when the search has nothing left to explore.
  virtual bool begin_execution() = 0;
  /// Picks an enabled thread, or kPruneExecution / kDiverged.
  virtual ThreadId pick_thread(const SchedulerView& view) = 0;
  /// Picks a value in [0, n) for choose(), or kDiverged.
  virtual std::uint32_t pick_choice(std::uint32_t n, const SchedulerView& view) = 0;
  /// Ends the execution begun last.
  virtual void end_execution(const ExecutionTrace& trace) = 0;
  /// Whether the engine must record events and vector clocks.
  virtual bool needs_clocks() const { return false; }
  /// Whether finishing the search proves its space violation-free (Verified).
  virtual bool proves() const { return false; }
  /// Human-readable summary for ExploreResult::search_description.
  virtual std::string description() const = 0;
  /// Why the last kDiverged was returned.
  virtual std::string divergence() const { return {}; }
  /// After end_execution(): whether the run diverged in a way only the end reveals
  /// (a replayed schedule with decisions left over); divergence() says how.
  virtual bool diverged_at_end() const { return false; }
  /// Decomposition: races skipped because their reversal needed a thread blocked on a
  /// hidden access (see ExploreOptions::location_class).
  virtual std::uint64_t hidden_blocked_races() const { return 0; }
  /// After begin_execution(): how many leading decisions the execution replays exactly as
  /// the previous one took them, so the engine may keep their events and clocks.
  virtual std::uint64_t replayed_decisions() const { return 0; }
  /// After begin_execution(): the engine restored the state saved before decision
  /// `decision` (<= replayed_decisions()) of the path being replayed, and the execution
  /// goes on from there as if the earlier decisions had been replayed. False: the search
  /// cannot, and the engine runs the execution from the start.
  virtual bool resume_at(std::uint64_t decision) {
    (void)decision;
    return false;
  }
  /// Past the replayed prefix, before a decision among the threads in `enabled`: false
  /// when the search will never take that decision another way (a single thread it may
  /// explore there), so a state saved before it would only serve deeper branches.
  virtual bool may_branch(ThreadMask enabled) const {
    (void)enabled;
    return true;
  }
  /// In the replayed prefix, before decision `decision`: true when the search will come
  /// back to take it another way after the current branch (a state saved there now saves
  /// that later execution the replay down to it).
  virtual bool branches_again(std::uint64_t decision) const {
    (void)decision;
    return false;
  }
  /// Whether the engine may grant a step without a decision when a single thread is left
  /// (it calls forced_step() instead of pick_thread()). Such a step is no decision: it
  /// has no index and its event is marked forced. A search that must see every step
  /// (sampling, bounds, replays) keeps the default.
  virtual bool takes_forced_steps() const { return false; }
  /// A step of `t`, the only live thread and enabled; false: prune the execution.
  virtual bool forced_step(ThreadId t) {
    (void)t;
    return true;
  }
};

/// Builds the search named by options.search.
std::unique_ptr<Search> make_search(const engine::ExploreOptions& options);

}  // namespace tagrace::search
