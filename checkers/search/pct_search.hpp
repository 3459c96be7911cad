// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte,
// ASPLOS 2010): random distinct thread priorities d..d+n-1, d-1 priority-change points
// drawn over k steps, always run the highest-priority enabled thread. k is the running
// maximum of steps seen (the first run has no change point). Finds a depth-d bug with
// probability >= 1/(n k^(d-1)) per run; description() prints the bound with numbers.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "checkers/search/search.hpp"
#include "checkers/search/splitmix.hpp"

namespace tagrace::search {

/// PCT scheduling with bug depth d, `samples` executions.
class PctSearch final : public Search {
 public:
  PctSearch(std::uint64_t seed, std::uint64_t samples, std::uint32_t depth);
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  std::uint32_t pick_choice(std::uint32_t n, const SchedulerView&) override {
    return rng_.below(n);
  }
  void end_execution(const ExecutionTrace& trace) override;
  std::string description() const override;

 private:
  SplitMix64 rng_;
  std::uint64_t seed_;
  std::uint64_t samples_;
  std::uint32_t depth_;
  std::uint64_t started_ = 0;
  std::uint64_t k_ = 0;     ///< running max of thread steps per execution
  std::uint32_t n_ = 0;     ///< threads seen (max)
  std::uint64_t step_ = 0;  ///< thread steps in the current execution
  bool assigned_ = false;   ///< priorities drawn for this execution
  std::array<std::uint32_t, engine::kMaxThreads> priority_{};
  std::vector<std::uint64_t> change_points_;  ///< sorted steps (1-based) of the d-1 changes
};

}  // namespace tagrace::search
