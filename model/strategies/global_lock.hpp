// global-lock: one spinlock (tag_sync_lock) with a re-check inside, as proposed in 2021
// and never merged. Safe if every init path takes it; serialises every first-touch
// fault of every VM and process while the flag is unset.
#pragma once

#include "model/strategies/locked_strategy.hpp"

namespace tagrace::model {

class GlobalLockStrategy : public detail::LockedStrategy {
 public:
  std::string name() const override { return "global-lock"; }
  void reset() override { tag_sync_lock_.locked = 0; }

 protected:
  spinlock_t* lock_for(const StrategyCtx&, const page*) override { return &tag_sync_lock_; }
  std::span<const spinlock_t> locks() const override { return {&tag_sync_lock_, 1}; }

 private:
  spinlock_t tag_sync_lock_{0, "tag_sync_lock"};
};

}  // namespace tagrace::model
