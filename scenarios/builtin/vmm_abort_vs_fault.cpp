// vmm-abort-vs-fault: B1 with KVM (kernel-model.md 5). A VMM's vCPU takes a stage-2
// fault (user_mem_abort(): GUP into the VMM's untagged MAP_SHARED mapping, then
// sanitise_mte_tags()) on a memfd page that another process faults in tagged. Then the
// guest and the process use tags. Expected: flag-first and flag-after-init FAIL;
// global-lock, hashed-lock, pg-mte-lock PASS; ban-shared refuses (MemslotRefused in
// setup, FaultRefused on the vCPU).
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {
namespace {

using namespace model;

class VmmAbortVsFault : public Scenario {
 public:
  std::string name() const override { return "vmm-abort-vs-fault"; }
  std::string summary() const override {
    return "user_mem_abort() of an MTE guest on a MAP_SHARED memfd page against another "
           "process's VM_MTE fault; ban-shared refuses the configuration";
  }
  std::vector<ParamSpec> params() const override { return {granules_param()}; }
  std::vector<ThreadSpec> setup(Kernel& k, const Params& p) const override {
    k.set_granules(static_cast<unsigned>(param_long(p, "granules")));
    address_space& f = k.memfd_create(1);
    k.add_to_page_cache(f, 0, k.alloc_pages_setup());
    mm_struct& vmm = k.mm_alloc();
    k.mmap_region(vmm, 0x100, 1, VM_SHARED, VmaBacking::Memfd, &f);
    mm_struct& proc = k.mm_alloc();
    k.mmap_region(proc, 0x200, 1, VM_SHARED | VM_MTE, VmaBacking::Memfd, &f);
    kvm& vm = k.kvm_create_vm(true, 1);
    k.kvm_set_memory_region(vm, 0, vmm, 0x100, 1);  // may be refused (MemslotRefused)
    task_struct* vcpu = &k.new_task(&vmm, 0);
    task_struct* t = &k.new_task(&proc, 0);
    Kernel* kp = &k;
    kvm* vmp = &vm;
    return {ThreadSpec{"T0", "vm1 vcpu0 (user_mem_abort)",
                       [kp, vcpu, vmp] { guest_write_read_tags(*kp, *vcpu, *vmp, 0, tag_user(1)); }},
            ThreadSpec{"T1", "mm2 (fault, VM_MTE mapping)",
                       [kp, t] { user_write_read_tags(*kp, *t, 0x200, tag_user(2)); }}};
  }
  void final_check(Kernel& k, const Params&) const override {
    address_space& f = *k.memfds().front();
    check_user_tags_at_end(k, k.pfn_to_page(xa_value(f.i_pages[0])), "shared page holds USER tags at the end");
  }
};

}  // namespace

std::shared_ptr<const Scenario> make_vmm_abort_vs_fault() { return std::make_shared<VmmAbortVsFault>(); }

}  // namespace tagrace::scenarios::detail
