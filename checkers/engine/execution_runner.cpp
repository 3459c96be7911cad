// One execution under control: startup runs every fiber to its first scheduling point,
// then each decision is taken inline by the running fiber (no scheduler fiber), which
// switches only when the search picks another thread. Abandoned executions unwind the
// suspended fibers through Boost.Context's forced_unwind when their handles are dropped.
#include "checkers/engine/execution_runner.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace tagrace::engine::detail {

namespace ctx = boost::context;
using search::ExecutionEnd;

// initial-exec: the engine is a static library linked into executables, and the default
// PIC model would call __tls_get_addr on every scheduling point.
__attribute__((tls_model("initial-exec"))) constinit thread_local ExecutionRunner* tl_runner = nullptr;
__attribute__((tls_model("initial-exec"))) constinit thread_local ThreadId tl_current = kNoThread;

namespace {
/// Stacks persist across explore() calls on one OS thread: a driver checking many small
/// programs pays the mmap and the first-touch page faults once, not per exploration.
StackPool& stack_pool() {
  thread_local StackPool pool(default_stack_size());
  return pool;
}
}  // namespace

ExecutionRunner::ExecutionRunner(const Program& program, const ExploreOptions& options,
                                 Observer* observer, search::Search& search)
    : program_(program),
      options_(options),
      observer_(observer),
      search_(&search),
      clocks_on_(search.needs_clocks()),
      forced_on_(search.takes_forced_steps()),
      merge_on_(options.merge_local && options.search == SearchKind::Exhaustive),
      pool_(stack_pool()),
      hide_on_(options.location_class && options.visible_class >= 0),
      snap_on_(options.snapshots && snapshots_supported() && program.save_state &&
               program.restore_state && !observer &&
               (options.search == SearchKind::Exhaustive || options.search == SearchKind::Bounded)) {
  schedule_.reserve(256);
  races_.reserve(256);
  events_.reserve(256);
  clocks_.reserve(256);
}

ExecutionRunner::~ExecutionRunner() {
  // Parked fibers leave their loop and exit normally (unwinding costs ~100k instructions);
  // any other is unwound.
  quitting_ = true;
  for (ThreadMask m = parked_; m; m &= m - 1) {
    const ThreadId t = static_cast<ThreadId>(std::countr_zero(m));
    switch_to(t);
    set_cur(kMain);
  }
  parked_ = 0;
  destroy_fibers(~ThreadMask{0});
  for (auto& st : stacks_)
    if (st.sp) pool_.deallocate(st);
}

bool ExecutionRunner::is_hidden(LocKey loc) {
  if (!hide_on_) return false;
  std::int32_t& cls = locs_.location_class(loc);
  if (cls == LocTable::kClassUnknown) cls = options_.location_class(loc);
  return cls >= 0 && cls != options_.visible_class;
}

void ExecutionRunner::hide_if_foreign(ThreadId t, bool hidden) {
  Access& a = pending_[t];
  const ThreadMask b = ThreadMask{1} << t;
  if (hidden) {
    a.kind = AccessKind::Fence;  // a scheduling point independent of every access
    a.sub = -1;
    hidden_ |= b;
  } else {
    hidden_ &= ~b;
  }
}

void ExecutionRunner::switch_to(ThreadId target) {
  from_id_ = cur_;
  set_cur(target);
  ctx::fiber prev = std::move(slots_[target]).resume();
  // Resumed: whoever switched to us set from_id_ to itself before resuming.
  if (prev) slots_[from_id_] = std::move(prev);
}

