// Plain depth-first search over every schedule with at most `bound` preemptions (CHESS:
// Musuvathi & Qadeer, PLDI 2007), with no partial-order reduction: the reference that
// the reductions (exhaustive DPOR, bounded POR) are cross-checked against, and a
// `--search dfs` for users who want that cross-check on their own scenario.
#pragma once

#include <cstdint>
#include <vector>

#include "checkers/search/search.hpp"

namespace tagrace::search {

/// Depth-first enumeration of the schedules with at most `bound` preemptions.
class DfsSearch final : public Search {
 public:
  explicit DfsSearch(std::uint32_t bound) : bound_(bound) {}
  bool begin_execution() override;
  ThreadId pick_thread(const SchedulerView& view) override;
  std::uint32_t pick_choice(std::uint32_t n, const SchedulerView& view) override;
  void end_execution(const ExecutionTrace& trace) override;
  bool proves() const override { return true; }
  std::string description() const override;
  std::string divergence() const override { return divergence_; }

 private:
  /// One decision on the current path: the alternatives left to try, in order.
  struct Node {
    bool is_choice = false;
    ThreadMask todo = 0;  ///< threads still to explore (thread nodes)
    std::uint32_t current = 0;
    std::uint32_t n = 0;  ///< number of values (choice nodes)
  };

  std::uint32_t bound_;
  std::vector<Node> nodes_;
  std::size_t replay_len_ = 0;
  std::size_t depth_ = 0;
  bool started_ = false;
  bool finished_ = false;
  std::string divergence_;
};

}  // namespace tagrace::search
