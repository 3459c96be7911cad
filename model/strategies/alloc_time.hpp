// alloc-time: __GFP_ZEROTAGS (v5.14, commit 013bb59dbb7c "arm64: mte: handle tags
// zeroing at page allocation time"): an anonymous VM_MTE allocation clears the tags
// and sets the flag while nobody else can see the page. Everything else (shared pages,
// KVM) goes to the `fallback` strategy (flag-first as merged in v5.14).
#pragma once

#include <memory>

#include "model/strategy.hpp"

namespace tagrace::model {

class AllocTimeStrategy : public TagSyncStrategy {
 public:
  explicit AllocTimeStrategy(std::unique_ptr<TagSyncStrategy> fallback);
  std::string name() const override { return "alloc-time"; }
  void reset() override { fallback_->reset(); }
  bool save_state(StateBuffer& out) const override { return fallback_->save_state(out); }
  void restore_state(StateBuffer& in) override { fallback_->restore_state(in); }
  /// anon_mte: clear every granule, then PG_mte_lock|PG_mte_tagged (both, so any
  /// fallback sees the page as initialised); else the fallback's on_page_alloc.
  void on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) override;
  bool sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) override;
  bool page_tags_valid(StrategyCtx& c, page* pg) override;
  void begin_tags_override(StrategyCtx& c, page* pg) override;
  void end_tags_override(StrategyCtx& c, page* pg) override;
  bool allows_shared_guest_memory() const override { return fallback_->allows_shared_guest_memory(); }

 private:
  std::unique_ptr<TagSyncStrategy> fallback_;
};

namespace detail {
/// tag_clear_highpage(): the __GFP_ZEROTAGS clear of a page nobody else can see.
void tag_clear_highpage(Primitives& p, page* pg);
}  // namespace detail

}  // namespace tagrace::model
