// The swap tag store: tags saved at swap-out, keyed by swap entry, freed with the slot.
// Follows arch/arm64/mm/mteswap.c (mte_save_tags / mte_restore_tags /
// mte_invalidate_tags). Deviation: one slot object per entry instead of an xarray;
// `has_tags` is the shared word every path reads through the primitives.
#pragma once

#include "model/arena.hpp"
#include "model/primitives.hpp"

namespace tagrace::model {

struct swap_slot {
  unsigned long entry = 0;     ///< the swap entry (>= 1)
  unsigned long has_tags = 0;  ///< 1 while saved tags exist (shared word)
  unsigned long swap_map = 0;  ///< 1 while the slot is in use (shared word)
  kvector<tag_t> saved;        ///< written before has_tags is set, read after it is seen
};

}  // namespace tagrace::model
