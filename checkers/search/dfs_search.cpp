// Preemption-bounded DFS without reduction (see dfs_search.hpp). A preemption is choosing a thread other than the one that ran
// the previous step while that one is still enabled (CHESS); the engine counts them and
// passes the count in SchedulerView. Within the bound every schedule is run exactly
// once, so the count of executions is the number of such schedules.
#include "checkers/search/dfs_search.hpp"
#include "checkers/search/choice_nodes.hpp"

#include <bit>

namespace tagrace::search {

namespace {
constexpr ThreadMask bit(ThreadId t) { return ThreadMask{1} << t; }
ThreadId lowest(ThreadMask m) { return static_cast<ThreadId>(std::countr_zero(m)); }
}  // namespace

bool DfsSearch::begin_execution() {
  if (finished_) return false;
  started_ = true;
  depth_ = 0;
  return true;
}

ThreadId DfsSearch::pick_thread(const SchedulerView& view) {
  if (depth_ < replay_len_) {
    const Node& node = nodes_[depth_];
    if (node.is_choice || !(view.enabled & bit(node.current))) {
      divergence_ = "program diverged while replaying a DFS prefix at decision " +
                    std::to_string(depth_);
      return kDiverged;
    }
    ++depth_;
    return node.current;
  }
  Node node;
  const bool last_enabled = view.last != kNoThread && (view.enabled & bit(view.last));
  ThreadId first;
  if (last_enabled) {
    // Continuing is free; switching away costs one preemption.
    first = view.last;
    node.todo = view.preemptions < bound_ ? view.enabled & ~bit(first) : 0;
  } else {
    first = lowest(view.enabled);
    node.todo = view.enabled & ~bit(first);
  }
  node.current = first;
  nodes_.push_back(node);
  ++depth_;
  return first;
}

std::uint32_t DfsSearch::pick_choice(std::uint32_t n, const SchedulerView&) {
  return pick_choice_node(nodes_, depth_, replay_len_, n, divergence_);
}

void DfsSearch::end_execution(const ExecutionTrace&) {
  nodes_.resize(depth_);
  for (std::size_t i = nodes_.size(); i-- > 0;) {
    Node& node = nodes_[i];
    if (node.is_choice) {
      if (node.current + 1 >= node.n) continue;
      ++node.current;
    } else {
      if (!node.todo) continue;
      node.current = lowest(node.todo);
      node.todo &= node.todo - 1;
    }
    nodes_.resize(i + 1);
    replay_len_ = i + 1;
    return;
  }
  finished_ = true;
}

std::string DfsSearch::description() const {
  return "dfs: every schedule with at most " + std::to_string(bound_) +
         " preemption(s), no reduction (CHESS-style DFS); Verified means: no violation "
         "within this bound";
}

}  // namespace tagrace::search
