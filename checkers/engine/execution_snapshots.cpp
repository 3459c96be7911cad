// State snapshots (ExploreOptions::snapshots): the state before a decision (each fiber's
// context and live stack bytes, the engine's per-execution state, the Program's state in
// the slot of the same index) is saved once; executions that branch at or below it start
// there, not from reset(). Saved states form a stack along the current path; restoring is
// sound only while the threads have made no heap operation since the last reset().
#include <algorithm>
#include <cstring>
#include <memory>

#include "checkers/engine/execution_runner.hpp"

namespace tagrace::engine::detail {

namespace ctx = boost::context;

static_assert(sizeof(ctx::fiber) == sizeof(void*),
              "snapshots read and write Boost.Context's fiber as its one fcontext_t");

void* ExecutionRunner::fctx_of(const ctx::fiber& f) {
  void* p;
  std::memcpy(&p, static_cast<const void*>(&f), sizeof p);
  return p;
}

void ExecutionRunner::set_fctx(ctx::fiber& f, void* fctx) {
  std::memcpy(static_cast<void*>(&f), &fctx, sizeof fctx);
}

/// Copies `from` into `to`; of the per-thread arrays only the program's n threads.
template <class T>
static void copy_first(T& to, const T& from, std::uint32_t n) {
  if constexpr (requires { to.begin(); }) {
    std::copy_n(from.begin(), n, to.begin());
  } else {
    to = from;
  }
}

template <class Copy>
void ExecutionRunner::snapshot_fields(Snapshot& s, Copy copy) {
  copy(s.next_event, next_event_);
  copy(s.live, live_);
  copy(s.parked, parked_);
  copy(s.hidden, hidden_);
  copy(s.last, last_);
  copy(s.preemptions, preemptions_);
  copy(s.thread_steps, thread_steps_);
  copy(s.pending, pending_);
  copy(s.thread_events, thread_events_);
  copy(s.last_event_of, last_event_of_);
}

void ExecutionRunner::dispatch(ThreadId t) {
  for (;;) {
    switch_to(t);
    if (!snap_request_) return;
    // A fiber stopped before deciding so that its stack can be saved: save, resume it.
    snap_request_ = false;
    t = from_id_;
    take_snapshot(t);
  }
}

void ExecutionRunner::request_snapshot() {
  if (!heap_clean()) return;
  snap_request_ = true;
  switch_to(kMain);  // run_one() saves every stack, this one's included, and resumes us
}

void ExecutionRunner::take_snapshot(ThreadId cur) {
  if (nsnap_ == snaps_.size()) snaps_.emplace_back();
  Snapshot& s = snaps_[nsnap_];
  s.decision = decisions_;
  s.cur = cur;
  s.schedule_len = schedule_.size();
  s.local_steps = stats_.local_steps - exec_local_base_;
  s.context_switches = stats_.context_switches - exec_switch_base_;
  s.forced_steps = stats_.forced_steps - exec_forced_base_;
  const std::uint32_t n = thread_count_;
  snapshot_fields(s, [n](auto& saved, const auto& live) { copy_first(saved, live, n); });
  std::size_t total = 0;
  for (ThreadId u = 0; u < n; ++u) {
    void* f = fctx_of(slots_[u]);
    s.fctx[u] = f;
    // The suspended context sits at the lowest live address of its stack.
    s.stack_len[u] = f ? static_cast<std::size_t>(static_cast<char*>(stacks_[u].sp) -
                                                   static_cast<char*>(f))
                       : 0;
    total += s.stack_len[u];
  }
  if (total > s.stacks_capacity) {
    s.stacks_capacity = 2 * total;
    s.stacks = std::make_unique_for_overwrite<std::byte[]>(s.stacks_capacity);
  }
  std::byte* out = s.stacks.get();
  for (ThreadId u = 0; u < n; ++u) {
    if (!s.stack_len[u]) continue;
    std::memcpy(out, s.fctx[u], s.stack_len[u]);
    out += s.stack_len[u];
  }
  program_.save_state(nsnap_);
  ++nsnap_;
  ++stats_.snapshots;
}

bool ExecutionRunner::restore_snapshot() {
  if (!heap_clean()) {
    forget_snapshots();
    return false;
  }
  const std::uint64_t branch = search_->replayed_decisions();
  while (nsnap_ && snaps_[nsnap_ - 1].decision > branch) --nsnap_;
  if (!nsnap_) return false;
  Snapshot& s = snaps_[nsnap_ - 1];
  if (!search_->resume_at(s.decision)) {
    forget_snapshots();
    return false;
  }
  // Every fiber of the last execution is parked or was unwound: its handle is dropped
  // without unwinding (the stack bytes are about to be overwritten).
  const std::byte* in = s.stacks.get();
  for (ThreadId u = 0; u < thread_count_; ++u) {
    set_fctx(slots_[u], nullptr);
    if (s.stack_len[u]) {
      std::memcpy(s.fctx[u], in, s.stack_len[u]);
      in += s.stack_len[u];
    }
    set_fctx(slots_[u], s.fctx[u]);
  }
  program_.restore_state(nsnap_ - 1);
  // The schedule and the events up to the snapshot are the previous execution's: it ran
  // through the same prefix.
  schedule_.resize(s.schedule_len);
  decisions_ = static_cast<std::uint32_t>(s.decision);
  stats_.local_steps += s.local_steps;
  stats_.context_switches += s.context_switches;
  stats_.forced_steps += s.forced_steps;
  const std::uint32_t n = thread_count_;
  snapshot_fields(s, [n](const auto& saved, auto& live) { copy_first(live, saved, n); });
  for (std::size_t i = 0; i < next_event_; ++i) {
    const search::TraceEvent& e = events_[i];
    if (e.kind != AccessKind::Fence) locs_.last(e.loc) = static_cast<std::int32_t>(i);
  }
  return true;
}

}  // namespace tagrace::engine::detail
