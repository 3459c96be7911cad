// The registration point of the searches: one line per SearchKind (house style: adding
// a search touches its file pair, this switch, the build and a test).
#include "checkers/search/dfs_search.hpp"
#include "checkers/search/dpor_search.hpp"
#include "checkers/search/pct_search.hpp"
#include "checkers/search/random_search.hpp"
#include "checkers/search/replay_search.hpp"
#include "checkers/search/search.hpp"

namespace tagrace::search {

std::unique_ptr<Search> make_search(const engine::ExploreOptions& o) {
  switch (o.search) {
    case engine::SearchKind::Exhaustive:
      return std::make_unique<DporSearch>();
    case engine::SearchKind::Bounded:
      return std::make_unique<DporSearch>(o.preemption_bound);
    case engine::SearchKind::Dfs:
      return std::make_unique<DfsSearch>(o.preemption_bound);
    case engine::SearchKind::Random:
      return std::make_unique<RandomSearch>(o.seed, o.samples);
    case engine::SearchKind::Pct:
      return std::make_unique<PctSearch>(o.seed, o.samples, o.pct_depth);
    case engine::SearchKind::Replay:
      return std::make_unique<ReplaySearch>(o.schedule);
  }
  return std::make_unique<DporSearch>();
}

}  // namespace tagrace::search
