// The strategies on real std::threads through the real backend: for every page of every
// round exactly one caller initialises, and every caller returns with the flag set.
#include <atomic>
#include <thread>

#include "model_fixture.hpp"

namespace tagrace::model::testing {
namespace {

void exactly_one_init_per_page(const std::string& strategy_name) {
  register_builtin_strategies();
  Params params;
  const StrategyInfo* info = StrategyRegistry::instance().find(strategy_name);
  ASSERT_NE(info, nullptr);
  resolve_params(info->params, {}, params);
  auto strategy = info->make(params);
  RealPrimitives p;
  constexpr int kThreads = 4, kPages = 8, kRounds = 300;
  std::vector<page> pages(kPages);
  std::vector<std::atomic<int>> inits(kPages);
  for (int i = 0; i < kPages; ++i) {
    pages[i].head = &pages[i];
    pages[i].pfn = 0x1000 + i;
    pages[i].tags.assign(4, TAG_STALE);
  }
  std::atomic<int> bad{0};
  for (int round = 0; round < kRounds; ++round) {
    strategy->reset();
    for (int i = 0; i < kPages; ++i) {
      pages[i].flags = 0;
      pages[i].tags.assign(4, TAG_STALE);
      inits[i] = 0;
    }
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        StrategyCtx c{p, static_cast<unsigned>(t + 1), 0};
        for (int n = 0; n < kPages; ++n) {
          page* pg = &pages[(n + t) % kPages];
          strategy->sync_page_tags(c, pg, [&](page* q) {
            inits[q - pages.data()].fetch_add(1);
            for (unsigned g = 0; g < q->nr_granules(); ++g) p.tag_store(q, g, TAG_INIT, TagWrite::InitClear);
          });
          if (!strategy->page_tags_valid(c, pg)) bad.fetch_add(1);
          else if (p.tag_load(pg, 0, TagRead::User) != TAG_INIT) bad.fetch_add(1);
        }
      });
    for (auto& th : threads) th.join();
    for (int i = 0; i < kPages; ++i) ASSERT_EQ(inits[i].load(), 1) << strategy_name << " round " << round;
  }
  EXPECT_EQ(bad.load(), 0) << strategy_name;
}

TEST(RealThreads, PgMteLockInitialisesEachPageExactlyOncePerRound) { exactly_one_init_per_page("pg-mte-lock"); }

TEST(RealThreads, GlobalLockInitialisesEachPageExactlyOncePerRound) { exactly_one_init_per_page("global-lock"); }

TEST(RealThreads, HashedLockInitialisesEachPageExactlyOncePerRound) { exactly_one_init_per_page("hashed-lock"); }

}  // namespace
}  // namespace tagrace::model::testing
