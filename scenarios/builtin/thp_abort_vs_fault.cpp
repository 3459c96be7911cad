// thp-abort-vs-fault: user_mem_abort() of a THP-backed gfn becomes a block mapping and
// sanitises every subpage, while another process faults one subpage (subpage 1, a tail
// page, so its hook covers that subpage only) through its VM_MTE mapping. `subpages`
// stands in for the 512 of a 2 MiB THP. Expected: flag-first, flag-after-init FAIL;
// global-lock, hashed-lock, pg-mte-lock PASS; ban-shared refuses.
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {
namespace {

using namespace model;

class ThpAbortVsFault : public Scenario {
 public:
  std::string name() const override { return "thp-abort-vs-fault"; }
  std::string summary() const override {
    return "user_mem_abort() of a shmem THP block (sanitise every subpage) against a VM_MTE "
           "fault of one subpage in another process";
  }
  std::vector<ParamSpec> params() const override {
    return {ParamSpec{"subpages", "4", 2, 16, {}, "subpages of the THP (512 in the kernel)"},
            granules_param()};
  }
  std::vector<ThreadSpec> setup(Kernel& k, const Params& p) const override {
    unsigned nr = static_cast<unsigned>(param_long(p, "subpages"));
    k.set_granules(static_cast<unsigned>(param_long(p, "granules")));
    address_space& f = k.memfd_create(nr);
    k.add_to_page_cache(f, 0, k.alloc_pages_setup(nr));
    mm_struct& vmm = k.mm_alloc();
    k.mmap_region(vmm, 0x100, nr, VM_SHARED, VmaBacking::Memfd, &f);
    mm_struct& proc = k.mm_alloc();
    k.mmap_region(proc, 0x200, nr, VM_SHARED | VM_MTE, VmaBacking::Memfd, &f);
    kvm& vm = k.kvm_create_vm(true, nr);
    k.kvm_set_memory_region(vm, 0, vmm, 0x100, nr);
    task_struct* vcpu = &k.new_task(&vmm, 0);
    task_struct* t = &k.new_task(&proc, 0);
    Kernel* kp = &k;
    kvm* vmp = &vm;
    return {ThreadSpec{"T0", "vm1 vcpu0 (user_mem_abort, THP block)",
                       [kp, vcpu, vmp] { guest_write_read_tags(*kp, *vcpu, *vmp, 1, tag_user(1)); }},
            ThreadSpec{"T1", "mm2 (fault subpage 1, VM_MTE mapping)",
                       [kp, t] { user_write_read_tags(*kp, *t, 0x201, tag_user(2)); }}};
  }
  void final_check(Kernel& k, const Params&) const override {
    address_space& f = *k.memfds().front();
    check_user_tags_at_end(k, k.pfn_to_page(xa_value(f.i_pages[1])), "subpage 1 holds USER tags at the end");
  }
};

}  // namespace

std::shared_ptr<const Scenario> make_thp_abort_vs_fault() { return std::make_shared<ThpAbortVsFault>(); }

}  // namespace tagrace::scenarios::detail
