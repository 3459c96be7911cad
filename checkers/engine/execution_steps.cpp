// Steps that need no decision of the search: accesses merged into the thread's next
// scheduling point (local-access merging, and hidden accesses under a decomposition), and
// the remainder of a pruned execution, drained without decisions or events instead of
// being unwound.
#include "checkers/engine/execution_runner.hpp"

#include <bit>

namespace tagrace::engine::detail {

bool ExecutionRunner::merges(const Access& a) {
  LocOwner* o = nullptr;
  if (a.kind != AccessKind::Fence) {
    o = &locs_.owner(a.loc);
    if (o->tid != cur_) {
      if (o->tid != LocOwner::kNone) {
        if (o->tid != LocOwner::kShared) {
          // A second thread: merging the owner's accesses was unsound for this location.
          if (o->merged) restart_needed_ = true;
          o->tid = LocOwner::kShared;
        }
        return false;
      }
      o->tid = static_cast<std::uint8_t>(cur_);
    }
  }
  // Startup stops every thread at its first point (replays without merging do too); a
  // blocked access is a decision; the step limit is checked by decide().
  if (!may_merge(a)) return false;
  if (o) o->merged = true;
  return true;
}

ThreadId ExecutionRunner::drain_next() const {
  const ThreadMask enabled = enabled_threads();
  if (!enabled) return kMain;
  if (cur_ < kMaxThreads && ((enabled >> cur_) & 1)) return cur_;
  return static_cast<ThreadId>(std::countr_zero(enabled));
}

void ExecutionRunner::drain_point(const Access& a) {
  pending_[cur_] = a;
  // A drained remainder that blocks or spins is not worth finishing: unwind it.
  if (++drain_steps_ > options_.max_steps_per_execution) throw AbandonExecution{};
  const ThreadId t = drain_next();
  if (t == cur_) return;
  if (t == kMain) throw AbandonExecution{};
  switch_to(t);
}

}  // namespace tagrace::engine::detail
