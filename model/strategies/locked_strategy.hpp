// Base of the lock-based proposals of 2021 (global-lock, per-mm-lock, hashed-lock):
// test_bit fast path; spin_lock(L); re-check; init; set_bit; unlock. Subclasses pick L.
// Deviation from the bare proposal: smp_wmb() before set_bit and smp_rmb() after a
// positive fast-path test_bit, which any lock-free fast path needs on arm64.
#pragma once

#include <span>

#include "model/strategy.hpp"

namespace tagrace::model::detail {

class LockedStrategy : public TagSyncStrategy {
 public:
  bool sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) override;
  bool page_tags_valid(StrategyCtx& c, page* pg) override;
  /// Takes the page's lock: the override is ordered after any init in flight.
  void begin_tags_override(StrategyCtx& c, page* pg) override;
  /// smp_wmb(); set_bit(PG_mte_tagged); unlock.
  void end_tags_override(StrategyCtx& c, page* pg) override;
  /// State snapshots: the lock words of locks().
  bool save_state(StateBuffer& out) const override {
    for (const spinlock_t& l : locks()) out.put(l.locked);
    return true;
  }
  void restore_state(StateBuffer& in) override {
    // The locks are the subclass's own, non-const members.
    for (const spinlock_t& l : locks()) in.get(const_cast<spinlock_t&>(l).locked);
  }

 protected:
  /// The lock that serialises inits of pg for this caller.
  virtual spinlock_t* lock_for(const StrategyCtx& c, const page* pg) = 0;
  /// Every lock lock_for() may return.
  virtual std::span<const spinlock_t> locks() const = 0;
};

}  // namespace tagrace::model::detail
