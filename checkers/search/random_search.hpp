// Random search (Shuttle's RandomScheduler): at every scheduling point a thread is drawn
// uniformly among the enabled ones, and choose() values uniformly; `samples` runs from
// one seeded generator, so a seed and a sample index reproduce a run. Proves nothing.
#pragma once

#include <cstdint>

#include "checkers/search/search.hpp"
#include "checkers/search/splitmix.hpp"

namespace tagrace::search {

/// Uniform random scheduling, `samples` executions.
class RandomSearch final : public Search {
 public:
  RandomSearch(std::uint64_t seed, std::uint64_t samples)
      : rng_(seed), seed_(seed), samples_(samples) {}
  bool begin_execution() override { return started_++ < samples_; }
  ThreadId pick_thread(const SchedulerView& view) override;
  std::uint32_t pick_choice(std::uint32_t n, const SchedulerView&) override {
    return rng_.below(n);
  }
  void end_execution(const ExecutionTrace&) override {}
  std::string description() const override;

 private:
  SplitMix64 rng_;
  std::uint64_t seed_;
  std::uint64_t samples_;
  std::uint64_t started_ = 0;
};

}  // namespace tagrace::search
