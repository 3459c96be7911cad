// The strategy registry: the nine built-in names, their parameters and summaries.
#include <gtest/gtest.h>

#include <set>

#include "model/strategy.hpp"

namespace tagrace::model {
namespace {

TEST(StrategyRegistry, ListsTheNineBuiltinStrategies) {
  register_builtin_strategies();
  register_builtin_strategies();  // idempotent
  std::set<std::string> names;
  for (const auto& s : StrategyRegistry::instance().all()) {
    names.insert(s.name);
    EXPECT_FALSE(s.summary.empty()) << s.name;
  }
  std::set<std::string> expected = {"flag-first", "flag-after-init", "global-lock",
                                    "per-mm-lock", "hashed-lock", "alloc-time",
                                    "ban-shared", "pg-mte-lock", "no-flag"};
  for (const auto& n : expected) EXPECT_TRUE(names.count(n)) << n;
  EXPECT_GE(names.size(), 9u);
}

TEST(StrategyRegistry, EveryStrategyIsBuiltUnderItsOwnName) {
  register_builtin_strategies();
  for (const auto& s : StrategyRegistry::instance().all()) {
    Params p;
    ASSERT_EQ(resolve_params(s.params, {}, p), "");
    EXPECT_EQ(s.make(p)->name(), s.name);
  }
}

TEST(StrategyRegistry, HashedLockValidatesItsTableSize) {
  register_builtin_strategies();
  const StrategyInfo* info = StrategyRegistry::instance().find("hashed-lock");
  ASSERT_NE(info, nullptr);
  Params out;
  EXPECT_EQ(resolve_params(info->params, {}, out), "");
  EXPECT_EQ(out["table_size"], "64");
  EXPECT_NE(resolve_params(info->params, {{"table_size", "0"}}, out), "");
  EXPECT_NE(resolve_params(info->params, {{"table_size", "4097"}}, out), "");
}

TEST(StrategyRegistry, AllocTimeOffersTheFallbacksOfTheDesignDiscussion) {
  register_builtin_strategies();
  const StrategyInfo* info = StrategyRegistry::instance().find("alloc-time");
  ASSERT_NE(info, nullptr);
  Params out;
  EXPECT_EQ(resolve_params(info->params, {}, out), "");
  EXPECT_EQ(out["fallback"], "flag-first");
  EXPECT_EQ(resolve_params(info->params, {{"fallback", "pg-mte-lock"}}, out), "");
  EXPECT_NE(resolve_params(info->params, {{"fallback", "no-flag"}}, out), "");
}

TEST(StrategyRegistry, OnlyBanSharedRefusesSharedGuestMemory) {
  register_builtin_strategies();
  for (const auto& s : StrategyRegistry::instance().all()) {
    Params p;
    resolve_params(s.params, {}, p);
    EXPECT_EQ(s.make(p)->allows_shared_guest_memory(), s.name != "ban-shared") << s.name;
  }
}

}  // namespace
}  // namespace tagrace::model
