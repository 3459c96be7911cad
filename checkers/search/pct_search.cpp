// PCT: priorities are drawn lazily at the first decision (when the thread count is
// known); change point i (1-based) lowers the running thread to priority d-i, below
// every initial priority, as in the paper's Algorithm 1.
#include "checkers/search/pct_search.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

namespace tagrace::search {

PctSearch::PctSearch(std::uint64_t seed, std::uint64_t samples, std::uint32_t depth)
    : rng_(seed), seed_(seed), samples_(samples), depth_(depth == 0 ? 1 : depth) {}

bool PctSearch::begin_execution() {
  if (started_ >= samples_) return false;
  ++started_;
  step_ = 0;
  assigned_ = false;
  change_points_.clear();
  if (k_ > 0) {
    // d-1 distinct change points uniform over [1, k] (fewer if k < d-1).
    while (change_points_.size() + 1 < depth_ && change_points_.size() < k_) {
      const std::uint64_t c = 1 + rng_.next() % k_;
      if (std::find(change_points_.begin(), change_points_.end(), c) == change_points_.end())
        change_points_.push_back(c);
    }
  }
  return true;
}

ThreadId PctSearch::pick_thread(const SchedulerView& view) {
  if (!assigned_) {
    assigned_ = true;
    n_ = std::max(n_, view.thread_count);
    // Random permutation of priorities d .. d+n-1 (Fisher-Yates).
    std::array<std::uint32_t, engine::kMaxThreads> perm{};
    for (std::uint32_t i = 0; i < view.thread_count; ++i) perm[i] = depth_ + i;
    for (std::uint32_t i = view.thread_count; i > 1; --i)
      std::swap(perm[i - 1], perm[rng_.below(i)]);
    priority_ = perm;
  }
  ++step_;
  auto highest = [&] {
    ThreadId best = 0;
    std::uint32_t best_p = 0;
    for (ThreadMask m = view.enabled; m; m &= m - 1) {
      const auto t = static_cast<ThreadId>(std::countr_zero(m));
      if (priority_[t] >= best_p) {
        best_p = priority_[t];
        best = t;
      }
    }
    return best;
  };
  ThreadId t = highest();
  for (std::size_t i = 0; i < change_points_.size(); ++i) {
    if (change_points_[i] == step_) {
      priority_[t] = depth_ - 1 - static_cast<std::uint32_t>(i);  // d-1, d-2, ... >= 1
      t = highest();
    }
  }
  return t;
}

void PctSearch::end_execution(const ExecutionTrace& trace) {
  k_ = std::max<std::uint64_t>(k_, trace.thread_steps);
}

std::string PctSearch::description() const {
  const double n = std::max<std::uint32_t>(n_, 1);
  const double k = static_cast<double>(std::max<std::uint64_t>(k_, 1));
  const double denom = n * std::pow(k, static_cast<double>(depth_) - 1.0);
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "PCT d=%u, seed %llu, %llu samples: per-run p >= 1/(n*k^(d-1)) = "
                "1/(%u*%llu^%u) = %.3g (n=%u threads, k=%llu steps)",
                depth_, static_cast<unsigned long long>(seed_),
                static_cast<unsigned long long>(samples_), static_cast<unsigned>(n),
                static_cast<unsigned long long>(k), depth_ - 1, 1.0 / denom,
                static_cast<unsigned>(n), static_cast<unsigned long long>(k));
  return buf;
}

}  // namespace tagrace::search
