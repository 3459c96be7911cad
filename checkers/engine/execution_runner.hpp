// Runs one execution of a Program at a time: simulated threads are Boost.Context fibers
// that switch directly to one another (Relacy/loom style), decisions are taken inline
// in the calling fiber and a switch happens only when another thread is chosen.
// Keeps the happens-before vector clocks and preemption counts the searches read, and
// merges local accesses into the next scheduling point (ExploreOptions::merge_local).
#pragma once

#include <array>
#include <bit>
#include <boost/context/fiber.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checkers/engine/engine.hpp"
#include "checkers/engine/heap_watch.hpp"
#include "checkers/engine/loc_table.hpp"
#include "checkers/engine/stack_pool.hpp"
#include "checkers/engine/vector_clock.hpp"
#include "checkers/search/search.hpp"

namespace tagrace::engine::detail {

/// Thrown inside a simulated thread (or final_check) to abandon the execution.
struct AbandonExecution {};

/// The engine's side of a state snapshot (ExploreOptions::snapshots), taken before a
/// decision while every fiber is suspended: the per-execution state and each fiber's
/// context and live stack bytes. The Program saves its own state in the slot of the
/// same index.
struct Snapshot {
  std::uint64_t decision = 0;  ///< decisions_ when taken: the next decision's index
  ThreadId cur = 0;            ///< the fiber about to decide; kMain: run_one()
  std::size_t schedule_len = 0;
  std::uint64_t local_steps = 0, context_switches = 0, forced_steps = 0;  ///< this run's so far
  // Copies of the runner's fields of the same names (ExecutionRunner::snapshot_fields()).
  std::size_t next_event = 0;  ///< events granted before the decision
  ThreadMask live = 0, parked = 0, hidden = 0;
  ThreadId last = kNoThread;
  std::uint32_t preemptions = 0;
  std::uint64_t thread_steps = 0;
  std::array<Access, kMaxThreads> pending{};
  std::array<std::uint32_t, kMaxThreads> thread_events{};
  std::array<std::int32_t, kMaxThreads> last_event_of{};
  std::array<void*, kMaxThreads> fctx{};  ///< each slot's suspended context (nullptr: none)
  std::array<std::size_t, kMaxThreads> stack_len{};  ///< bytes from fctx to the stack top
  /// The slots' live stack bytes, in slot order (grown, never value-initialised).
  std::unique_ptr<std::byte[]> stacks;
  std::size_t stacks_capacity = 0;
};

class ExecutionRunner;
/// The runner of the explore() running on this OS thread (nullptr outside).
extern __attribute__((tls_model("initial-exec"))) constinit thread_local ExecutionRunner* tl_runner;
/// What current_thread_inline() answers: the thread tl_runner is running, kNoThread
/// outside an execution. The runner in tl_runner keeps it as it switches
/// (ExecutionRunner::publish()): the backend asks in most primitives and reads one word.
extern __attribute__((tls_model("initial-exec"))) constinit thread_local ThreadId tl_current;

/// The engine proper. One per explore() call; reused for every execution so that no
/// buffer is reallocated in the hot path.
class ExecutionRunner {
 public:
  ExecutionRunner(const Program& program, const ExploreOptions& options, Observer* observer,
                  search::Search& search);
  ~ExecutionRunner();
  ExecutionRunner(const ExecutionRunner&) = delete;
  ExecutionRunner& operator=(const ExecutionRunner&) = delete;

  /// Runs one execution to its end and returns how it ended.
  search::ExecutionEnd run_one();
  /// The trace of the execution run last (valid until the next run_one()).
  search::ExecutionTrace trace() const;

  // Entry points of the public in-simulation API.
  /// The common case inline: a merged local access that needs no call (no readiness
  /// test, no new owner); everything else goes to schedule_point_slow().
  void on_schedule_point(const Access& a) {
    if (!a.ready && thread_steps_ < merge_limit_) [[likely]] {
      if (a.kind == AccessKind::Fence) {
        merged_point(a);
        return;
      }
      LocOwner& o = locs_.owner(a.loc);
      if (o.tid == cur_) {
        o.merged = true;
        merged_point(a);
        return;
      }
    }
    schedule_point_slow(a);
  }
  [[noreturn]] void on_fail(std::string category, std::string message);
  std::uint32_t on_choose(std::uint32_t n);
  bool active() const { return active_; }
  ThreadId current() const { return cur_ < kMaxThreads ? cur_ : kNoThread; }

