// shared-mprotect-vs-fault: B1's shape (kernel-model.md 5). mms share memfd pages
// MAP_SHARED; mm1 has them mapped untagged and mprotect(PROT_MTE)s them (hook under the
// PTL only, no page lock) while every other mm faults them in through a VM_MTE vma
// (hook under the page lock). Then each thread writes its own USER tag and reads back.
// Expected: flag-first FAILS (tag loss and stale exposure); flag-after-init and
// per-mm-lock FAIL (tag loss: double init); global-lock, hashed-lock, pg-mte-lock PASS.
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {
namespace {

using namespace model;

constexpr unsigned long kAddr = 0x100;

class SharedMprotectVsFault : public Scenario {
 public:
  std::string name() const override { return "shared-mprotect-vs-fault"; }
  std::string summary() const override {
    return "mprotect(PROT_MTE) in mm1 against VM_MTE faults in other mms on a MAP_SHARED memfd "
           "page (B1); flag-first, flag-after-init, per-mm-lock fail";
  }
  std::vector<ParamSpec> params() const override {
    return {ParamSpec{"mms", "2", 2, 4, {}, "processes sharing the memfd (mm1 mprotects)"},
            ParamSpec{"pages", "1", 1, 4, {}, "shared pages"}, granules_param()};
  }
  std::vector<ThreadSpec> setup(Kernel& k, const Params& p) const override {
    unsigned mms = static_cast<unsigned>(param_long(p, "mms"));
    unsigned pages = static_cast<unsigned>(param_long(p, "pages"));
    k.set_granules(static_cast<unsigned>(param_long(p, "granules")));
    address_space& f = k.memfd_create(pages);
    for (unsigned i = 0; i < pages; ++i) k.add_to_page_cache(f, i, k.alloc_pages_setup());
    std::vector<ThreadSpec> threads;
    for (unsigned m = 1; m <= mms; ++m) {
      mm_struct& mm = k.mm_alloc();
      bool first = m == 1;
      vm_area_struct& vma =
          k.mmap_region(mm, kAddr, pages, VM_SHARED | (first ? 0 : VM_MTE), VmaBacking::Memfd, &f);
      if (first)
        for (unsigned i = 0; i < pages; ++i) k.setup_map(vma, kAddr + i, k.pfn_to_page(xa_value(f.i_pages[i])), true);
      task_struct* t = &k.new_task(&mm, 0);
      Kernel* kp = &k;
      threads.push_back(ThreadSpec{
          label("T", m - 1),
          label("mm", m, first ? " (mprotect PROT_MTE)" : " (fault, VM_MTE mapping)"),
          [kp, t, first, pages, m] {
            if (first) do_mprotect_pkey(*kp, *t, kAddr, pages);
            for (unsigned i = 0; i < pages; ++i) user_write_read_tags(*kp, *t, kAddr + i, tag_user(m));
          }});
    }
    return threads;
  }
  void final_check(Kernel& k, const Params& p) const override {
    address_space& f = *k.memfds().front();
    for (unsigned long e : f.i_pages)
      check_user_tags_at_end(k, k.pfn_to_page(xa_value(e)), "shared page holds USER tags at the end");
  }
};

}  // namespace

std::shared_ptr<const Scenario> make_shared_mprotect_vs_fault() {
  return std::make_shared<SharedMprotectVsFault>();
}

}  // namespace tagrace::scenarios::detail
