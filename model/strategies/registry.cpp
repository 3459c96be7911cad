// StrategyRegistry and the registration of the nine built-in strategies (one line
// each), with their parameters and one-line summaries (origin, expected outcome).
#include <mutex>

#include "model/strategies/alloc_time.hpp"
#include "model/strategies/ban_shared.hpp"
#include "model/strategies/flag_after_init.hpp"
#include "model/strategies/flag_first.hpp"
#include "model/strategies/global_lock.hpp"
#include "model/strategies/hashed_lock.hpp"
#include "model/strategies/no_flag.hpp"
#include "model/strategies/per_mm_lock.hpp"
#include "model/strategies/pg_mte_lock.hpp"
#include "model/strategy.hpp"

namespace tagrace::model {

StrategyRegistry& StrategyRegistry::instance() {
  static StrategyRegistry r;
  return r;
}

void StrategyRegistry::add(StrategyInfo info) {
  for (auto& e : entries_)
    if (e.name == info.name) {
      e = std::move(info);
      return;
    }
  entries_.push_back(std::move(info));
}

const StrategyInfo* StrategyRegistry::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

namespace {

template <class T>
StrategyInfo simple(std::string name, std::string summary) {
  return StrategyInfo{std::move(name), std::move(summary), {},
                      [](const Params&) -> std::unique_ptr<TagSyncStrategy> { return std::make_unique<T>(); }};
}

std::unique_ptr<TagSyncStrategy> make_fallback(const std::string& name) {
  if (name == "flag-after-init") return std::make_unique<FlagAfterInitStrategy>();
  if (name == "global-lock") return std::make_unique<GlobalLockStrategy>();
  if (name == "hashed-lock") return std::make_unique<HashedLockStrategy>(64);
  if (name == "pg-mte-lock") return std::make_unique<PgMteLockStrategy>();
  return std::make_unique<FlagFirstStrategy>();
}

}  // namespace

void register_builtin_strategies() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& r = StrategyRegistry::instance();
    r.add(simple<FlagFirstStrategy>(
        "flag-first", "v5.10-v6.1 test_and_set_bit then init, no lock: tag loss and stale exposure on MAP_SHARED"));
    r.add(simple<FlagAfterInitStrategy>(
        "flag-after-init", "v6.1-rc / KVM v5.14 test_bit; init; set_bit, no lock: tag loss (double init)"));
    r.add(simple<GlobalLockStrategy>(
        "global-lock", "2021 proposal, one tag_sync_lock with re-check: safe, serialises first-touch faults"));
    r.add(simple<PerMmLockStrategy>(
        "per-mm-lock", "2021 suggestion, a lock per mm: tag loss across two mms sharing a page"));
    r.add(StrategyInfo{
        "hashed-lock", "2021 suggestion, pfn-hashed lock table: safe, contention on collisions",
        {ParamSpec{"table_size", "64", 1, 4096, {}, "number of locks in the hash table"}},
        [](const Params& p) -> std::unique_ptr<TagSyncStrategy> {
          return std::make_unique<HashedLockStrategy>(static_cast<unsigned>(param_long(p, "table_size")));
        }});
    r.add(StrategyInfo{
        "alloc-time", "v5.14 __GFP_ZEROTAGS for anonymous VM_MTE pages: safe there; others per `fallback`",
        {ParamSpec{"fallback", "flag-first", 0, 0,
                   {"flag-first", "flag-after-init", "global-lock", "hashed-lock", "pg-mte-lock"},
                   "strategy for shared pages and KVM"}},
        [](const Params& p) -> std::unique_ptr<TagSyncStrategy> {
          return std::make_unique<AllocTimeStrategy>(make_fallback(param_str(p, "fallback")));
        }});
    r.add(simple<BanSharedStrategy>(
        "ban-shared", "v5.14 KVM: refuses VM_SHARED memory for MTE guests; stage-1 race (flag-first) remains"));
    r.add(simple<PgMteLockStrategy>(
        "pg-mte-lock", "v6.2 PG_mte_lock/PG_mte_tagged two-bit protocol: safe, per page, needs liveness"));
    r.add(simple<NoFlagStrategy>(
        "no-flag", "2021 suggestion, tags zeroed in clear_page and copied in copy_page: no init race"));
  });
}

}  // namespace tagrace::model
