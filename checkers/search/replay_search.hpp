// Replay: follows a recorded schedule decision by decision (Shuttle's ReplayScheduler);
// any divergence (disabled or finished thread named, schedule too short, a choice out of
// range, or the program ending before the schedule does) is a Nondeterminism violation.
#pragma once

#include <vector>

#include "checkers/search/search.hpp"

namespace tagrace::search {

/// Runs exactly one execution following `schedule`.
class ReplaySearch final : public Search {
 public:
  explicit ReplaySearch(std::vector<ThreadId> schedule) : schedule_(std::move(schedule)) {}
  bool begin_execution() override { return !done_; }
  ThreadId pick_thread(const SchedulerView& view) override;
  std::uint32_t pick_choice(std::uint32_t n, const SchedulerView& view) override;
  void end_execution(const ExecutionTrace& trace) override;
  std::string description() const override;
  std::string divergence() const override { return divergence_; }
  bool diverged_at_end() const override { return diverged_at_end_; }

 private:
  std::vector<ThreadId> schedule_;
  std::size_t pos_ = 0;
  bool done_ = false;
  bool diverged_at_end_ = false;
  std::string divergence_;
};

}  // namespace tagrace::search
