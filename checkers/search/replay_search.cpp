// Replay search. A schedule that ends exactly where the recorded violation struck is the
// normal case; one that still has decisions when the run completes means divergence,
// which only the end reveals: it is flagged through Search::diverged_at_end().
#include "checkers/search/replay_search.hpp"

#include "checkers/engine/engine.hpp"

namespace tagrace::search {

ThreadId ReplaySearch::pick_thread(const SchedulerView& view) {
  if (pos_ >= schedule_.size()) {
    divergence_ = "replay: schedule ran out after " + std::to_string(schedule_.size()) +
                  " decisions but the program continued";
    return kDiverged;
  }
  const ThreadId t = schedule_[pos_];
  if (t >= engine::kMaxThreads || !((view.enabled >> t) & 1)) {
    divergence_ = "replay: decision " + std::to_string(pos_) + " names thread " +
                  std::to_string(t) + ", which is " +
                  (t < view.thread_count && ((view.live >> t) & 1) ? "blocked" : "not runnable") +
                  " (finished, blocked or nonexistent)";
    return kDiverged;
  }
  ++pos_;
  return t;
}

std::uint32_t ReplaySearch::pick_choice(std::uint32_t n, const SchedulerView&) {
  if (pos_ >= schedule_.size()) {
    divergence_ = "replay: schedule ran out at a choose() after " +
                  std::to_string(schedule_.size()) + " decisions";
    return kDiverged;
  }
  const std::uint32_t v = schedule_[pos_];
  if (v >= n) {
    divergence_ = "replay: decision " + std::to_string(pos_) + " chooses " + std::to_string(v) +
                  " but choose(" + std::to_string(n) + ") was called";
    return kDiverged;
  }
  ++pos_;
  return v;
}

void ReplaySearch::end_execution(const ExecutionTrace& trace) {
  done_ = true;
  if (trace.end == ExecutionEnd::Complete && pos_ < schedule_.size()) {
    diverged_at_end_ = true;
    divergence_ = "replay: program finished after " + std::to_string(pos_) + " of " +
                  std::to_string(schedule_.size()) + " decisions";
  }
}

std::string ReplaySearch::description() const {
  return "replay of a " + std::to_string(schedule_.size()) + "-decision schedule";
}

}  // namespace tagrace::search
