// swap-in-shared: a shmem page was swapped out with its tags saved (USER(9)); every mm
// faults it back through a VM_MTE MAP_SHARED mapping. The first swaps it in
// (shmem_swapin_folio(): restore in arch_swap_restore() before swap_free(), under the
// folio lock); the others find it in the page cache. Each asserts the tags survived.
// Expected: every flag strategy PASSES; no-flag FAILS (it has no restore hook).
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {
namespace {

using namespace model;

class SwapInShared : public Scenario {
 public:
  std::string name() const override { return "swap-in-shared"; }
  std::string summary() const override {
    return "a swapped-out shared memfd page with saved tags faulted back by several mms; "
           "tags must survive the swap-in";
  }
  std::vector<ParamSpec> params() const override {
    return {ParamSpec{"mms", "2", 2, 4, {}, "processes faulting the page back"}, granules_param()};
  }
  std::vector<ThreadSpec> setup(Kernel& k, const Params& p) const override {
    unsigned mms = static_cast<unsigned>(param_long(p, "mms"));
    unsigned g = static_cast<unsigned>(param_long(p, "granules"));
    k.set_granules(g);
    address_space& f = k.memfd_create(1);
    k.setup_shmem_swapped(f, 0, k.setup_swap_entry(std::vector<tag_t>(g, tag_user(9))));
    std::vector<ThreadSpec> threads;
    for (unsigned m = 1; m <= mms; ++m) {
      mm_struct& mm = k.mm_alloc();
      k.mmap_region(mm, 0x100, 1, VM_SHARED | VM_MTE, VmaBacking::Memfd, &f);
      task_struct* t = &k.new_task(&mm, 1);  // a page for the swap-in, if this one does it
      Kernel* kp = &k;
      threads.push_back(ThreadSpec{label("T", m - 1),
                                   label("mm", m, " (fault: shmem swap-in)"), [kp, t, m] {
                                     unsigned n = kp->granules();
                                     for (unsigned i = 0; i < n; ++i) {
                                       tag_t v = TAG_STALE;
                                       if (user_tag_load(*kp, *t, 0x100, i, &v))
                                         kp->p().check(tag_is_user(v), "tags survived the swap-in");
                                     }
                                     user_write_read_tags(*kp, *t, 0x100, tag_user(m));
                                   }});
    }
    return threads;
  }
  void final_check(Kernel& k, const Params&) const override {
    unsigned long e = k.memfds().front()->i_pages[0];
    k.p().check(xa_is_page(e), "the page is back in the page cache");
    if (xa_is_page(e)) check_user_tags_at_end(k, k.pfn_to_page(xa_value(e)), "swapped-in page holds USER tags");
  }
};

}  // namespace

std::shared_ptr<const Scenario> make_swap_in_shared() { return std::make_shared<SwapInShared>(); }

}  // namespace tagrace::scenarios::detail