  std::vector<Violation>& violations() { return violations_; }
  /// Records a Nondeterminism violation against the execution run last.
  void report_nondeterminism(std::string message) {
    record_violation(ViolationKind::Nondeterminism, "nondeterminism", std::move(message));
  }
  ExploreStats& stats() { return stats_; }
  std::uint32_t thread_count() const { return thread_count_; }
  /// Switches to another search (a restarted exploration); the next run_one() keeps no
  /// event of the previous execution unless the new search replays it. Of the snapshots
  /// only the initial state is kept: startup merges nothing (every thread stops at its
  /// first access), so that state does not depend on which locations were found shared,
  /// and the restarted exploration starts there instead of from reset().
  void set_search(search::Search& search) {
    search_ = &search;
    nsnap_ = nsnap_ && snaps_[0].decision == 0 ? 1 : 0;
  }
  /// Whether a location whose accesses were merged as local has been accessed by a
  /// second thread since the last call: the exploration so far must be redone.
  bool take_restart() {
    const bool r = restart_needed_;
    restart_needed_ = false;
    return r;
  }

 private:
  static constexpr ThreadId kMain = kMaxThreads;  ///< slot of the exploring context

  /// Starting: each fiber runs to its first point. Draining: the search pruned this
  /// execution and its threads run to their ends unrecorded. Abandoning: dropped fibers
  /// unwind, and every scheduling point returns at once.
  enum class Phase : std::uint8_t { Running, Starting, Draining, Abandoning };
  /// Sets cur_ / active_ and, when this runner is tl_runner, tl_current with them.
  void set_cur(ThreadId t) {
    cur_ = t;
    publish();
    update_merge_limit();
  }
  void set_phase(Phase p) {
    phase_ = p;
    update_merge_limit();
  }
  /// on_schedule_point()'s fast path in one compare: merging on, a thread running in
  /// Phase::Running, and its steps below the limit.
  void update_merge_limit() {
    merge_limit_ = merge_on_ && phase_ == Phase::Running && cur_ < kMaxThreads
                       ? options_.max_steps_per_execution
                       : 0;
  }
  void set_active(bool on) {
    active_ = on;
    publish();
  }
  void publish() const {
    if (tl_runner == this) tl_current = current_or_none();
  }
  ThreadId current_or_none() const { return active_ ? current() : kNoThread; }

