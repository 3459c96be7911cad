// Random search: the only state is the generator; enabled sets come from the engine.
#include "checkers/search/random_search.hpp"

namespace tagrace::search {

ThreadId RandomSearch::pick_thread(const SchedulerView& view) {
  return rng_.pick_bit(view.enabled);
}

std::string RandomSearch::description() const {
  return "random: uniform choice among enabled threads, seed " + std::to_string(seed_) + ", " +
         std::to_string(samples_) + " samples (sampling: proves nothing)";
}

}  // namespace tagrace::search
