// disjoint-faults: N processes each fault their own private anonymous VM_MTE page and
// use its tags. No location is shared between threads (own mm, PTL, vma, spare page),
// except a strategy's own global lock, so a partial-order search explores one
// execution for per-page strategies. Expected: every strategy PASSES.
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {
namespace {

using namespace model;

class DisjointFaults : public Scenario {
 public:
  std::string name() const override { return "disjoint-faults"; }
  std::string summary() const override {
    return "N mms each faulting its own private VM_MTE page: independent, every strategy passes";
  }
  std::vector<ParamSpec> params() const override {
    return {ParamSpec{"mms", "3", 1, 8, {}, "independent processes"}, granules_param()};
  }
  std::vector<ThreadSpec> setup(Kernel& k, const Params& p) const override {
    unsigned mms = static_cast<unsigned>(param_long(p, "mms"));
    k.set_granules(static_cast<unsigned>(param_long(p, "granules")));
    std::vector<ThreadSpec> threads;
    for (unsigned m = 1; m <= mms; ++m) {
      mm_struct& mm = k.mm_alloc();
      k.mmap_region(mm, 0x100, 1, VM_MTE, VmaBacking::Anon);
      task_struct* t = &k.new_task(&mm, 1);
      Kernel* kp = &k;
      threads.push_back(ThreadSpec{label("T", m - 1),
                                   label("mm", m, " (anonymous fault, VM_MTE)"),
                                   [kp, t, m] { user_write_read_tags(*kp, *t, 0x100, tag_user(m)); }});
    }
    return threads;
  }
  void final_check(Kernel& k, const Params&) const override {
    for (mm_struct* mm : k.mms()) {
      pte_t pte = mm->vmas.front()->ptes[0];
      k.p().check(pte_present(pte) && pte_tagged(pte), "each mm has its page mapped tagged");
      if (pte_present(pte)) check_user_tags_at_end(k, k.pfn_to_page(pte_pfn(pte)), "private page holds USER tags");
    }
  }
};

}  // namespace

std::shared_ptr<const Scenario> make_disjoint_faults() { return std::make_shared<DisjointFaults>(); }

}  // namespace tagrace::scenarios::detail