  boost::context::fiber thread_entry(boost::context::fiber&& from);
  void switch_to(ThreadId target);
  ThreadId decide();
  /// decide() with no thread enabled (complete or deadlock) or past the step limit.
  [[gnu::noinline]] ThreadId end_without_decision(ThreadMask enabled);
  /// decide() when the search prunes the execution or names no enabled thread.
  [[gnu::noinline]] ThreadId refused_pick(ThreadId t);
  /// run_one() from the initial state: reset(), the threads, startup, then decisions.
  void run_fresh(std::uint64_t prefix);
  void record_event(ThreadId t, bool forced);
  void fill_pending();
  void record_violation(ViolationKind kind, std::string category, std::string message);
  /// Drops (unwinds) the fibers of the threads in `which`.
  void destroy_fibers(ThreadMask which);
  /// Whether the access can be performed now (no blocking condition, or it holds).
  static bool can_proceed(const Access& a) { return !a.ready || a.ready(a.ready_arg); }
  /// The live threads whose pending access can proceed.
  ThreadMask enabled_threads() const {
    ThreadMask enabled = 0;
    for (ThreadMask m = live_; m; m &= m - 1) {
      const ThreadId t = static_cast<ThreadId>(std::countr_zero(m));
      if (can_proceed(pending_[t])) enabled |= ThreadMask{1} << t;
    }
    return enabled;
  }
  /// Draining a pruned execution: the running thread if it can proceed, else the lowest
  /// one that can; kMain when none can (done, or blocked: then the fibers are unwound).
  ThreadId drain_next() const;
  [[gnu::noinline]] void drain_point(const Access& a);
  /// Decomposition: rewrites t's pending access to a hidden (independent) step when
  /// `hidden` (its location belongs to another class than ExploreOptions::visible_class).
  void hide_if_foreign(ThreadId t, bool hidden);
  /// Local-access merging: records who accesses `a`'s location and returns true when the
  /// running thread may perform `a` without a scheduling point.
  bool merges(const Access& a);
  /// Whether an access independent of every other thread's (a local one, a fence, a
  /// hidden one under a decomposition) may run without a scheduling point: not at
  /// startup, not when it may block, not past the step limit.
  bool may_merge(const Access& a) const {
    return phase_ == Phase::Running && can_proceed(a) &&
           thread_steps_ < options_.max_steps_per_execution;
  }
  /// A scheduling point merged into the next: recorded as a decision for the running
  /// thread, so that the schedule replays unmerged.
  /// The slow path is a tail call, so the inline fast path needs no register spills.
  void merged_point(const Access& a) {
    if (schedule_.size() == schedule_.capacity() || observer_) [[unlikely]] {
      merged_point_slow(a);
      return;
    }
    count_merged();  // no reallocation: the capacity was checked
  }
  void count_merged() {
    schedule_.push_back(cur_);
    ++thread_steps_;
    ++stats_.local_steps;
  }
  [[gnu::noinline]] void merged_point_slow(const Access& a) {
    HeapCounting engine_code(false);
    count_merged();
    if (observer_) observer_->on_step(cur_, a, schedule_.size() - 1);
  }
  [[gnu::noinline]] void schedule_point_slow(const Access& a);

  // State snapshots (execution_snapshots.cpp).
  /// Drops every snapshot (a new search, a fresh run, or the heap was touched).
  void forget_snapshots() { nsnap_ = 0; }
  /// Calls copy(saved, live) for each per-execution field a snapshot keeps, so that
  /// taking one (live into saved) and restoring it (the other way) list them once.
  template <class Copy>
  void snapshot_fields(Snapshot& s, Copy copy);
  /// Restores the deepest snapshot on the path the search replays; false: none (the
  /// execution starts from reset()).
  bool restore_snapshot();
  /// Saves the state before decision decisions_ (every fiber suspended; `cur` is the one
  /// about to decide, kMain when run_one() decides).
  void take_snapshot(ThreadId cur);
  /// In a fiber about to take a decision: has run_one() take a snapshot.
  void request_snapshot();
  /// A new decision before which a snapshot is likely to pay: the running thread's next
  /// access `a` conflicts with another live thread's pending one, so the two are likely
  /// to race and the search to come back here with the other thread first. Snapshots are
  /// taken before decision 0 and those of these the search may branch at
  /// (Search::may_branch(): 60% of them at 2 mms could not, and served 10% of the
  /// restores; skipping them saved 65 -> 25 snapshots per exploration at 2 mms, 1,152 ->
  /// 773 at 3 mms, and 7% of the time). One at each execution's branch point as well was
  /// restored 0 times in 37 (2 mms) and 34 in 274 (3 mms), costing more than it saved.
  bool likely_branch(const Access& a) const {
    for (ThreadMask m = live_ & ~(ThreadMask{1} << cur_); m; m &= m - 1)
      if (dependent(pending_[std::countr_zero(m)], a)) return true;
    return false;
  }
  /// Whether to save the state before the decision about to be taken at a point whose
  /// access is `a`: past the branch point, before a likely branch the search may take;
  /// in the replayed prefix, where the search will branch again later.
  bool wants_snapshot(const Access& a) const {
    if (decisions_ > fresh_from_)
      return likely_branch(a) && search_->may_branch(enabled_threads());
    return (!nsnap_ || snaps_[nsnap_ - 1].decision < decisions_) &&
           search_->branches_again(decisions_);
  }
  /// Whether no heap operation was counted since the threads of the last reset() started.
  bool heap_clean() const { return tl_heap_ops == heap_base_; }
  /// Runs the fibers from `t` until one hands control back to run_one() for good,
  /// taking the snapshots they request on the way.
  void dispatch(ThreadId t);
  /// The saved context of a fiber handle, and a handle set to one without unwinding what
  /// it held (Boost.Context's fiber is one fcontext_t: checked in the .cpp).
  static void* fctx_of(const boost::context::fiber& f);
  static void set_fctx(boost::context::fiber& f, void* fctx);

