// Source-DPOR with sleep sets. Races (e ≲ e') are computed from the engine's vector
// clocks over each execution's new events, plus the pending accesses of threads left
// blocked, so that reversals needed only by a deadlocked or cut-short run are found.
// A race whose reversal cannot start before e (no initial of notdep(e).e' is enabled
// there: e itself enables the waiter) is skipped and the scan continues to earlier
// events. Lock acquires likewise race with the previous acquire, not the release.
#include "checkers/search/dpor_search.hpp"
#include "checkers/search/choice_nodes.hpp"

#include <algorithm>
#include <array>
#include <bit>

namespace tagrace::search {

namespace {
constexpr ThreadMask bit(ThreadId t) { return ThreadMask{1} << t; }
ThreadId lowest(ThreadMask m) { return static_cast<ThreadId>(std::countr_zero(m)); }
}  // namespace

bool DporSearch::begin_execution() {
  if (finished_) return false;
  depth_ = 0;
  sleep_ = 0;
  blocked_seen_ = false;
  if (!started_) {
    started_ = true;
    nodes_.clear();
    replay_len_ = 0;
    fresh_from_ = 0;
  }
  return true;
}

bool DporSearch::resume_at(std::uint64_t decision) {
  if (decision > fresh_from_) return false;  // fresh_from_ < nodes_.size() once there are any
  // As if nodes [0, decision) had been replayed: each thread node sets the sleep set
  // to its child_sleep (unchanged above the branching node), choice nodes pass it on.
  depth_ = static_cast<std::size_t>(decision);
  sleep_ = 0;
  for (std::size_t i = depth_; i-- > 0;) {
    if (!nodes_[i].is_choice) {
      sleep_ = nodes_[i].child_sleep;
      break;
    }
  }
  return true;
}

ThreadMask DporSearch::within_bound(const Node& node, ThreadMask m) const {
  if (!bound_) return m;
  ThreadMask out = 0;
  for (; m; m &= m - 1) {
    const ThreadId t = lowest(m);
    if (node.preemptions + (preempts(node, t) ? 1u : 0u) <= *bound_) out |= bit(t);
  }
  return out;
}

void DporSearch::add_conservative(std::size_t pos, ThreadId t) {
  // Every context switch at or before pos, latest first, until one where t is enabled
  // and running it costs no more preemptions than the switch already made there.
  for (std::size_t j = pos + 1; j-- > 0;) {
    Node& node = nodes_[j];
    if (node.is_choice) continue;
    if (node.last != kNoThread && node.current == node.last) continue;  // no switch here
    if (!(node.enabled & bit(t))) {
      node.backtrack |= node.enabled;
      continue;
    }
    node.backtrack |= bit(t);
    if (preempts(node, node.current) || !preempts(node, t)) return;
  }
}

inline ThreadMask DporSearch::child_sleep(const Node& node, const SchedulerView& view) const {
  // Threads asleep or done at node stay asleep after `current` runs unless it conflicts
  // with them; most nodes have none (the mask test first keeps the replay path short).
  ThreadMask m = (node.sleep | node.done) & ~bit(node.current);
  if (!m || bound_) return 0;  // sleep sets are unsound under a preemption bound
  ThreadMask out = 0;
  const Access& p = view.pending[node.current];
  for (; m; m &= m - 1) {
    const ThreadId q = lowest(m);
    if (!engine::dependent(view.pending[q], p)) out |= bit(q);
  }
  return out;
}

ThreadId DporSearch::pick_thread(const SchedulerView& view) {
  if (depth_ < replay_len_) [[likely]] {
    Node& node = nodes_[depth_];
    if (node.is_choice || !(view.enabled & bit(node.current))) [[unlikely]]
      return diverged_replaying();
    // Above the branching node nothing child_sleep() reads has changed since the last
    // execution (same prefix, same pending accesses): reuse its result.
    if (depth_ + 1 < replay_len_) {
      sleep_ = node.child_sleep;
    } else {
      sleep_ = node.child_sleep = child_sleep(node, view);
    }
    ++depth_;
    return node.current;
  }
  return pick_fresh(view);
}

ThreadId DporSearch::diverged_replaying() {
  divergence_ = "program diverged while replaying a DPOR prefix at decision " +
                std::to_string(depth_) + " (is the program deterministic?)";
  return kDiverged;
}

ThreadId DporSearch::pick_fresh(const SchedulerView& view) {
  const ThreadMask candidates = view.enabled & ~sleep_;
  if (!candidates) return kPruneExecution;  // sleep-set blocked: redundant
  blocked_seen_ |= view.enabled != view.live;
  Node& node = nodes_.emplace_back();
  node.enabled = view.enabled;
  node.sleep = sleep_;
  node.last = view.last;
  node.preemptions = view.preemptions;
  node.hidden_blocked = view.hidden & ~view.enabled;
  // Prefer the running thread: same trace coverage, fewer context switches.
  const ThreadId pick =
      (view.last != kNoThread && (candidates & bit(view.last))) ? view.last : lowest(candidates);
  node.current = pick;
  node.backtrack = bit(pick);
  sleep_ = node.child_sleep = child_sleep(node, view);
  ++depth_;
  return pick;
}

std::uint32_t DporSearch::pick_choice(std::uint32_t n, const SchedulerView&) {
  return pick_choice_node(nodes_, depth_, replay_len_, n, divergence_);
}

void DporSearch::end_execution(const ExecutionTrace& trace) {
  if (trace.end != ExecutionEnd::Diverged) analyse_races(trace);
  nodes_.resize(depth_);
  if (!backtrack()) finished_ = true;
}

bool DporSearch::backtrack() {
  for (std::size_t i = nodes_.size(); i-- > 0;) {
    Node& node = nodes_[i];
    if (node.is_choice) {
      if (node.current + 1 < node.n) {
        ++node.current;
      } else {
        continue;
      }
    } else {
      node.done |= bit(node.current);
      const ThreadMask rest = within_bound(node, node.backtrack & ~node.done & ~node.sleep);
      if (!rest) continue;
      node.current = lowest(rest);
    }
    nodes_.resize(i + 1);
    replay_len_ = i + 1;
    fresh_from_ = i;
    return true;
  }
  return false;
}

void DporSearch::analyse_races(const ExecutionTrace& tr) {
  // Races whose later event lies in the replayed prefix were handled when that prefix
  // was first explored: only events granted at or after the branching node are new.
  // Events are in decision order, so the new ones are a suffix.
  const auto first_new =
      std::partition_point(tr.events.begin(), tr.events.end(),
                           [this](const TraceEvent& ev) { return ev.decision < fresh_from_; });
  const auto j0 = static_cast<std::size_t>(first_new - tr.events.begin());
  // The engine lists the races of the events it granted in this execution, a superset of
  // the new ones (events kept from the previous execution come first).
  const RaceCandidate* c = tr.races.data();
  const RaceCandidate* const end = c + tr.races.size();
  while (c != end && static_cast<std::size_t>(c->ev) < j0) ++c;
  for (std::size_t j = j0; j < tr.events.size(); ++j) {
    const TraceEvent& ev = tr.events[j];
    const RaceCandidate* const first = c;
    while (c != end && static_cast<std::size_t>(c->ev) == j) ++c;
    if (ev.kind == AccessKind::LockAcquire) {
      // An acquire skips the releases the engine ordered it after: walk the chain.
      if (ev.prev_same_loc >= 0) race_scan(tr, ev, tr.clocks[j], j);
      continue;
    }
    // The engine joined ev's clock from exactly the events race_scan() would reach, in
    // the same order, as long as add_backtrack() accepts each (race_scan() joins it then
    // too).
    for (const RaceCandidate* r = first; r != c; ++r) {
      if (!add_backtrack(tr, static_cast<std::size_t>(r->e), ev, tr.clocks[j], j)) [[unlikely]] {
        race_scan_refused(tr, ev, tr.clocks[j], j, first, r);
        break;
      }
    }
  }
  add_disabled_waiters();
  for (const PendingEvent& p : tr.pending) {
    // Complete runs have none; a deadlock or sleep-blocked run only misses its blocked
    // threads; a run cut by a violation misses every live thread's next access.
    if (p.enabled && tr.end != ExecutionEnd::Violation) continue;
    race_scan(tr, p.event, p.clock, tr.events.size());
  }
}

namespace {
constexpr VectorClock kZero{};
}  // namespace

void DporSearch::add_disabled_waiters() {
  // A thread enabled before a step and not after it (it did not run: the step made its
  // blocking condition false) waits on what that step changed: its pending access races
  // with the step, and running it first is a reversal that starts there. The event scans
  // miss this race when the thread is enabled again later and its access then reads
  // another write (Flanagan and Godefroid check next(s, p) of every thread at every
  // state for this). Nodes above the branching node were checked by earlier executions.
  // A disabled thread is live but not enabled at the new node after its disabling step.
  if (!blocked_seen_) return;
  Node* prev = nullptr;
  for (std::size_t i = fresh_from_; i < nodes_.size(); ++i) {
    Node& node = nodes_[i];
    if (node.is_choice) continue;
    if (prev) prev->backtrack |= prev->enabled & ~node.enabled & ~bit(prev->current) & ~prev->sleep;
    prev = &node;
  }
}

void DporSearch::race_scan(const ExecutionTrace& tr, const TraceEvent& ev,
                           const VectorClock& ev_clock, std::size_t position) {
  if (ev.kind == AccessKind::Fence) return;
  // What happens before ev in its own thread, joined with each racing event found.
  race_scan_from(tr, ev, ev_clock, position, ev.prev_same_loc,
                 ev.prev_in_thread >= 0 ? &tr.clocks[ev.prev_in_thread] : &kZero);
}

void DporSearch::race_scan_refused(const ExecutionTrace& tr, const TraceEvent& ev,
                                   const VectorClock& ev_clock, std::size_t position,
                                   const RaceCandidate* first, const RaceCandidate* refused) {
  // race_scan() goes on past a refused race without joining its clock.
  VectorClock& joined = scan_clock_;
  joined = ev.prev_in_thread >= 0 ? tr.clocks[ev.prev_in_thread] : kZero;
  for (const RaceCandidate* d = first; d != refused; ++d)
    joined.join(tr.clocks[d->e], tr.thread_count);
  race_scan_from(tr, ev, ev_clock, position, tr.events[refused->e].prev_same_loc, &joined);
}

void DporSearch::race_scan_from(const ExecutionTrace& tr, const TraceEvent& ev,
                                const VectorClock& ev_clock, std::size_t position,
                                std::int32_t k, const VectorClock* covered) {
  // `covered` is read in place until the first join (most scans find none), copied then.
  VectorClock& joined = scan_clock_;
  for (; k >= 0; k = tr.events[k].prev_same_loc) {
    const TraceEvent& e = tr.events[k];
    if (e.tid == ev.tid || (*covered)[e.tid] >= e.index) {
      // covered includes e's clock; every earlier access to the location happens before
      // an e that conflicts with all of them, so each would be skipped here too.
      if (engine::covers_location(e.kind, e.sub)) break;
      continue;
    }
    if (!engine::dependent(e.loc, e.kind, e.sub, ev.loc, ev.kind, ev.sub)) continue;
    // An acquire cannot overtake the release of the lock it waits for: it races with
    // that critical section's acquire, further back (Nidhugg's treatment of mutexes).
    if (e.kind == AccessKind::LockRelease && ev.kind == AccessKind::LockAcquire) continue;
    if (add_backtrack(tr, static_cast<std::size_t>(k), ev, ev_clock, position)) {
      if (covered != &joined) {
        joined = *covered;
        covered = &joined;
      }
      joined.join(tr.clocks[k], tr.thread_count);
      if (engine::covers_location(e.kind, e.sub)) break;  // as above
    }
  }
}

bool DporSearch::add_backtrack(const ExecutionTrace& tr, std::size_t e_pos, const TraceEvent& ev,
                               const VectorClock& ev_clock, std::size_t position) {
  const TraceEvent& e = tr.events[e_pos];
  // Only e's thread was left when e ran: no initial of v (whose threads differ from
  // e's) was enabled there. Its decision's node is an earlier state.
  if (e.forced) return false;
  Node& node = nodes_[e.decision];
  // upto[t]: events of thread t at positions <= e_pos. A clock read below exceeds it
  // only if thread t has an event in (e_pos, position) before the reading event: upto[t]
  // is then one less than the index of t's first such event, recorded as the scan meets
  // it (bit t of `have`); a thread not met yet cannot make the comparison true.
  std::array<std::uint32_t, engine::kMaxThreads> upto;
  ThreadMask have = 0;
  const ThreadId r = e.tid;
  const std::uint32_t n = tr.thread_count;
  // Initials of v = notdep(e, E).e': first events in v with no happens-before
  // predecessor in v. An event after e is in v iff it is not hb-after e.
  ThreadMask seen = 0;
  ThreadMask initials = 0;
  for (std::size_t m = e_pos + 1; m < position; ++m) {
    const TraceEvent& f = tr.events[m];
    if (!(have & bit(f.tid))) {
      have |= bit(f.tid);
      upto[f.tid] = f.index - 1;
    }
    if (seen & bit(f.tid)) continue;
    const VectorClock& fc = tr.clocks[m];
    if (fc[r] >= e.index) continue;  // hb-after e: not in v
    seen |= bit(f.tid);
    bool initial = true;
    for (ThreadId t = 0; t < n && initial; ++t) {
      if (t != f.tid && (have & bit(t)) && fc[t] > upto[t]) initial = false;
    }
    if (initial) initials |= bit(f.tid);
  }
  if (!(seen & bit(ev.tid))) {
    bool initial = true;
    for (ThreadId t = 0; t < n && initial; ++t) {
      if (t != ev.tid && t != r && (have & bit(t)) && ev_clock[t] > upto[t]) initial = false;
    }
    if (initial) initials |= bit(ev.tid);
  }
  // Decomposition: the reversal may need a thread held back by a hidden access, whose
  // order this search does not explore: the independence argument no longer covers it.
  if (initials & node.hidden_blocked) ++hidden_blocked_races_;
  const ThreadMask runnable = initials & node.enabled;
  if (!runnable) return false;
  if (bound_) {
    // Under a bound, an initial already in the backtrack set may cost a preemption here
    // and never run, so source sets' "any initial will do" does not hold: add the racing
    // thread (or every runnable initial) as classic DPOR does, and the conservative point.
    const ThreadMask add = (runnable & bit(ev.tid)) ? bit(ev.tid) : runnable;
    node.backtrack |= add;
    for (ThreadMask m = add; m; m &= m - 1) add_conservative(e.decision, lowest(m));
    return true;
  }
  if (initials & (node.backtrack | node.sleep)) return true;
  node.backtrack |= (runnable & bit(ev.tid)) ? bit(ev.tid) : bit(lowest(runnable));
  return true;
}

std::string DporSearch::description() const {
  if (bound_)
    return "bounded: bounded POR over source-DPOR (Coons, Musuvathi, McKinley OOPSLA 2013), at "
           "most " +
           std::to_string(*bound_) +
           " preemption(s), sleep sets off; a bug-finding search: it does not cover every "
           "bounded schedule, so it proves nothing (dfs --bound N does)";
  return "exhaustive: source-DPOR + sleep sets (Abdulla et al. POPL 2014), data choices "
         "enumerated";
}

}  // namespace tagrace::search
