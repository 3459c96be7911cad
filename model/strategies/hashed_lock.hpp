// hashed-lock: an array of spinlocks indexed by a hash of the pfn, like
// page_waitqueue() (suggested 2021). Safe if all paths hash the same pfn; unrelated
// pages contend when they collide. Parameter table_size (1..4096, default 64).
#pragma once

#include <vector>

#include "model/strategies/locked_strategy.hpp"

namespace tagrace::model {

class HashedLockStrategy : public detail::LockedStrategy {
 public:
  explicit HashedLockStrategy(unsigned table_size);
  std::string name() const override { return "hashed-lock"; }
  void reset() override;
  /// The table slot pfn hashes to (hash_64(pfn) % table_size).
  unsigned slot_of(std::uint64_t pfn) const;

 protected:
  spinlock_t* lock_for(const StrategyCtx&, const page* pg) override { return &table_[slot_of(pg->pfn)]; }
  std::span<const spinlock_t> locks() const override { return table_; }

 private:
  std::vector<spinlock_t> table_;  ///< sized once; never reallocated
};

}  // namespace tagrace::model
