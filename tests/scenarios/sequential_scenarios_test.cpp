// Every built-in scenario run sequentially (threads one after another, both orders) on
// the real backend for every strategy and several versions: no crash, the expected end
// state, refusals where the strategy bans the configuration, deterministic addresses,
// and no location shared between the threads of disjoint-faults.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "sequential_runner.hpp"

namespace tagrace::scenarios::testing {
namespace {

const std::vector<std::string> kScenarios = {
    "shared-mprotect-vs-fault", "vmm-abort-vs-fault", "thp-abort-vs-fault", "cow-vs-mprotect",
    "swap-in-shared",           "vcpus-same-page",    "copy-tags-vs-fault", "disjoint-faults"};
const std::vector<std::string> kStrategies = {"flag-first", "flag-after-init", "global-lock",
                                              "per-mm-lock", "hashed-lock",     "alloc-time",
                                              "ban-shared",  "pg-mte-lock",     "no-flag"};

/// Sequential runs cannot race: every check holds, except no-flag's missing swap restore.
bool expected_to_fail_sequentially(const std::string& scenario, const std::string& strategy) {
  return scenario == "swap-in-shared" && strategy == "no-flag";
}

TEST(SequentialScenarios, EveryScenarioRunsForEveryStrategyAndVersionWithTheExpectedEndState) {
  for (const auto& version : {"v5.14", "v6.2", "v6.4", "v6.13"})
    for (const auto& sc : kScenarios)
      for (const auto& st : kStrategies)
        for (bool reverse : {false, true}) {
          SequentialRun run = run_sequentially(sc, version, st, reverse);
          EXPECT_GE(run.nr_threads, 1u);
          if (expected_to_fail_sequentially(sc, st)) {
            EXPECT_FALSE(run.failed_checks.empty()) << sc << " " << st;
            continue;
          }
          std::string why = run.failed_checks.empty() ? "" : run.failed_checks.front();
          EXPECT_TRUE(run.failed_checks.empty())
              << sc << " / " << st << " / " << version << (reverse ? " reversed" : "") << ": " << why;
        }
}

TEST(SequentialScenarios, BanSharedRefusesTheSharedGuestConfiguration) {
  for (const char* sc : {"vmm-abort-vs-fault", "thp-abort-vs-fault"}) {
    SequentialRun banned = run_sequentially(sc, "v6.2", "ban-shared");
    EXPECT_GE(banned.count(model::EventKind::MemslotRefused) + banned.count(model::EventKind::FaultRefused), 1) << sc;
    EXPECT_EQ(banned.count(model::EventKind::Stage2Map), 0) << sc;
    SequentialRun allowed = run_sequentially(sc, "v6.2", "pg-mte-lock");
    EXPECT_EQ(allowed.count(model::EventKind::MemslotRefused) + allowed.count(model::EventKind::FaultRefused), 0);
    EXPECT_GE(allowed.count(model::EventKind::Stage2Map), 1) << sc;
  }
  SequentialRun v514 = run_sequentially("vmm-abort-vs-fault", "v5.14", "ban-shared");
  EXPECT_EQ(v514.count(model::EventKind::MemslotRefused), 1);
  EXPECT_EQ(v514.count(model::EventKind::FaultRefused), 1);
}

TEST(SequentialScenarios, ThpAbortMapsEverySubpageOfTheBlock) {
  SequentialRun run = run_sequentially("thp-abort-vs-fault", "v6.2", "pg-mte-lock", false, {{"subpages", "8"}});
  EXPECT_TRUE(run.failed_checks.empty());
  EXPECT_EQ(run.count(model::EventKind::Stage2Map), 8);
}

TEST(SequentialScenarios, LargerParametersKeepACorrectStrategyCorrect) {
  SequentialRun run = run_sequentially("shared-mprotect-vs-fault", "v6.4", "pg-mte-lock", true,
                                       {{"mms", "4"}, {"pages", "3"}, {"granules", "4"}});
  EXPECT_TRUE(run.failed_checks.empty());
  EXPECT_EQ(run.count(model::EventKind::TaggedPteSet), 3 * 4);  // mm1's mprotect + 3 faulting mms
  ASSERT_FALSE(run.page_granules.empty());
  for (unsigned g : run.page_granules) EXPECT_EQ(g, 4u);
}

TEST(SequentialScenarios, OutOfRangeParametersAreRejected) {
  SequentialRun run = run_sequentially("disjoint-faults", "v6.2", "pg-mte-lock", false, {{"mms", "9"}});
  ASSERT_EQ(run.failed_checks.size(), 1u);
  EXPECT_NE(run.failed_checks.front().find("out of range"), std::string::npos);
}

TEST(SequentialScenarios, SetupIsDeterministicAcrossResets) {
  model::register_builtin_strategies();
  register_builtin_scenarios();
  for (const auto& name : kScenarios) {
    auto sc = ScenarioRegistry::instance().find(name);
    model::Params sp, stp;
    model::resolve_params(sc->params(), {}, sp);
    auto strat = model::StrategyRegistry::instance().find("pg-mte-lock")->make(stp);
    model::RealPrimitives p;
    model::Kernel k(p, *model::KernelConfig::for_version("v6.2"), *strat);
    std::vector<std::vector<const void*>> snapshots;
    for (int round = 0; round < 3; ++round) {
      k.reset();
      auto threads = sc->setup(k, sp);
      std::vector<const void*> snap;
      for (auto* pg : k.pages()) {
        snap.push_back(pg);
        snap.push_back(pg->tags.data());
        EXPECT_EQ(pg->flags, 0u) << name;  // nothing left over from the last execution
      }
      for (auto* mm : k.mms())
        for (auto* vma : mm->vmas) snap.push_back(vma->ptes.data());
      for (auto* vm : k.vms()) snap.push_back(vm->stage2.data());
      snapshots.push_back(snap);
      for (auto& t : threads) t.body();
    }
    EXPECT_EQ(snapshots[0], snapshots[1]) << name;
    EXPECT_EQ(snapshots[1], snapshots[2]) << name;
  }
}

/// Records every address each thread's primitives touch.
class FootprintPrimitives : public model::RealPrimitives {
 public:
  std::map<int, std::set<const void*>> touched;
  int current = -1;
  void note(const void* a) { touched[current].insert(a); }
  bool test_bit(unsigned nr, const unsigned long* a) override { note(a); return RealPrimitives::test_bit(nr, a); }
  void set_bit(unsigned nr, unsigned long* a) override { note(a); RealPrimitives::set_bit(nr, a); }
  bool test_and_set_bit(unsigned nr, unsigned long* a) override { note(a); return RealPrimitives::test_and_set_bit(nr, a); }
  unsigned long read_once(const unsigned long* a) override { note(a); return RealPrimitives::read_once(a); }
  void write_once(unsigned long* a, unsigned long v) override { note(a); RealPrimitives::write_once(a, v); }
  void spin_lock(model::spinlock_t* l) override { note(l); RealPrimitives::spin_lock(l); }
  void down_read(model::rw_semaphore* s) override { note(s); RealPrimitives::down_read(s); }
  void down_write(model::rw_semaphore* s) override { note(s); RealPrimitives::down_write(s); }
  void lock_page(model::page* pg) override { note(&pg->flags); RealPrimitives::lock_page(pg); }
  model::tag_t tag_load(const model::page* pg, unsigned g, model::TagRead w) override {
    note(&pg->tags[g]);
    return RealPrimitives::tag_load(pg, g, w);
  }
  void tag_store(model::page* pg, unsigned g, model::tag_t v, model::TagWrite w) override {
    note(&pg->tags[g]);
    RealPrimitives::tag_store(pg, g, v, w);
  }
};

TEST(SequentialScenarios, DisjointFaultsShareNoLocationBetweenThreads) {
  model::register_builtin_strategies();
  register_builtin_scenarios();
  for (const char* strategy : {"pg-mte-lock", "alloc-time", "flag-first", "no-flag"}) {
    auto sc = ScenarioRegistry::instance().find("disjoint-faults");
    model::Params sp, stp;
    model::resolve_params(sc->params(), {{"mms", "4"}}, sp);
    const model::StrategyInfo* info = model::StrategyRegistry::instance().find(strategy);
    model::resolve_params(info->params, {}, stp);
    auto strat = info->make(stp);
    FootprintPrimitives p;
    model::Kernel k(p, *model::KernelConfig::for_version("v6.2"), *strat);
    k.reset();
    auto threads = sc->setup(k, sp);
    for (std::size_t i = 0; i < threads.size(); ++i) {
      p.current = static_cast<int>(i);
      threads[i].body();
    }
    for (std::size_t i = 0; i < threads.size(); ++i)
      for (std::size_t j = i + 1; j < threads.size(); ++j)
        for (const void* a : p.touched[static_cast<int>(i)])
          EXPECT_EQ(p.touched[static_cast<int>(j)].count(a), 0u) << strategy << ": T" << i << " and T" << j;
  }
}

}  // namespace
}  // namespace tagrace::scenarios::testing
