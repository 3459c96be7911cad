// vm-startup and steady: V VMs with C vCPUs each (threads = V x C); every VM has its
// own VMM mm with an anonymous, untagged guest-memory vma, as QEMU maps it. vm-startup
// faults fresh pages (user_mem_abort -> get_user_pages -> sanitise_mte_tags), the case
// the 2021 thread worried about; steady re-faults pages already tagged (fast path only).
#include "bench/stress/workload.hpp"

#include "model/paths/fault.hpp"
#include "model/paths/kvm_mmu.hpp"

namespace tagrace::stress {

namespace {

constexpr unsigned long kHva = 0x1000;

class VmStartupWorkload : public Workload {
 public:
  explicit VmStartupWorkload(bool steady) : steady_(steady) {}
  std::string name() const override { return steady_ ? "steady" : "vm-startup"; }
  std::string summary() const override {
    return steady_ ? "stage-2 re-faults of pages already tagged: the fast path only"
                   : "V VMs x C vCPUs fault fresh guest pages: user_mem_abort -> sanitise_mte_tags";
  }
  std::vector<std::string> op_kinds() const override { return {steady_ ? "stage2-refault" : "stage2-fault"}; }
  bool rebuild_each_round() const override { return !steady_; }

  void setup(model::Kernel& k, const WorkloadParams& wp) override {
    vcpus_ = wp.vcpus_per_vm && !wp.share_nothing ? wp.vcpus_per_vm : 1;
    pages_ = wp.pages;
    unsigned vms = (wp.threads + vcpus_ - 1) / vcpus_;
    vms_.clear();
    tasks_.clear();
    for (unsigned v = 0; v < vms; ++v) {
      model::mm_struct& mm = k.mm_alloc();
      k.mmap_region(mm, kHva, pages_, model::VM_READ | model::VM_WRITE, model::VmaBacking::Anon);
      model::kvm& vm = k.kvm_create_vm(true, pages_);
      k.kvm_set_memory_region(vm, 0, mm, kHva, pages_);
      vms_.push_back(&vm);
      for (unsigned c = 0; c < vcpus_ && tasks_.size() < wp.threads; ++c) tasks_.push_back(&k.new_task(&mm, pages_ + 1));
    }
    if (steady_)  // tag every page once, sequentially, before the measured rounds
      for (unsigned w = 0; w < tasks_.size(); w += vcpus_)
        for (unsigned i = 0; i < pages_; ++i) model::user_mem_abort(k, *tasks_[w], *vms_[w / vcpus_], i, false);
  }

  // steady's operations take ~60 ns: one sweep over 256 pages is a ~15 us round, about
  // the skew of waking two threads from a barrier on a VM, which then sets the round's
  // makespan. Its rounds sweep the pages kSteadySweeps times (~1 ms) instead.
  static constexpr unsigned kSteadySweeps = 64;
  unsigned ops(unsigned) const override { return steady_ ? pages_ * kSteadySweeps : pages_; }

  Op run(model::Kernel& k, unsigned w, unsigned i) override {
    i %= pages_;
    model::kvm& vm = *vms_[w / vcpus_];
    model::gfn_t gfn = (i + (w % vcpus_) * pages_ / vcpus_) % pages_;
    Op op;
    if (model::user_mem_abort(k, *tasks_[w], vm, gfn, false) == 0) {
      model::kvm_pte_t e = k.p().read_once(&vm.stage2[gfn]);
      if (model::kvm_pte_valid(e)) op.touched = k.pfn_to_page(model::kvm_pte_pfn(e));
    }
    return op;
  }

 private:
  bool steady_;
  unsigned vcpus_ = 1, pages_ = 0;
  std::vector<model::kvm*> vms_;
  std::vector<model::task_struct*> tasks_;
};

}  // namespace

std::unique_ptr<Workload> detail::make_vm_startup(bool steady) { return std::make_unique<VmStartupWorkload>(steady); }

model::page* detail::page_of_pte(model::Kernel& k, model::vm_area_struct& vma, unsigned long addr) {
  model::pte_t pte = k.p().read_once(vma.pte_offset(addr));
  return model::pte_present(pte) ? k.pfn_to_page(model::pte_pfn(pte)) : nullptr;
}

std::unique_ptr<Workload> make_workload(const std::string& name) {
  if (name == "vm-startup") return detail::make_vm_startup(false);
  if (name == "steady") return detail::make_vm_startup(true);
  if (name == "shared-storm") return detail::make_shared_storm();
  if (name == "mixed") return detail::make_mixed();
  return nullptr;
}

const std::vector<std::string>& workload_names() {
  static const std::vector<std::string> v{"vm-startup", "shared-storm", "steady", "mixed"};
  return v;
}

}  // namespace tagrace::stress
