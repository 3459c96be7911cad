// The long soundness sweep (ctest label long): source-DPOR against full enumeration on
// 20,000 random programs whose writes may store 0, so that waiters are enabled, disabled
// and enabled again (about 50 s in a Release build). The default suite runs 300 of them
// and the seeds that found DporSearch::add_disabled_waiters() missing.
#include <gtest/gtest.h>

#include "tests/engine/outcomes.hpp"
#include "tests/engine/random_programs.hpp"

namespace tagrace::engine::testing {
namespace {

using namespace random_programs;

TEST(DporSoundnessLong, WaitersThatAWriteDisablesAgainOverManySeeds) {
  ExploreOptions o;
  o.preemption_bound = 1000;
  for (std::uint64_t seed = 1; seed <= 20000; ++seed) {
    const auto program = random_program(seed, true);
    const Outcomes dpor = explore_outcomes(program, &perform, SearchKind::Exhaustive, o);
    const Outcomes full = explore_outcomes(program, &perform, SearchKind::Dfs, o);
    ASSERT_EQ(dpor.finals, full.finals) << "seed " << seed;
    ASSERT_EQ(dpor.deadlocks, full.deadlocks) << "seed " << seed;
  }
}

}  // namespace
}  // namespace tagrace::engine::testing
