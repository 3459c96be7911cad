// per-mm-lock (see per_mm_lock.hpp).
#include "model/strategies/per_mm_lock.hpp"

namespace tagrace::model {

PerMmLockStrategy::PerMmLockStrategy() { reset(); }

void PerMmLockStrategy::reset() {
  for (auto& l : locks_) l = spinlock_t{0, "mm->mte_tag_lock"};
}

}  // namespace tagrace::model