ctx::fiber ExecutionRunner::thread_entry(ctx::fiber&& from) {
  slots_[from_id_] = std::move(from);
  // One body per execution, then parked here until run_one() resumes this fiber for the
  // next execution's body: fibers are created once per explore(), not per execution.
  // Only a fiber abandoned in the middle of a body is dropped (unwound) and re-created.
  for (;;) {
    const ThreadId me = cur_;
    ThreadId next = kMain;
    try {
      {
        HeapCounting model_code(true);
        bodies_[me]();
      }
      live_ &= ~(ThreadMask{1} << me);
      if (phase_ == Phase::Draining) {
        next = drain_next();
      } else if (phase_ != Phase::Starting && !over_) {
        next = decide();
      }
    } catch (const AbandonExecution&) {
      next = kMain;
    } catch (const std::exception& e) {
      // A model bug, not an engine one: report it as a property violation of this
      // schedule (a drained remainder is no explored execution: nothing is reported).
      if (phase_ != Phase::Draining) {
        over_ = true;
        end_ = ExecutionEnd::Violation;
        record_violation(ViolationKind::Property, "exception", e.what());
      }
      next = kMain;
    }
    parked_ |= ThreadMask{1} << me;
    switch_to(next);  // resumed by run_one() with cur_ set to this slot, or to quit
    if (quitting_) return std::move(slots_[kMain]);  // a normal exit: nothing to unwind
  }
}

void ExecutionRunner::record_violation(ViolationKind kind, std::string category,
                                       std::string message) {
  Violation v;
  v.kind = kind;
  v.category = std::move(category);
  v.message = std::move(message);
  v.schedule = schedule_;
  v.step = schedule_.size();
  if (kind == ViolationKind::Deadlock) {
    for (ThreadMask m = live_; m; m &= m - 1) {
      ThreadId t = static_cast<ThreadId>(std::countr_zero(m));
      const char* what = pending_[t].what;
      v.waiting.emplace_back(t, what ? what : "(unnamed wait)");
    }
  }
  violations_.push_back(std::move(v));
}

ThreadId ExecutionRunner::decide() {
  // The ends and refusals are out of line: decide() is on the thread's stack at every
  // scheduling point (and so in every state snapshot), their strings need not be.
  const ThreadMask enabled = enabled_threads();
  if (!enabled || thread_steps_ >= options_.max_steps_per_execution) [[unlikely]]
    return end_without_decision(enabled);
  // One thread left: its step is forced, no decision (a quarter of the steps of
  // shared-mprotect-vs-fault at 2 and 3 mms).
  const bool forced = forced_on_ && enabled == live_ && !(enabled & (enabled - 1));
  ThreadId t;
  if (forced) {
    t = static_cast<ThreadId>(std::countr_zero(enabled));
    if (!search_->forced_step(t)) [[unlikely]]
      return refused_pick(search::kPruneExecution);
    ++stats_.forced_steps;
  } else {
    view_.enabled = enabled;
    view_.live = live_;
    view_.hidden = hidden_ & live_;
    view_.last = last_;
    view_.preemptions = preemptions_;
    view_.decision = decisions_;
    view_.thread_steps = thread_steps_;
    t = search_->pick_thread(view_);
    if (t >= kMaxThreads || !((enabled >> t) & 1)) [[unlikely]]
      return refused_pick(t);
    ++decisions_;
  }
  if (last_ != kNoThread && t != last_) {
    ++stats_.context_switches;
    if ((enabled >> last_) & 1) ++preemptions_;
  }
  schedule_.push_back(t);
  ++thread_steps_;
  if (clocks_on_) record_event(t, forced);
  last_ = t;
  if (observer_) observer_->on_step(t, pending_[t], schedule_.size() - 1);
  return t;
}

ThreadId ExecutionRunner::end_without_decision(ThreadMask enabled) {
  over_ = true;
  if (enabled) {
    end_ = ExecutionEnd::Violation;
    record_violation(ViolationKind::StepLimit, "step-limit",
                     "execution exceeded " + std::to_string(options_.max_steps_per_execution) +
                         " scheduling points (livelock?)");
  } else if (!live_) {
    end_ = ExecutionEnd::Complete;
  } else {
    end_ = ExecutionEnd::Deadlock;
    record_violation(
        ViolationKind::Deadlock, "deadlock",
        "no thread can proceed: " + std::to_string(thread_count_of(live_)) + " blocked thread(s)");
  }
  return kMain;
}

