// copy-tags-vs-fault: the VMM restores a migrated guest page's tags with
// KVM_ARM_MTE_COPY_TAGS (write) while a vCPU faults on the same page of private guest RAM
// (sanitise_mte_tags()) and uses its tags. The ioctl must order itself after any init
// in flight. Expected: flag-first FAILS (the init wipes the restored tags, or the guest
// reads before they land); global-lock, hashed-lock, pg-mte-lock PASS.
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {
namespace {

using namespace model;

class CopyTagsVsFault : public Scenario {
 public:
  std::string name() const override { return "copy-tags-vs-fault"; }
  std::string summary() const override {
    return "KVM_ARM_MTE_COPY_TAGS write by the VMM against a vCPU's stage-2 fault on the same page";
  }
  std::vector<ParamSpec> params() const override { return {granules_param()}; }
  std::vector<ThreadSpec> setup(Kernel& k, const Params& p) const override {
    k.set_granules(static_cast<unsigned>(param_long(p, "granules")));
    mm_struct& vmm = k.mm_alloc();
    k.mmap_region(vmm, 0x100, 1, 0, VmaBacking::Anon);  // private guest RAM
    kvm& vm = k.kvm_create_vm(true, 1);
    k.kvm_set_memory_region(vm, 0, vmm, 0x100, 1);
    task_struct* ioctl_task = &k.new_task(&vmm, 1);  // either GUP may allocate the page
    task_struct* vcpu = &k.new_task(&vmm, 1);
    Kernel* kp = &k;
    kvm* vmp = &vm;
    return {ThreadSpec{"T0", "vmm (KVM_ARM_MTE_COPY_TAGS write)",
                       [kp, ioctl_task, vmp] {
                         std::vector<tag_t> buf(kp->granules(), tag_user(7));
                         kvm_vm_ioctl_mte_copy_tags(*kp, *ioctl_task, *vmp, 0, buf.data(), true);
                       }},
            ThreadSpec{"T1", "vm1 vcpu0 (guest fault)",
                       [kp, vcpu, vmp] { guest_write_read_tags(*kp, *vcpu, *vmp, 0, tag_user(1)); }}};
  }
  void final_check(Kernel& k, const Params&) const override {
    pte_t pte = k.mms().front()->vmas.front()->ptes[0];
    k.p().check(pte_present(pte), "the guest page is resident in the VMM");
    if (pte_present(pte)) check_user_tags_at_end(k, k.pfn_to_page(pte_pfn(pte)), "guest page holds USER tags at the end");
  }
};

}  // namespace

std::shared_ptr<const Scenario> make_copy_tags_vs_fault() { return std::make_shared<CopyTagsVsFault>(); }

}  // namespace tagrace::scenarios::detail
