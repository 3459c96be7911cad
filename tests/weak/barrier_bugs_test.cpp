// Issue 5 section 3: the barrier bugs that sequential consistency cannot see. Each is a
// small variant of the v6.2 kernel (arch/arm64/include/asm/mte.h, mte.c at v6.2) built
// here, never a production strategy: B4 (no smp_wmb() at the end of mte_sync_tags()),
// set_page_mte_tagged() without smp_wmb(), page_mte_tagged() without smp_rmb(),
// try_page_mte_tagging()'s waiter without acquire. Weak mode must catch each, SC must
// not, and v6.2 as shipped must verify under weak mode.
#include <gtest/gtest.h>

#include <iostream>

#include "app/scenario_program.hpp"
#include "model/kernel_config.hpp"
#include "model/strategies/pg_mte_lock.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::weaktest {
namespace {

using model::page;
using model::Primitives;
using model::StrategyCtx;

/// pg-mte-lock with the barriers switchable (v6.2 verbatim when all are on).
class BarrierMutantStrategy final : public model::TagSyncStrategy {
 public:
  bool set_wmb = true, get_rmb = true;
  std::string name() const override { return "pg-mte-lock-mutant"; }
  void set_tagged(Primitives& p, page* pg) {
    KFUNC(p, "set_page_mte_tagged");
    if (set_wmb) p.smp_wmb();
    p.set_bit(model::PG_mte_tagged, &pg->flags);
  }
  bool tagged(Primitives& p, page* pg) {
    bool ret = p.test_bit(model::PG_mte_tagged, &pg->flags);
    if (ret && get_rmb) p.smp_rmb();
    return ret;
  }
  void on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) override {
    if (!anon_mte) return;
    KFUNC(c.p, "tag_clear_highpage");
    c.p.check(model::try_page_mte_tagging(c.p, pg), "tag_clear_highpage: new page already tagged");
    for (unsigned g = 0; g < pg->nr_granules(); ++g)
      c.p.tag_store(pg, g, model::TAG_INIT, model::TagWrite::InitClear);
    set_tagged(c.p, pg);
  }
  bool sync_page_tags(StrategyCtx& c, page* pg, const model::TagInit& init) override {
    if (tagged(c.p, pg)) return false;
    if (!model::try_page_mte_tagging(c.p, pg)) return false;
    init(pg);
    set_tagged(c.p, pg);
    return true;
  }
  bool page_tags_valid(StrategyCtx& c, page* pg) override { return tagged(c.p, pg); }
  void begin_tags_override(StrategyCtx& c, page* pg) override {
    (void)model::try_page_mte_tagging(c.p, pg);
  }
  void end_tags_override(StrategyCtx& c, page* pg) override { set_tagged(c.p, pg); }
};

struct Mutation {
  bool sync_wmb = true, set_wmb = true, get_rmb = true, waiter_acquire = true;
};

struct Outcome {
  engine::Verdict verdict;
  std::string category;
  std::uint64_t executions;
};

Outcome check(const std::string& scenario, Mutation m, checkers::MemoryModel mm) {
  scenarios::register_builtin_scenarios();
  auto sc = scenarios::ScenarioRegistry::instance().find(scenario);
  if (!sc) {
    ADD_FAILURE() << "no scenario " << scenario;
    return {engine::Verdict::Incomplete, "", 0};
  }
  model::Params params;
  EXPECT_EQ(model::resolve_params(sc->params(), {}, params), "");
  auto cfg = *model::KernelConfig::for_version("v6.2");
  cfg.b4_no_wmb_before_set_pte = !m.sync_wmb;
  auto strat = std::make_unique<BarrierMutantStrategy>();
  strat->set_wmb = m.set_wmb;
  strat->get_rmb = m.get_rmb;
  app::ScenarioProgram prog(sc, params, std::move(strat), cfg, {});
  prog.set_memory_model(mm);
  prog.primitives().set_relaxed_cond_load(!m.waiter_acquire);
  engine::ExploreOptions o;
  auto r = prog.explore(o);
  return {r.verdict, r.violations.empty() ? "" : r.violations.front().category + ": " +
                                                     r.violations.front().message,
          r.stats.executions};
}

void expect_weak_only(const std::string& scenario, Mutation m, const char* what) {
  auto sc = check(scenario, m, checkers::MemoryModel::SC);
  auto weak = check(scenario, m, checkers::MemoryModel::Weak);
  EXPECT_EQ(sc.verdict, engine::Verdict::Verified) << what << " under SC: " << sc.category;
  EXPECT_EQ(weak.verdict, engine::Verdict::Violation) << what << " under weak";
  std::cout << what << " on " << scenario << ": SC verified (" << sc.executions
            << " executions), weak: " << weak.category << "\n";
}

TEST(BarrierBugs, V62IsVerifiedUnderWeak) {
  for (const char* s : {"shared-mprotect-vs-fault", "swap-in-shared", "cow-vs-mprotect",
                        "vcpus-same-page", "thp-abort-vs-fault", "vmm-abort-vs-fault",
                        "copy-tags-vs-fault", "disjoint-faults"}) {
    auto weak = check(s, Mutation{}, checkers::MemoryModel::Weak);
    EXPECT_EQ(weak.verdict, engine::Verdict::Verified) << s << ": " << weak.category;
  }
}

TEST(BarrierBugs, B4_NoFinalWmbInMteSyncTags) {
  // B4 alone is masked on v6.2 by set_page_mte_tagged()'s own smp_wmb() (the tags are
  // released before the flag, hence before the pte); it shows where that wmb is absent,
  // as in the v5.17 code it was found in.
  expect_weak_only("shared-mprotect-vs-fault", {.sync_wmb = false, .set_wmb = false}, "B4");
}

TEST(BarrierBugs, SetPageMteTaggedWithoutWmb) {
  // mte_sync_tags()'s final smp_wmb() kept: the flag path (a vCPU that sees
  // PG_mte_tagged and skips the init) still reads through an unordered flag.
  expect_weak_only("vcpus-same-page", {.set_wmb = false}, "set_page_mte_tagged() without smp_wmb()");
}

TEST(BarrierBugs, PageMteTaggedWithoutRmb) {
  expect_weak_only("shared-mprotect-vs-fault", {.get_rmb = false}, "page_mte_tagged() without smp_rmb()");
}

TEST(BarrierBugs, TryPageMteTaggingWaiterWithoutAcquire) {
  expect_weak_only("shared-mprotect-vs-fault", {.waiter_acquire = false},
                   "try_page_mte_tagging() waiter without acquire");
}

}  // namespace
}  // namespace tagrace::weaktest