ThreadId ExecutionRunner::refused_pick(ThreadId t) {
  over_ = true;
  if (t == search::kPruneExecution) {
    // Redundant: the trace stands as it is now, but unwinding the fibers' stacks costs
    // more than letting the threads run to their ends unrecorded (exceptions cost
    // ~100k instructions each). Drained steps make no decision and no event.
    end_ = ExecutionEnd::Pruned;
    fill_pending();
    set_phase(Phase::Draining);
    return drain_next();
  }
  end_ = ExecutionEnd::Diverged;
  std::string why = search_->divergence();
  if (t != search::kDiverged) why = "search picked thread " + std::to_string(t) + ", not enabled";
  record_violation(ViolationKind::Nondeterminism, "nondeterminism", std::move(why));
  return kMain;
}

search::ExecutionEnd ExecutionRunner::run_one() {
  decisions_ = 0;
  // Events granted by the decisions this execution replays unchanged keep their clocks;
  // record_event() re-checks each against the access actually made.
  std::size_t keep = 0;
  const std::uint64_t prefix = search_->replayed_decisions();
  if (clocks_on_) {
    keep = static_cast<std::size_t>(
        std::partition_point(events_.begin(), events_.end(),
                             [prefix](const search::TraceEvent& e) { return e.decision < prefix; }) -
        events_.begin());
  }
  events_.resize(keep);
  clocks_.resize(keep);
  races_.clear();
  kept_events_ = keep;
  next_event_ = 0;
  locs_.next_execution();
  thread_events_.fill(0);
  last_event_of_.fill(-1);
  live_ = 0;
  last_ = kNoThread;
  preemptions_ = 0;
  thread_steps_ = 0;
  over_ = false;
  set_phase(Phase::Running);
  drain_steps_ = 0;
  end_ = ExecutionEnd::Complete;
  set_cur(kMain);
  set_active(true);
  exec_local_base_ = stats_.local_steps;
  exec_switch_base_ = stats_.context_switches;
  exec_forced_base_ = stats_.forced_steps;
  fresh_from_ = prefix;

  if (observer_) observer_->on_execution_begin();
  if (snap_on_ && restore_snapshot()) {
    // From a saved state: no reset(), no startup, only the decisions from there to the
    // branch point re-run.
    ++stats_.restored_executions;
    const Snapshot& s = snaps_[nsnap_ - 1];
    if (s.cur == kMain) {
      const ThreadId t = decide();
      if (t != kMain) dispatch(t);
    } else {
      dispatch(s.cur);
    }
  } else {
    run_fresh(prefix);
  }
  if (phase_ != Phase::Draining) fill_pending();  // a drained run filled it when pruned
  destroy_fibers(~parked_);
  if (end_ == ExecutionEnd::Complete && program_.final_check) {
    // Not counted: it runs after the threads (no saved frame points at what it
    // allocates), and Program::save_state's contract keeps it off the threads' memory.
    try {
      program_.final_check();
    } catch (const AbandonExecution&) {
    }
  }
  set_active(false);
  if (observer_) observer_->on_execution_end();
  return end_;
}

void ExecutionRunner::run_fresh(std::uint64_t prefix) {
  forget_snapshots();
  schedule_.clear();
  if (program_.reset) program_.reset();
  bodies_ = program_.threads();
  if (bodies_.size() > kMaxThreads) {
    set_active(false);
    throw std::length_error("tagrace engine: " + std::to_string(bodies_.size()) +
                            " threads, at most " + std::to_string(kMaxThreads) + " supported");
  }
  thread_count_ = static_cast<std::uint32_t>(bodies_.size());
  view_.thread_count = thread_count_;
  view_.pending = pending_.data();

  // Startup: run each thread to its first scheduling point (code before it is local).
  set_phase(Phase::Starting);
  heap_base_ = tl_heap_ops;  // heap operations from here on void the snapshots
  for (ThreadId t = 0; t < thread_count_ && !over_; ++t) {
    live_ |= ThreadMask{1} << t;
    if (!slots_[t]) {
      if (!stacks_[t].sp) stacks_[t] = pool_.allocate();
      slots_[t] = ctx::fiber(std::allocator_arg, FixedStackAllocator{stacks_[t]},
                             [this](ctx::fiber&& from) { return thread_entry(std::move(from)); });
    }
    parked_ &= ~(ThreadMask{1} << t);
    switch_to(t);
  }
  set_phase(Phase::Running);
  if (!over_) {
    if (snap_on_ && heap_clean())
      take_snapshot(kMain);  // the initial state: every later execution can start here
    const ThreadId t = decide();
    if (t != kMain) dispatch(t);
  }
}