 public:
  /// Whether `loc` belongs to another class than the visible one (decomposition).
  bool is_hidden(LocKey loc);

 private:

  const Program& program_;
  const ExploreOptions& options_;
  Observer* observer_;
  search::Search* search_;
  const bool clocks_on_;
  const bool forced_on_;  ///< the search takes forced steps (Search::takes_forced_steps())
  const bool merge_on_;
  bool restart_needed_ = false;
  StackPool& pool_;  // per OS thread, outlives every runner (see stack_pool())
  const bool hide_on_;
  ThreadMask hidden_ = 0;  ///< threads whose pending access was hidden

  // Snapshots: each slot's fiber always runs on the same stack, so saved stack bytes go
  // back where they came from.
  const bool snap_on_;
  std::array<boost::context::stack_context, kMaxThreads> stacks_{};
  std::vector<Snapshot> snaps_;  ///< [0, nsnap_) valid, on the current path, by decision
  std::size_t nsnap_ = 0;
  bool snap_request_ = false;
  std::uint64_t fresh_from_ = 0;  ///< the search's branch point in this execution
  std::uint64_t heap_base_ = 0;
  std::uint64_t exec_local_base_ = 0, exec_switch_base_ = 0,
                exec_forced_base_ = 0;  ///< stats at the run's start

  // Per-execution state; buffers keep their capacity across executions.
  std::vector<std::function<void()>> bodies_;
  std::array<boost::context::fiber, kMaxThreads + 1> slots_;
  std::array<Access, kMaxThreads> pending_{};
  std::uint32_t thread_count_ = 0;
  ThreadMask live_ = 0;
  ThreadMask parked_ = 0;      ///< fibers waiting in thread_entry() for their next body
  bool quitting_ = false;      ///< the runner is going: parked fibers return
  ThreadId cur_ = kMain;       ///< context running now
  ThreadId from_id_ = kMain;   ///< context that performed the last switch
  ThreadId last_ = kNoThread;  ///< thread granted the previous step
  std::uint32_t preemptions_ = 0;
  std::uint64_t thread_steps_ = 0;
  Phase phase_ = Phase::Running;  ///< set through set_phase()
  std::uint64_t merge_limit_ = 0;  ///< see update_merge_limit()
  bool over_ = false;
  std::uint64_t drain_steps_ = 0;
  bool active_ = false;
  search::ExecutionEnd end_ = search::ExecutionEnd::Complete;
  std::vector<ThreadId> schedule_;  ///< every scheduling point's thread and every choice
  std::uint32_t decisions_ = 0;     ///< decisions taken by the search (merged points are not)
  search::SchedulerView view_;

  // Happens-before bookkeeping (only when the search needs clocks).
  LocTable locs_;
  std::vector<search::TraceEvent> events_;
  std::vector<VectorClock> clocks_;
  std::vector<search::PendingEvent> pending_events_;
  std::vector<search::RaceCandidate> races_;  ///< of the events granted in this run
  std::array<std::uint32_t, kMaxThreads> thread_events_{};  ///< events granted per thread
  std::array<std::int32_t, kMaxThreads> last_event_of_{};   ///< -1: none yet
  std::size_t kept_events_ = 0;  ///< leading events_ kept from the previous execution
  std::size_t next_event_ = 0;   ///< index of the next event granted in this execution

  std::vector<Violation> violations_;
  ExploreStats stats_;
};

/// engine::schedule_point() and engine::current_thread(), inline for the instrumented
/// backend, whose every primitive passes through them (the public functions call these).
inline void schedule_point_inline(const Access& a) {
  ExecutionRunner* r = tl_runner;
  if (r && r->active()) r->on_schedule_point(a);
}
inline ThreadId current_thread_inline() { return tl_current; }

}  // namespace tagrace::engine::detail
