// Weak mode on a flags word used both ways: bit operations (per-bit locations) and a
// whole-word READ_ONCE/WRITE_ONCE (page_kasan_tag_reset()'s read-modify-write). The two
// views must stay coherent within a thread, and the plain RMW must lose a concurrent
// set_bit() in some execution under either memory model (B5's second half).
#include <gtest/gtest.h>

#include "litmus_harness.hpp"

namespace tagrace::weaktest {
namespace {

using P = model::Primitives;
using checkers::MemoryModel;

TEST(FlagsWord, AWordLoadSeesTheThreadsOwnEarlierSetBit) {
  // T0's word load creates the word's history before T1's set_bit: T1's own later word
  // load must still see its bit.
  auto r = run_litmus({[](P& p, World& w) { w.r[0][0] = p.read_once(&w.x); },
                       [](P& p, World& w) {
                         p.set_bit(3, &w.x);
                         w.r[1][0] = p.read_once(&w.x);
                       }},
                      [](const World& w) { return !((w.r[1][0] >> 3) & 1); });
  EXPECT_TRUE(r.verified);
  EXPECT_FALSE(r.observed) << r.executions << " executions";
}

TEST(FlagsWord, ABitLoadSeesTheThreadsOwnEarlierWordStore) {
  auto r = run_litmus({[](P& p, World& w) {
                         w.r[0][0] = p.test_bit(3, &w.x);
                         p.write_once(&w.x, 1ul << 3);
                         w.r[0][1] = p.test_bit(3, &w.x);
                       },
                       [](P& p, World& w) { w.r[1][0] = p.test_bit(3, &w.x); }},
                      [](const World& w) { return w.r[0][1] == 0; });
  EXPECT_TRUE(r.verified);
  EXPECT_FALSE(r.observed) << r.executions << " executions";
}

TEST(FlagsWord, APlainReadModifyWriteOfTheWordLosesAConcurrentSetBit) {
  std::vector<Body> t = {[](P& p, World& w) {  // page_kasan_tag_reset()
                           unsigned long f = p.read_once(&w.x);
                           p.write_once(&w.x, f | (0xfful << 48));
                         },
                         [](P& p, World& w) { p.set_bit(28, &w.x); }};  // set_bit(PG_mte_tagged)
  auto lost = [](const World& w) { return !((w.x >> 28) & 1); };
  for (auto mm : {MemoryModel::SC, MemoryModel::Weak}) {
    auto r = run_litmus(t, lost, mm);
    EXPECT_TRUE(r.verified);
    EXPECT_TRUE(r.observed) << checkers::memory_model_name(mm);
  }
}

}  // namespace
}  // namespace tagrace::weaktest
