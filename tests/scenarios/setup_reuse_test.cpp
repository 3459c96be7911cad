// Scenario::setup_into(), the per-execution path of the checker: it rebuilds the same
// threads as setup() in the caller's vector without new storage, and a FileScenario's
// final_check() reads the world of the kernel it is given, not of the last setup().
#include <gtest/gtest.h>

#include "model/backends/real_primitives.hpp"
#include "model/model.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::scenarios::testing {
namespace {

struct Fixture {
  std::shared_ptr<const Scenario> sc;
  model::Params params;
  std::unique_ptr<model::TagSyncStrategy> strategy;
  model::RealPrimitives prims;
  std::vector<std::string> failed;

  explicit Fixture(const std::string& name) {
    model::register_builtin_strategies();
    register_builtin_scenarios();
    sc = ScenarioRegistry::instance().find(name);
    model::resolve_params(sc->params(), {}, params);
    model::Params sp;
    strategy = model::StrategyRegistry::instance().find("pg-mte-lock")->make(sp);
    prims.on_check = [this](bool ok, const char* what) {
      if (!ok) failed.push_back(what);
    };
  }
  std::unique_ptr<model::Kernel> kernel() {
    auto k = std::make_unique<model::Kernel>(prims, *model::KernelConfig::for_version("v6.2"), *strategy);
    k->reset();
    return k;
  }
};

TEST(SetupInto, RebuildsTheThreadsOfSetupInPlaceEveryExecution) {
  for (const char* name : {"shared-mprotect-vs-fault", "vmm-abort-vs-fault", "disjoint-faults"}) {
    Fixture f(name);
    auto k = f.kernel();
    const std::vector<ThreadSpec> fresh = f.sc->setup(*k, f.params);
    std::vector<ThreadSpec> reused;
    std::vector<const char*> contexts;
    for (int execution = 0; execution < 3; ++execution) {
      k->reset();
      f.sc->setup_into(*k, f.params, reused);
      ASSERT_EQ(reused.size(), fresh.size()) << name;
      for (std::size_t i = 0; i < fresh.size(); ++i) {
        EXPECT_EQ(reused[i].name, fresh[i].name) << name;
        EXPECT_EQ(reused[i].context, fresh[i].context) << name;
        if (execution > 0) {
          EXPECT_EQ(reused[i].context.data(), contexts[i]) << name << ": storage kept";
        }
      }
      contexts.clear();
      for (const auto& t : reused) contexts.push_back(t.context.data());
      for (auto& t : reused) t.body();
      f.sc->final_check(*k, f.params);
      EXPECT_TRUE(f.failed.empty()) << name << ": " << (f.failed.empty() ? "" : f.failed.front());
    }
  }
}

TEST(SetupInto, FinalCheckReadsTheWorldOfItsOwnKernel) {
  Fixture f("shared-mprotect-vs-fault");
  auto a = f.kernel();
  auto b = f.kernel();
  std::vector<ThreadSpec> ta, tb;
  f.sc->setup_into(*a, f.params, ta);
  for (auto& t : ta) t.body();
  f.sc->setup_into(*b, f.params, tb);  // b's page still holds STALE tags
  f.sc->final_check(*a, f.params);
  EXPECT_TRUE(f.failed.empty()) << (f.failed.empty() ? "" : f.failed.front());
  f.sc->final_check(*b, f.params);
  EXPECT_FALSE(f.failed.empty()) << "b's threads never ran: its forall clause fails";
}

}  // namespace
}  // namespace tagrace::scenarios::testing
