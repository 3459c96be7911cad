// per-mm-lock: the 2021 suggestion of a lock per mm (keyed by the caller's mm,
// StrategyCtx::mm_id). Two mms sharing a MAP_SHARED page take different locks, so
// both can init: tag loss. Locks live in a fixed table (mm ids modulo its size).
#pragma once

#include <array>

#include "model/strategies/locked_strategy.hpp"

namespace tagrace::model {

class PerMmLockStrategy : public detail::LockedStrategy {
 public:
  static constexpr unsigned kMaxMms = 64;
  PerMmLockStrategy();
  std::string name() const override { return "per-mm-lock"; }
  void reset() override;

 protected:
  spinlock_t* lock_for(const StrategyCtx& c, const page*) override { return &locks_[c.mm_id % kMaxMms]; }
  std::span<const spinlock_t> locks() const override { return locks_; }

 private:
  std::array<spinlock_t, kMaxMms> locks_;
};

}  // namespace tagrace::model
