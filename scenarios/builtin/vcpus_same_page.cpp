// vcpus-same-page: vCPUs of one MTE VM take stage-2 faults on the same guest page,
// backed by the VMM's private anonymous memory. Before v6.2 kvm->mmu_lock (write)
// serialises sanitise_mte_tags(); from v6.2 the faults hold it shared and race.
// Expected: flag-after-init FAILS from v6.2 (double init); flag-first FAILS (stale
// exposure); global-lock, hashed-lock, pg-mte-lock PASS.
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {
namespace {

using namespace model;

class VcpusSamePage : public Scenario {
 public:
  std::string name() const override { return "vcpus-same-page"; }
  std::string summary() const override {
    return "vCPUs of one MTE VM faulting the same anonymous guest page (mmu_lock shared from v6.2)";
  }
  std::vector<ParamSpec> params() const override {
    return {ParamSpec{"vcpus", "2", 2, 4, {}, "vCPUs faulting the page"}, granules_param()};
  }
  std::vector<ThreadSpec> setup(Kernel& k, const Params& p) const override {
    unsigned vcpus = static_cast<unsigned>(param_long(p, "vcpus"));
    k.set_granules(static_cast<unsigned>(param_long(p, "granules")));
    mm_struct& vmm = k.mm_alloc();
    k.mmap_region(vmm, 0x100, 1, 0, VmaBacking::Anon);
    kvm& vm = k.kvm_create_vm(true, 1);
    k.kvm_set_memory_region(vm, 0, vmm, 0x100, 1);
    std::vector<ThreadSpec> threads;
    for (unsigned i = 0; i < vcpus; ++i) {
      task_struct* t = &k.new_task(&vmm, 1);  // GUP may allocate the guest page
      Kernel* kp = &k;
      kvm* vmp = &vm;
      threads.push_back(ThreadSpec{label("T", i), label("vm1 vcpu", i, " (guest fault)"),
                                   [kp, t, vmp, i] { guest_write_read_tags(*kp, *t, *vmp, 0, tag_user(i + 1)); }});
    }
    return threads;
  }
  void final_check(Kernel& k, const Params&) const override {
    kvm& vm = *k.vms().front();
    k.p().check(kvm_pte_valid(vm.stage2[0]), "the guest page is mapped at stage 2");
    if (kvm_pte_valid(vm.stage2[0]))
      check_user_tags_at_end(k, k.pfn_to_page(kvm_pte_pfn(vm.stage2[0])), "guest page holds USER tags");
  }
};

}  // namespace

std::shared_ptr<const Scenario> make_vcpus_same_page() { return std::make_shared<VcpusSamePage>(); }

}  // namespace tagrace::scenarios::detail
