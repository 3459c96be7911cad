// WeakMemory keeps its tables across executions and invalidates them by generation
// (nothing is cleared or allocated per execution). Nothing of an earlier execution may
// show through: a store history, a lock's released clock, a flags word's tracked bits,
// a tag granule's accesses. Driven directly, outside an exploration (choose() is 0: the
// newest candidate store).
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "tests/weak/weak_memory_direct.hpp"

namespace tagrace::checkers {
namespace {

using namespace testing;

TEST(WeakMemoryReuse, AStoreOfAnEarlierExecutionIsNotReadable) {
  WeakMemory w;
  unsigned long x = 0;
  w.reset();
  w.store(T0, {addr(&x), -1}, 0, 1, Order::Relaxed);
  EXPECT_EQ(w.load(T1, {addr(&x), -1}, 1, Order::Relaxed, nullptr), 1u);
  w.reset();  // the next execution starts from the setup's value again
  EXPECT_EQ(w.load(T1, {addr(&x), -1}, 0, Order::Relaxed, nullptr), 0u);
  w.store(T0, {addr(&x), -1}, 0, 2, Order::Relaxed);
  EXPECT_EQ(w.load(T1, {addr(&x), -1}, 2, Order::Relaxed, nullptr), 2u);
}

TEST(WeakMemoryReuse, ALockReleasedInAnEarlierExecutionOrdersNothing) {
  WeakMemory w;
  int lock = 0;
  unsigned char granule = 0;
  w.reset();
  for (int i = 0; i < 10; ++i) w.fence_release(T0);  // advance T0's clock well past 1
  w.lock_release(T0, &lock);
  w.reset();
  EXPECT_EQ(tag_access(w, T0, &granule, true, true, "init"), "");
  w.lock_acquire(T1, &lock);  // released in the last execution only
  EXPECT_NE(tag_access(w, T1, &granule, false, false, "load"), "")
      << "T1 acquired a clock from an earlier execution";
  // In one execution, the release does order the accesses.
  w.reset();
  EXPECT_EQ(tag_access(w, T0, &granule, true, true, "init"), "");
  w.lock_release(T0, &lock);
  w.lock_acquire(T1, &lock);
  EXPECT_EQ(tag_access(w, T1, &granule, false, false, "load"), "");
}

TEST(WeakMemoryReuse, AFlagsWordForgetsTheBitsOfAnEarlierExecution) {
  WeakMemory w;
  unsigned long flags = 0;
  w.reset();
  w.store(T0, {addr(&flags), 3}, 0, 1, Order::Relaxed, true);  // set_bit(3)
  EXPECT_EQ(w.load(T1, {addr(&flags), -1}, 8, Order::Relaxed, nullptr), 8u);
  w.reset();
  EXPECT_EQ(w.load(T1, {addr(&flags), -1}, 0, Order::Relaxed, nullptr), 0u);
  // A bit tracked again in a later execution is read from its own history (the word's
  // value passed here is stale on purpose: the bit's store must decide).
  w.reset();
  w.store(T0, {addr(&flags), 5}, 0, 1, Order::Relaxed, true);  // set_bit(5)
  EXPECT_EQ(w.load(T1, {addr(&flags), -1}, 0, Order::Relaxed, nullptr), 32u);
}

TEST(WeakMemoryReuse, AGranuleForgetsTheAccessesOfAnEarlierExecution) {
  WeakMemory w;
  unsigned char granule = 0;
  w.reset();
  EXPECT_EQ(tag_access(w, T0, &granule, true, true, "init"), "");
  w.reset();
  EXPECT_EQ(tag_access(w, T1, &granule, true, true, "init"), "");
}

TEST(WeakMemoryReuse, LocationsThatChangeEveryExecutionDoNotAccumulate) {
  // Views are indexed by location id: retaining every location ever seen would make
  // them, and each join, grow with the exploration. Each execution here uses 100 words
  // never used before.
  WeakMemory w;
  std::vector<unsigned long> words(200 * 100, 0);
  std::size_t most = 0;
  for (std::size_t e = 0; e < 200; ++e) {
    w.reset();
    for (std::size_t i = 0; i < 100; ++i) {
      unsigned long& x = words[e * 100 + i];
      ASSERT_EQ(w.load(T1, {addr(&x), -1}, 0, Order::Relaxed, nullptr), 0u);
      w.store(T0, {addr(&x), -1}, 0, e + 1, Order::Relaxed);
      ASSERT_EQ(w.load(T1, {addr(&x), -1}, e + 1, Order::Relaxed, nullptr), e + 1);
    }
    most = std::max(most, w.retained_locations());
  }
  EXPECT_LE(most, 4u * 100 + 256 + 100);
}

}  // namespace
}  // namespace tagrace::checkers
