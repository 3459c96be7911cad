// An out-of-tree strategy, "no-wait-lock": PG_mte_lock as in v6.2, but a loser of the
// test_and_set_bit race returns at once instead of waiting for PG_mte_tagged. It is a
// plausible "optimisation" a patch might propose; tagrace refutes it (stale exposure).
// Registered, then handed to the unchanged tagrace CLI: `my-tagrace check ...`.
#include "app/cli.hpp"
#include "model/strategy.hpp"

namespace {

using namespace tagrace::model;

class NoWaitLockStrategy : public TagSyncStrategy {
 public:
  std::string name() const override { return "no-wait-lock"; }

  bool sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) override {
    if (c.p.test_bit(PG_mte_tagged, &pg->flags)) return false;
    if (c.p.test_and_set_bit(PG_mte_lock, &pg->flags)) return false;  // no wait: the bug
    init(pg);
    c.p.smp_wmb();
    c.p.set_bit(PG_mte_tagged, &pg->flags);
    return true;
  }
  bool page_tags_valid(StrategyCtx& c, page* pg) override {
    bool v = c.p.test_bit(PG_mte_tagged, &pg->flags);
    if (v) c.p.smp_rmb();
    return v;
  }
  void begin_tags_override(StrategyCtx& c, page* pg) override {
    c.p.test_and_set_bit(PG_mte_lock, &pg->flags);
  }
  void end_tags_override(StrategyCtx& c, page* pg) override {
    c.p.smp_wmb();
    c.p.set_bit(PG_mte_tagged, &pg->flags);
  }
};

}  // namespace

int main(int argc, char** argv) {
  register_builtin_strategies();
  StrategyRegistry::instance().add(
      {"no-wait-lock", "example: PG_mte_lock without the waiter (refuted: stale exposure)", {},
       [](const Params&) { return std::make_unique<NoWaitLockStrategy>(); }});
  return tagrace::app::run_main(argc, argv);
}
