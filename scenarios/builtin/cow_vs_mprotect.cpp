// cow-vs-mprotect: B1's CoW shape. mm1 write-faults its read-only MAP_PRIVATE mapping of
// a memfd page (do_wp_page() -> copy_highpage(): copies the tags if the source looks
// tagged) while mm2 mprotect(PROT_MTE)s its MAP_SHARED mapping of the same page.
// Expected: flag-first FAILS (stale exposure: the copy reads tags before the clear);
// the locked strategies and pg-mte-lock PASS.
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {
namespace {

using namespace model;

class CowVsMprotect : public Scenario {
 public:
  std::string name() const override { return "cow-vs-mprotect"; }
  std::string summary() const override {
    return "copy_highpage() of a CoW fault in mm1 against mprotect(PROT_MTE) of the source "
           "page in mm2; flag-first copies uninitialised tags";
  }
  std::vector<ParamSpec> params() const override { return {granules_param()}; }
  std::vector<ThreadSpec> setup(Kernel& k, const Params& p) const override {
    k.set_granules(static_cast<unsigned>(param_long(p, "granules")));
    address_space& f = k.memfd_create(1);
    page* pg = k.alloc_pages_setup();
    k.add_to_page_cache(f, 0, pg);
    mm_struct& mm1 = k.mm_alloc();
    k.setup_map(k.mmap_region(mm1, 0x100, 1, 0, VmaBacking::Memfd, &f), 0x100, pg, false);
    mm_struct& mm2 = k.mm_alloc();
    k.setup_map(k.mmap_region(mm2, 0x200, 1, VM_SHARED, VmaBacking::Memfd, &f), 0x200, pg, true);
    task_struct* t1 = &k.new_task(&mm1, 1);
    task_struct* t2 = &k.new_task(&mm2, 0);
    Kernel* kp = &k;
    return {ThreadSpec{"T0", "mm1 (CoW write fault, copy_highpage)",
                       [kp, t1] { do_page_fault(*kp, *t1, 0x100, true); }},
            ThreadSpec{"T1", "mm2 (mprotect PROT_MTE)", [kp, t2] {
                         do_mprotect_pkey(*kp, *t2, 0x200, 1);
                         user_write_read_tags(*kp, *t2, 0x200, tag_user(2));
                       }}};
  }
  void final_check(Kernel& k, const Params&) const override {
    page* src = k.pfn_to_page(xa_value(k.memfds().front()->i_pages[0]));
    check_user_tags_at_end(k, src, "source page holds USER tags at the end");
    vm_area_struct& vma = *k.mms().front()->vmas.front();
    page* copy = k.pfn_to_page(pte_pfn(vma.ptes[0]));
    if (copy == src) return;
    bool tagged = (copy->flags & (1ul << PG_mte_tagged)) || k.strategy().name() == "no-flag";
    bool stale = false;
    for (tag_t t : copy->tags) stale = stale || t == TAG_STALE;
    k.p().check(!(tagged && stale), "a tagged CoW copy holds no STALE tags");
  }
};

}  // namespace

std::shared_ptr<const Scenario> make_cow_vs_mprotect() { return std::make_shared<CowVsMprotect>(); }

}  // namespace tagrace::scenarios::detail
