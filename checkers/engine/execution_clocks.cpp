// Happens-before bookkeeping of the ExecutionRunner: each granted access gets a vector
// clock joined from the dependent earlier accesses on its location (Mattern/Fidge
// clocks over the dependence relation of source-DPOR, Abdulla et al. POPL 2014), and
// threads left pending at an incomplete end get the clock they would have had.
#include "checkers/engine/execution_runner.hpp"

namespace tagrace::engine::detail {

void ExecutionRunner::record_event(ThreadId t, bool forced) {
  const Access& a = pending_[t];
  // The decision that granted the step; a forced step's is the one before it.
  const std::uint32_t decision = decisions_ ? decisions_ - 1 : 0;
  if (next_event_ < kept_events_) {
    // A replayed step: its event and clock are those of the previous execution.
    const search::TraceEvent& e = events_[next_event_];
    if (e.tid == t && e.loc == a.loc && e.kind == a.kind && e.sub == a.sub &&
        e.decision == decision && e.forced == forced) [[likely]] {
      const auto idx = static_cast<std::int32_t>(next_event_++);
      thread_events_[t] = e.index;
      last_event_of_[t] = idx;
      if (a.kind != AccessKind::Fence) locs_.last(a.loc) = idx;
      return;
    }
    events_.resize(next_event_);  // diverged from the kept prefix: rebuild from here
    clocks_.resize(next_event_);
    kept_events_ = next_event_;
  }
  ++next_event_;
  const auto idx = static_cast<std::int32_t>(events_.size());
  const std::int32_t prev = last_event_of_[t];
  search::TraceEvent& ev = events_.emplace_back();
  ev.loc = a.loc;
  ev.kind = a.kind;
  ev.sub = a.sub;
  ev.tid = t;
  ev.forced = forced;
  ev.decision = decision;
  ev.index = ++thread_events_[t];
  ev.prev_in_thread = prev;
  // Build the clock in place (no 64-byte temporaries: they cost store-forwarding stalls).
  if (clocks_.size() == clocks_.capacity()) clocks_.reserve(2 * clocks_.capacity() + 64);
  if (prev >= 0) {
    clocks_.push_back(clocks_[prev]);
  } else {
    clocks_.emplace_back();
  }
  VectorClock& c = clocks_.back();
  c[t] = ev.index;
  if (a.kind != AccessKind::Fence) {
    std::int32_t& last_on_loc = locs_.last(a.loc);
    ev.prev_same_loc = last_on_loc;
    for (std::int32_t k = last_on_loc; k >= 0; k = events_[k].prev_same_loc) {
      const search::TraceEvent& e = events_[k];
      if (c[e.tid] < e.index && dependent(e.loc, e.kind, e.sub, a.loc, a.kind, a.sub)) {
        // Not ordered before us yet: a race, which the search analyses at the end.
        races_.push_back({idx, k});
        c.join(clocks_[k], thread_count_);
      }
      // e is now ordered before us; if it conflicts with every access on the location,
      // every earlier one is ordered before e, hence before us: the rest adds nothing.
      if (covers_location(e.kind, e.sub)) break;
    }
    last_on_loc = idx;
  }
  last_event_of_[t] = idx;
}

void ExecutionRunner::fill_pending() {
  pending_events_.clear();
  if (!clocks_on_ || end_ == search::ExecutionEnd::Complete) return;
  for (ThreadMask m = live_; m; m &= m - 1) {
    ThreadId t = static_cast<ThreadId>(std::countr_zero(m));
    const Access& a = pending_[t];
    search::PendingEvent p;
    p.event.loc = a.loc;
    p.event.kind = a.kind;
    p.event.sub = a.sub;
    p.event.tid = t;
    p.event.decision = 0;
    p.event.index = thread_events_[t] + 1;
    p.event.prev_in_thread = last_event_of_[t];
    if (last_event_of_[t] >= 0) p.clock = clocks_[last_event_of_[t]];
    p.clock[t] = p.event.index;
    if (a.kind != AccessKind::Fence) {
      p.event.prev_same_loc = locs_.last(a.loc);
      for (std::int32_t k = p.event.prev_same_loc; k >= 0; k = events_[k].prev_same_loc) {
        const search::TraceEvent& e = events_[k];
        if (p.clock[e.tid] < e.index && dependent(e.loc, e.kind, e.sub, a.loc, a.kind, a.sub))
          p.clock.join(clocks_[k], thread_count_);
        if (covers_location(e.kind, e.sub)) break;  // as in record_event()
      }
    }
    p.enabled = can_proceed(a);
    pending_events_.push_back(p);
  }
}

}  // namespace tagrace::engine::detail
