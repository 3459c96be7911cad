// mmap-over-slot-vs-fault: B18 (kernel-model.md 5). After KVM_SET_USER_MEMORY_REGION the
// VMM mmap(MAP_FIXED)s over the memslot (the new VMA has no VM_MTE_ALLOWED) while a vCPU
// of the MTE guest takes user_mem_abort() on it. v6.2..v6.4 read vm_flags after
// mmap_read_unlock (upstream fix "KVM: arm64: Check for kvm_vma_mte_allowed in the
// critical section"): FAIL (assertion, freed VMA). v5.14 and v6.13 sample under the lock: PASS.
#include "model/paths/kvm_mmu.hpp"
#include "model/paths/mmap.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {
namespace {

using namespace model;

class MmapOverSlotVsFault : public Scenario {
 public:
  std::string name() const override { return "mmap-over-slot-vs-fault"; }
  std::string summary() const override {
    return "the VMM mmaps over an MTE guest's memslot while a vCPU faults on it; B18 "
           "(vm_flags read after mmap_read_unlock) decides on a freed VMA";
  }
  std::vector<ParamSpec> params() const override { return {granules_param()}; }
  std::vector<ThreadSpec> setup(Kernel& k, const Params& p) const override {
    k.set_granules(static_cast<unsigned>(param_long(p, "granules")));
    address_space& f = k.memfd_create(1);
    k.add_to_page_cache(f, 0, k.alloc_pages_setup());
    mm_struct& vmm = k.mm_alloc();
    k.mmap_region(vmm, 0x100, 1, 0, VmaBacking::Memfd, &f);  // MAP_PRIVATE memfd
    kvm& vm = k.kvm_create_vm(true, 1);
    k.kvm_set_memory_region(vm, 0, vmm, 0x100, 1);
    task_struct* vcpu = &k.new_task(&vmm, 1);  // GUP breaks COW: one new page
    task_struct* vmm_thread = &k.new_task(&vmm, 0);
    Kernel* kp = &k;
    kvm* vmp = &vm;
    return {ThreadSpec{"T0", "vm1 vcpu0 (user_mem_abort)",
                       [kp, vcpu, vmp] { user_mem_abort(*kp, *vcpu, *vmp, 0, false); }},
            ThreadSpec{"T1", "vmm (mmap MAP_FIXED over the slot)", [kp, vmm_thread] {
                         // A MAP_SHARED file mapping that is not shmem: no VM_MTE_ALLOWED.
                         do_mmap_fixed_over(*kp, *vmm_thread, 0x100, VM_SHARED, pgprot_type::NORMAL);
                       }}};
  }
};

}  // namespace

std::shared_ptr<const Scenario> make_mmap_over_slot_vs_fault() {
  return std::make_shared<MmapOverSlotVsFault>();
}

}  // namespace tagrace::scenarios::detail
