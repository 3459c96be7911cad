// pg-mte-lock: the v6.2 two-bit protocol (arch/arm64/include/asm/mte.h, commit
// d77e59a8fccd "arm64: mte: Lock a page for MTE tag initialisation"): PG_mte_lock is
// an init-once lock never released while the page is allocated; losers wait with
// smp_cond_load_acquire() until PG_mte_tagged is set.
#pragma once

#include "model/strategy.hpp"

namespace tagrace::model {

/// set_page_mte_tagged(): smp_wmb(); set_bit(PG_mte_tagged).
void set_page_mte_tagged(Primitives& p, page* pg);
/// page_mte_tagged(): test_bit(PG_mte_tagged); smp_rmb() if set.
bool page_mte_tagged(Primitives& p, page* pg);
/// try_page_mte_tagging(): true if this caller took PG_mte_lock (it must init and set
/// the flag); otherwise waits for PG_mte_tagged and returns false.
bool try_page_mte_tagging(Primitives& p, page* pg);

class PgMteLockStrategy : public TagSyncStrategy {
 public:
  /// No state of its own: everything is in the page flags.
  bool save_state(StateBuffer&) const override { return true; }
  std::string name() const override { return "pg-mte-lock"; }
  /// v6.2 tag_clear_highpage() for anonymous VM_MTE pages (__GFP_ZEROTAGS):
  /// try_page_mte_tagging(); clear; set_page_mte_tagged().
  void on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) override;
  /// if (!page_mte_tagged && try_page_mte_tagging) { init; set_page_mte_tagged }.
  bool sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) override;
  bool page_tags_valid(StrategyCtx& c, page* pg) override;
  /// try_page_mte_tagging(), result ignored (orders after an init in flight).
  void begin_tags_override(StrategyCtx& c, page* pg) override;
  void end_tags_override(StrategyCtx& c, page* pg) override;
};

}  // namespace tagrace::model
