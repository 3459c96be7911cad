// shared-storm and mixed, the stage-1 workloads. shared-storm: P processes map one
// memfd MAP_SHARED, mprotect(PROT_MTE) it and fault every page in the same order, so
// every first touch races across mms. mixed: each process faults fresh anonymous
// VM_MTE pages, takes CoW copies of a shared memfd mapped privately, and swaps pages in.
// With share_nothing each process maps a memfd of its own (the projection's reference).
#include "model/paths/fault.hpp"
#include "model/paths/mprotect.hpp"
#include "bench/stress/workload.hpp"

namespace tagrace::stress {

namespace {

constexpr unsigned long kBase = 0x1000, kSwapBase = 0x100000, kCowBase = 0x200000;

/// A memfd of `pages` pages, all in its page cache.
model::address_space& memfd(model::Kernel& k, unsigned pages) {
  model::address_space& f = k.memfd_create(pages);
  for (unsigned s = 0; s < pages; ++s) k.add_to_page_cache(f, s, k.alloc_pages_setup(1));
  return f;
}

class SharedStormWorkload : public Workload {
 public:
  std::string name() const override { return "shared-storm"; }
  std::string summary() const override {
    return "P processes mprotect(PROT_MTE) and fault one shared memfd region in the same order";
  }
  std::vector<std::string> op_kinds() const override { return {"mprotect", "fault"}; }
  void setup(model::Kernel& k, const WorkloadParams& wp) override {
    pages_ = wp.pages;
    model::address_space* f = &memfd(k, pages_);
    tasks_.clear();
    vmas_.clear();
    for (unsigned w = 0; w < wp.threads; ++w) {
      if (w && wp.share_nothing) f = &memfd(k, pages_);
      model::mm_struct& mm = k.mm_alloc();
      vmas_.push_back(&k.mmap_region(mm, kBase, pages_, model::VM_READ | model::VM_WRITE | model::VM_SHARED,
                                     model::VmaBacking::Memfd, f, 0));
      tasks_.push_back(&k.new_task(&mm, 2));
    }
  }
  unsigned ops(unsigned) const override { return pages_ + 1; }
  Op run(model::Kernel& k, unsigned w, unsigned i) override {
    if (i == 0) {
      model::do_mprotect_pkey(k, *tasks_[w], kBase, pages_);
      return Op{0, nullptr};
    }
    unsigned long addr = kBase + (i - 1);
    model::do_page_fault(k, *tasks_[w], addr, true);
    return Op{1, detail::page_of_pte(k, *vmas_[w], addr)};
  }

 private:
  unsigned pages_ = 0;
  std::vector<model::task_struct*> tasks_;
  std::vector<model::vm_area_struct*> vmas_;
};

class MixedWorkload : public Workload {
 public:
  std::string name() const override { return "mixed"; }
  std::string summary() const override {
    return "fresh anonymous VM_MTE faults, CoW copies of a shared memfd, swap-ins with saved tags";
  }
  std::vector<std::string> op_kinds() const override { return {"fault", "cow", "swapin"}; }
  void setup(model::Kernel& k, const WorkloadParams& wp) override {
    n_ = wp.pages;
    const unsigned long anon = model::VM_READ | model::VM_WRITE | model::VM_MTE;
    model::address_space* f = &memfd(k, n_);
    std::vector<model::tag_t> saved(k.granules(), model::tag_user(1000));
    procs_.clear();
    for (unsigned w = 0; w < wp.threads; ++w) {
      if (w && wp.share_nothing) f = &memfd(k, n_);
      model::mm_struct& mm = k.mm_alloc();
      Proc pr;
      pr.anon = &k.mmap_region(mm, kBase, n_, anon, model::VmaBacking::Anon);
      pr.swap = &k.mmap_region(mm, kSwapBase, n_, anon, model::VmaBacking::Anon);
      pr.cow = &k.mmap_region(mm, kCowBase, n_, anon, model::VmaBacking::Memfd, f, 0);
      for (unsigned j = 0; j < n_; ++j)
        *pr.swap->pte_offset(kSwapBase + j) = model::swp_entry_to_pte(k.setup_swap_entry(saved));
      pr.task = &k.new_task(&mm, 3 * n_ + 2);
      procs_.push_back(pr);
    }
  }
  unsigned ops(unsigned) const override { return 3 * n_; }
  Op run(model::Kernel& k, unsigned w, unsigned i) override {
    Proc& pr = procs_[w];
    unsigned kind = i % 3, j = i / 3;
    model::vm_area_struct& vma = kind == 0 ? *pr.anon : kind == 1 ? *pr.cow : *pr.swap;
    unsigned long addr = vma.vm_start + j;
    model::do_page_fault(k, *pr.task, addr, true);
    return Op{kind, detail::page_of_pte(k, vma, addr)};
  }

 private:
  struct Proc {
    model::task_struct* task = nullptr;
    model::vm_area_struct *anon = nullptr, *swap = nullptr, *cow = nullptr;
  };
  unsigned n_ = 0;
  std::vector<Proc> procs_;
};

}  // namespace

std::unique_ptr<Workload> detail::make_shared_storm() { return std::make_unique<SharedStormWorkload>(); }
std::unique_ptr<Workload> detail::make_mixed() { return std::make_unique<MixedWorkload>(); }

}  // namespace tagrace::stress
