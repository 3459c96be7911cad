// The tag-synchronisation strategy seam: every scheme of the 2021-2022 design
// discussion (kernel-model.md section 4) implements this, written once against
// Primitives, so the same source runs under the checker and on real threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/page.hpp"
#include "model/params.hpp"
#include "model/primitives.hpp"
#include "model/state_buffer.hpp"

namespace tagrace::model {

/// Who is calling: strategies that key locks on the caller (per-mm-lock) use it.
struct StrategyCtx {
  Primitives& p;
  unsigned mm_id = 0;  ///< the caller's mm (the VMM's mm in user_mem_abort)
  unsigned vm_id = 0;  ///< 0 when not in KVM
};

/// The init of one page's tags: clear, or restore from the swap tag store.
using TagInit = std::function<void(page*)>;

class TagSyncStrategy {
 public:
  virtual ~TagSyncStrategy() = default;
  virtual std::string name() const = 0;

  /// Called before every execution: drop any state (locks) from the previous one.
  /// Shared state must live in the strategy object so its addresses stay stable.
  virtual void reset() {}

  /// State snapshots (the checker's exhaustive search restores a saved state instead of
  /// re-running the prefix): append to `out` every piece of state the strategy keeps
  /// itself (what reset() resets: locks, tables) and return true; restore_state() reads
  /// it back in the same order, in place. The default returns false: the strategy cannot,
  /// and the checker re-runs prefixes for it (out-of-tree strategies need not care).
  virtual bool save_state(StateBuffer& out) const {
    (void)out;
    return false;
  }
  virtual void restore_state(StateBuffer& in) { (void)in; }

  /// A page is allocated, before anyone else can see it. `anon_mte`: an anonymous
  /// allocation for a VM_MTE vma (where v5.14+ uses __GFP_ZEROTAGS).
  virtual void on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) {
    (void)c, (void)pg, (void)anon_mte;
  }

  /// Make sure pg's tags are initialised once: the core of mte_sync_tags() and
  /// sanitise_mte_tags(). `init` performs the init; returns true if this caller did it.
  virtual bool sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) = 0;

  /// page_mte_tagged(): may a reader (copy source, swap-out, copy-tags read) trust
  /// pg's tags? Includes the read barrier where the scheme has one.
  virtual bool page_tags_valid(StrategyCtx& c, page* pg) = 0;

  /// Deliberate overrides (copy_highpage() destination, KVM_ARM_MTE_COPY_TAGS
  /// write): begin orders the caller after any init in flight
  /// (try_page_mte_tagging()), end publishes the tags (set_page_mte_tagged()).
  virtual void begin_tags_override(StrategyCtx& c, page* pg) = 0;
  virtual void end_tags_override(StrategyCtx& c, page* pg) = 0;

  /// KVM policy: may an MTE guest use VM_SHARED memory? ban-shared says no.
  virtual bool allows_shared_guest_memory() const { return true; }
};

/// Factory registry: built-in strategies register themselves; users add theirs.
struct StrategyInfo {
  std::string name;
  std::string summary;  ///< one line: origin and expected outcome
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<TagSyncStrategy>(const Params&)> make;
};

class StrategyRegistry {
 public:
  static StrategyRegistry& instance();
  void add(StrategyInfo info);  ///< replaces an entry of the same name
  const StrategyInfo* find(const std::string& name) const;
  const std::vector<StrategyInfo>& all() const { return entries_; }

 private:
  std::vector<StrategyInfo> entries_;
};

/// Registers the built-in strategies (idempotent).
void register_builtin_strategies();

}  // namespace tagrace::model
