// ban-shared: v5.14 as merged for KVM (commit ea7fc1bb1cd1 "KVM: arm64: Introduce MTE
// VM feature"): MTE guests may not use VM_SHARED memory; stage-1 is flag-first with
// __GFP_ZEROTAGS for anonymous VM_MTE pages; KVM's sanitise_mte_tags() is the
// unlocked check-then-act (test_bit; clear; set_bit). The stage-1 race remains.
#pragma once

#include "model/strategies/flag_first.hpp"

namespace tagrace::model {

class BanSharedStrategy : public FlagFirstStrategy {
 public:
  std::string name() const override { return "ban-shared"; }
  void on_page_alloc(StrategyCtx& c, page* pg, bool anon_mte) override;
  /// Stage-1 (vm_id 0): flag-first. KVM: if (!test_bit) { init; set_bit }.
  bool sync_page_tags(StrategyCtx& c, page* pg, const TagInit& init) override;
  bool allows_shared_guest_memory() const override { return false; }
};

}  // namespace tagrace::model
