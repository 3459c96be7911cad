// hashed-lock (see hashed_lock.hpp). hash_64() with GOLDEN_RATIO_64, as include/linux/hash.h.
#include "model/strategies/hashed_lock.hpp"

namespace tagrace::model {

HashedLockStrategy::HashedLockStrategy(unsigned table_size) : table_(table_size ? table_size : 1) {
  reset();
}

void HashedLockStrategy::reset() {
  for (auto& l : table_) l = spinlock_t{0, "mte_hashed_lock"};
}

unsigned HashedLockStrategy::slot_of(std::uint64_t pfn) const {
  std::uint64_t h = pfn * 0x61C8864680B583EBull;
  return static_cast<unsigned>((h >> 32) % table_.size());
}

}  // namespace tagrace::model