void ExecutionRunner::destroy_fibers(ThreadMask which) {
  // Dropping a suspended fiber unwinds its stack (forced_unwind); scheduling points
  // reached by destructors during that unwinding return at once. The model's destructors
  // run: their heap operations count.
  // Fibers exist for the program's threads only (usually all parked by now).
  which &= thread_count_ >= kMaxThreads ? ~ThreadMask{0} : (ThreadMask{1} << thread_count_) - 1;
  set_phase(Phase::Abandoning);
  for (; which; which &= which - 1) {
    const ThreadId t = static_cast<ThreadId>(std::countr_zero(which));
    if (!slots_[t]) continue;
    set_cur(t);
    from_id_ = kMain;
    tl_heap_count = true;
    slots_[t] = ctx::fiber{};
    tl_heap_count = false;
    parked_ &= ~(ThreadMask{1} << t);
  }
  set_cur(kMain);
  set_phase(Phase::Running);
}

void ExecutionRunner::schedule_point_slow(const Access& a) {
  if (phase_ == Phase::Abandoning || cur_ >= kMaxThreads) return;
  HeapCounting engine_code(false);
  if (phase_ == Phase::Draining) {
    drain_point(a);
    return;
  }
  // Decomposition: whether the access is to another class's location (asked once). Such
  // an access is independent of everything (hide_if_foreign() makes it a fence), so,
  // like a fence, it needs no scheduling point unless it may block (a blocked hidden
  // access is what hidden_blocked_races counts).
  const bool hidden = hide_on_ && a.kind != AccessKind::Fence && is_hidden(a.loc);
  if (merge_on_ && (merges(a) || (hidden && may_merge(a)))) {
    merged_point(a);
    return;
  }
  pending_[cur_] = a;
  if (hide_on_) [[unlikely]]
    hide_if_foreign(cur_, hidden);
  if (phase_ == Phase::Starting) {
    switch_to(kMain);
    return;
  }
  if (snap_on_ && wants_snapshot(a)) [[unlikely]]
    request_snapshot();
  const ThreadId t = decide();
  if (t == cur_) return;
  if (t == kMain) throw AbandonExecution{};
  switch_to(t);
}

void ExecutionRunner::on_fail(std::string category, std::string message) {
  HeapCounting engine_code(false);
  if (phase_ == Phase::Draining) throw AbandonExecution{};  // not an explored execution
  if (phase_ == Phase::Abandoning) {
    std::fprintf(stderr, "tagrace engine: fail(%s) while unwinding an abandoned execution\n",
                 category.c_str());
    std::abort();
  }
  over_ = true;
  end_ = ExecutionEnd::Violation;
  record_violation(ViolationKind::Property, std::move(category), std::move(message));
  throw AbandonExecution{};
}

std::uint32_t ExecutionRunner::on_choose(std::uint32_t n) {
  if (phase_ == Phase::Abandoning || phase_ == Phase::Draining) return 0;
  HeapCounting engine_code(false);
  if (n == 0) on_fail("engine", "choose(0) has no value to return");
  view_.enabled = 0;
  view_.live = live_;
  view_.last = last_;
  view_.preemptions = preemptions_;
  view_.decision = decisions_;
  view_.thread_steps = thread_steps_;
  const std::uint32_t v = search_->pick_choice(n, view_);
  if (v >= n) {
    over_ = true;
    end_ = ExecutionEnd::Diverged;
    record_violation(
        ViolationKind::Nondeterminism, "nondeterminism",
        v == search::kDiverged ? search_->divergence() : "search chose an out-of-range value");
    throw AbandonExecution{};
  }
  schedule_.push_back(v);
  ++decisions_;
  return v;
}

search::ExecutionTrace ExecutionRunner::trace() const {
  search::ExecutionTrace tr;
  tr.end = end_;
  tr.thread_count = thread_count_;
  tr.events = events_;
  tr.clocks = clocks_;
  tr.pending = pending_events_;
  tr.races = races_;
  tr.decisions = schedule_.size();
  tr.thread_steps = thread_steps_;
  return tr;
}

}  // namespace tagrace::engine::detail
