// FileScenario::setup(): the init commands through the Kernel's setup helpers, then one
// ThreadSpec per thread whose body runs its operations through the model's paths
// (do_mprotect_pkey, do_page_fault, user_mem_abort, swap_out, copy_highpage, ...).
#include "scenarios/file/file_scenario.hpp"

#include <algorithm>
#include <array>

#include "model/model.hpp"
#include "model/paths/huge_memory.hpp"
#include "model/paths/mmap.hpp"
#include "scenarios/file/world.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::file {

using namespace model;

namespace {

void set_tags(page* pg, tag_t v) {
  for (auto& t : pg->tags) t = v;
}

/// `tags` and `set_flag` on a page name apply to every subpage of its compound page.
template <class Fn>
void for_each_subpage(Kernel& k, page* head, Fn fn) {
  for (unsigned i = 0; i < head->compound_nr(); ++i) fn(k.pfn_to_page(head->pfn + i));
}

/// The zero page / huge zero folio as the version leaves it: tags cleared and flagged
/// at boot, except with B15 (PG_mte_lock without PG_mte_tagged) and B16 (the huge zero
/// folio's tags never initialised).
void init_zero_page(Kernel& k, page* head, bool huge) {
  for (unsigned i = 0; i < head->compound_nr(); ++i) {
    page* pg = k.pfn_to_page(head->pfn + i);
    pg->zero_page = true;
    if (huge && k.cfg().b16_huge_zero_folio_untagged) continue;
    if (!huge && k.cfg().b15_zero_page_lock_without_flag) {
      set_tags(pg, TAG_INIT);
      pg->flags |= 1ul << PG_mte_lock;
      continue;
    }
    set_tags(pg, TAG_INIT);
    pg->flags |= (1ul << PG_mte_tagged) | (1ul << PG_mte_lock);
  }
}

void run_init(Kernel& k, const Plan& plan, World& w) {
  for (const PlanOp& op : plan.init) {
    switch (op.code) {
      case OpCode::Memfd: w.memfds.push_back(&k.memfd_create(op.n[0])); break;
      case OpCode::Page:
        w.pages.push_back(k.alloc_pages_setup(static_cast<unsigned>(op.n[0]), op.page_kind, op.flags & kOpHugetlb));
        break;
      case OpCode::ZeroPage:
        w.pages.push_back(k.alloc_pages_setup(static_cast<unsigned>(op.n[0])));
        init_zero_page(k, w.pages.back(), op.n[0] > 1);
        (op.n[0] > 1 ? w.huge_zero_folio : w.zero) = w.pages.back();
        break;
      case OpCode::Pagecache: k.add_to_page_cache(*w.memfds[op.ref[0]], op.n[0], w.pages[op.ref[1]]); break;
      case OpCode::Mm: w.mms.push_back(&k.mm_alloc()); break;
      case OpCode::Mmap: {
        address_space* f = op.backing == VmaBacking::Memfd ? w.memfds[op.obj] : nullptr;
        std::uint64_t base = op.backing == VmaBacking::PfnMap ? w.pages[op.obj]->pfn : 0;
        k.mmap_region(*w.mms[op.ref[0]], op.n[0], op.n[1], op.vm_flags, op.backing, f, op.n[2], base);
        break;
      }
      case OpCode::Map: {
        vm_area_struct* v = k.vma_lookup(*w.mms[op.ref[0]], op.n[0]);
        page* pg = w.pages[op.ref[1]];
        if (op.flags & kOpMigration) *v->pte_offset(op.n[0]) = (pg->pfn << PTE_PFN_SHIFT) | PTE_MIGRATION;
        else k.setup_map(*v, op.n[0], pg, op.flags & kOpWrite);
        break;
      }
      case OpCode::MapSwap: {
        vm_area_struct* v = k.vma_lookup(*w.mms[op.ref[0]], op.n[0]);
        *v->pte_offset(op.n[0]) = swp_entry_to_pte(w.swaps[op.ref[1]]);
        break;
      }
      case OpCode::Vm: w.vms.push_back(&k.kvm_create_vm(op.flags & kOpMte, op.n[0])); break;
      case OpCode::Memslot: k.kvm_set_memory_region(*w.vms[op.ref[0]], op.n[0], *w.mms[op.ref[1]], op.n[1], op.n[2]); break;
      case OpCode::Swap:
        if (op.flags & kOpTags) w.swaps.push_back(k.setup_swap_entry(std::vector<tag_t>(k.granules(), op.tag.value)));
        else w.swaps.push_back(k.get_swap_page().entry);
        break;
      case OpCode::ShmemSwapped: k.setup_shmem_swapped(*w.memfds[op.ref[0]], op.n[0], w.swaps[op.ref[1]]); break;
      case OpCode::Tags: for_each_subpage(k, w.pages[op.ref[0]], [&](page* pg) { set_tags(pg, op.tag.value); }); break;
      case OpCode::SetFlag:
        for_each_subpage(k, w.pages[op.ref[0]], [&](page* pg) { pg->flags |= 1ul << (op.n[0] ? PG_mte_lock : PG_mte_tagged); });
        break;
      default: break;  // thread operations: compile_plan() never puts them here
    }
  }
}

void check_tags(Kernel& k, const PlanOp& op, tag_t v) {
  TagVal want = op.has_expect ? op.expect : TagVal{};
  k.p().check(want.matches(v), op.message.c_str());
}

// KVM_ARM_MTE_COPY_TAGS. The user's buffer lives on the thread's stack: no heap operation
// while threads run, so state snapshots stay usable (a page has at most kMaxGranules
// groups). Out of line, so that the 512-byte buffer is not in run_op()'s frame: every
// snapshot copies each thread's live stack, and most ops are not this one.
[[gnu::noinline]] void copy_tags_write(Kernel& k, task_struct& t, kvm& vm, unsigned long addr,
                                       const PlanOp& op) {
  std::array<tag_t, kMaxGranules> buf;
  std::fill_n(buf.begin(), k.granules(), op.tag.value);
  kvm_vm_ioctl_mte_copy_tags(k, t, vm, addr, buf.data(), true, static_cast<unsigned>(op.count));
}

[[gnu::noinline]] void copy_tags_read(Kernel& k, task_struct& t, kvm& vm, unsigned long addr,
                                      const PlanOp& op) {
  std::array<tag_t, kMaxGranules> buf;
  const unsigned n = k.granules();
  std::fill_n(buf.begin(), n, TAG_STALE);
  if (kvm_vm_ioctl_mte_copy_tags(k, t, vm, addr, buf.data(), false) == 0 && op.has_expect)
    for (unsigned i = 0; i < n; ++i) check_tags(k, op, buf[i]);
}

void run_op(Kernel& k, task_struct& t, kvm* vm, World& w, const PlanOp& op) {
  Primitives& p = k.p();
  unsigned long addr = static_cast<unsigned long>(op.n[0]);
  const unsigned n = k.granules();
  switch (op.code) {
    case OpCode::Mprotect: do_mprotect_pkey(k, t, addr, op.count); break;
    case OpCode::Fault:
    case OpCode::SwapIn: do_page_fault(k, t, addr, op.flags & kOpWrite); break;
    case OpCode::WriteTags:
      for (unsigned g = 0; g < n; ++g)
        if (!user_tag_store(k, t, addr, g, op.tag.value)) return;
      break;
    case OpCode::ReadTags:
      for (unsigned g = 0; g < n; ++g) {
        tag_t v = TAG_STALE;
        if (user_tag_load(k, t, addr, g, &v)) check_tags(k, op, v);
      }
      break;
    case OpCode::WriteReadTags: detail::user_write_read_tags(k, t, addr, op.tag.value); break;
    case OpCode::UserMemAbort: user_mem_abort(k, t, *vm, addr, !(op.flags & kOpNoThp)); break;
    case OpCode::GuestWriteTags:
      for (unsigned g = 0; g < n; ++g)
        if (!guest_tag_store(k, t, *vm, addr, g, op.tag.value)) return;
      break;
    case OpCode::GuestReadTags:
      for (unsigned g = 0; g < n; ++g) {
        tag_t v = TAG_STALE;
        if (guest_tag_load(k, t, *vm, addr, g, &v)) check_tags(k, op, v);
      }
      break;
    case OpCode::GuestWriteReadTags: detail::guest_write_read_tags(k, t, *vm, addr, op.tag.value); break;
    case OpCode::Cow:
      p.down_read(&t.mm->mmap_lock);
      if (vm_area_struct* v = k.vma_lookup(*t.mm, addr)) do_wp_page(k, t, *v, addr);
      p.up_read(&t.mm->mmap_lock);
      break;
    case OpCode::CopyHighpage: copy_highpage(k, t, w.pages[op.ref[0]], w.pages[op.ref[1]]); break;
    case OpCode::SwapOut:
      if (vm_area_struct* v = k.vma_lookup(*t.mm, addr)) swap_out(k, t, *v, addr);
      break;
    case OpCode::CopyTagsWrite: copy_tags_write(k, t, *vm, addr, op); break;
    case OpCode::CopyTagsRead: copy_tags_read(k, t, *vm, addr, op); break;
    case OpCode::RemoveMigrationPte: {
      KFUNC(p, "remove_migration_pte");
      vm_area_struct* v = k.vma_lookup(*t.mm, addr);
      if (!v) return;
      pte_t* ptep = v->pte_offset(addr);
      p.spin_lock(&t.mm->page_table_lock);
      pte_t old = p.read_once(ptep);
      if (is_migration_pte(old)) set_pte_at(k, t, ptep, pfn_pte(pte_pfn(old), vma_pte_attrs(p, *v, true)), old);
      p.spin_unlock(&t.mm->page_table_lock);
      break;
    }
    case OpCode::SanitiseMteTags:
      sanitise_mte_tags(k, t, *vm, w.pages[op.ref[0]], static_cast<unsigned>(op.count));
      break;
    case OpCode::HugeZeroFault:
      p.down_read(&t.mm->mmap_lock);
      if (vm_area_struct* v = k.vma_lookup(*t.mm, addr)) do_huge_pmd_anonymous_page(k, t, *v, addr, w.huge_zero());
      p.up_read(&t.mm->mmap_lock);
      break;
    case OpCode::ThpSplit:
      p.down_read(&t.mm->mmap_lock);
      if (vm_area_struct* v = k.vma_lookup(*t.mm, addr)) split_huge_page_remap_zero(k, t, *v, addr, w.small_zero());
      p.up_read(&t.mm->mmap_lock);
      break;
    case OpCode::MmapOver: do_mmap_fixed_over(k, t, addr, VM_SHARED, pgprot_type::NORMAL); break;
    case OpCode::Munmap: vm_munmap(k, t, addr, op.count); break;
    default: break;  // init commands: compile_plan() never puts them in a thread
  }
}

}  // namespace

const std::vector<std::string>& checker_capabilities() {
  static const std::vector<std::string> caps = {"sc-memory", "weak-memory", "kasan-page-tags",
                                                "stage2-attributes", "liveness", "vma-lifetime"};
  return caps;
}

FileScenario::FileScenario(ScenarioFile f, std::string registry_name, std::vector<std::string> overrides)
    : file_(std::move(f)), registry_name_(std::move(registry_name)), overrides_(std::move(overrides)) {
  if (registry_name_.empty()) registry_name_ = file_.name;
}

std::string FileScenario::summary() const { return file_.summary.empty() ? file_.name : file_.summary; }

std::vector<ParamSpec> FileScenario::params() const {
  std::vector<ParamSpec> v;
  bool granules = false;
  for (const auto& p : file_.params) {
    v.push_back(ParamSpec{p.name, std::to_string(p.def), static_cast<long>(p.min), static_cast<long>(p.max), {}, p.help});
    granules = granules || p.name == "granules";
  }
  if (!granules) {
    long def = 1;
    if (file_.has_granules && file_.granules.terms.size() == 1 && file_.granules.terms[0].var.empty())
      def = static_cast<long>(file_.granules.terms[0].num);
    v.push_back(ParamSpec{"granules", std::to_string(def), 1, 16, {}, "tag granule groups per page"});
  }
  return v;
}

std::vector<std::pair<std::string, std::string>> FileScenario::missing_capabilities() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [cap, why] : file_.requires_) {
    bool have = false;
    for (const auto& c : checker_capabilities()) have = have || c == cap;
    if (!have) out.emplace_back(cap, why);
  }
  return out;
}

const Plan& FileScenario::plan(const Params& p) const {
  std::string key;
  for (const auto& [k, v] : p) key += k + "=" + v + " ";
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = plans_[key];
  if (!slot) {
    std::map<std::string, std::int64_t> env;
    for (const auto& [k, v] : p) env[k] = std::stoll(v);
    ScenarioFile f = file_;
    bool declared = false;
    for (const auto& d : f.params) declared = declared || d.name == "granules";
    if (!declared && p.count("granules")) {  // the implicit parameter overrides the header
      f.has_granules = true;
      f.granules = IntExpr{};
      f.granules.terms.push_back(IntExpr::Term{'+', std::stoll(p.at("granules")), "", {}});
    }
    slot = std::make_unique<Plan>(compile_plan(f, env));
  }
  return *slot;
}

FileScenario::Slot& FileScenario::slot_for(const Kernel& k, const Params& p) const {
  std::lock_guard<std::mutex> lock(mu_);
  Slot* s = nullptr;
  for (const auto& x : slots_)
    if (x->kernel == &k) s = x.get();
  if (!s) s = slots_.emplace_back(std::make_unique<Slot>()).get(), s->kernel = &k;
  if (!s->plan || s->params != p) {
    s->plan = nullptr;  // plan() takes mu_ itself
    s->params = p;
  }
  return *s;
}

std::vector<ThreadSpec> FileScenario::setup(Kernel& k, const Params& params) const {
  std::vector<ThreadSpec> threads;
  setup_into(k, params, threads);
  return threads;
}

void FileScenario::setup_into(Kernel& k, const Params& params, std::vector<ThreadSpec>& threads) const {
  Slot& s = slot_for(k, params);
  if (!s.plan) s.plan = &plan(params);
  const Plan& pl = *s.plan;
  apply_config(k.mutable_cfg(), file_, overrides_);
  k.set_granules(pl.granules);
  World& w = s.world;
  w.clear();
  run_init(k, pl, w);
  // Every context is in place before a body points at one (the vector never moves after).
  s.threads.resize(pl.threads.size());
  for (std::size_t i = 0; i < pl.threads.size(); ++i) {
    const PlanThread& th = pl.threads[i];
    mm_struct* mm = th.mm >= 0 ? w.mms[th.mm] : nullptr;
    s.threads[i] = ThreadCtx{&k, &k.new_task(mm, th.spare), th.vm >= 0 ? w.vms[th.vm] : nullptr, &w, &th};
  }
  // Assigned in place: the strings keep their storage from the last execution.
  threads.resize(s.threads.size());
  for (std::size_t i = 0; i < s.threads.size(); ++i) {
    // One pointer: std::function keeps it inline, no allocation per execution.
    const ThreadCtx* cp = &s.threads[i];
    threads[i].name = cp->plan->name;
    threads[i].context = cp->plan->label;
    threads[i].body = [cp] {
      for (const PlanOp& op : cp->plan->ops) run_op(*cp->k, *cp->t, cp->vm, *cp->w, op);
    };
  }
}

void FileScenario::final_check(Kernel& k, const Params& params) const {
  // A slot's kernel never changes, and only the thread running `k` sets its plan.
  const Slot* s = last_final_.load(std::memory_order_acquire);
  if (!s || s->kernel != &k || !s->plan) {
    s = nullptr;
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& x : slots_)
      if (x->kernel == &k && x->plan) s = x.get();
    if (s) last_final_.store(s, std::memory_order_release);
  }
  (void)params;  // the finals are those of the plan the last setup() on `k` ran
  if (!s) return;  // no setup() on this kernel
  for (const PlanFinal& f : s->plan->finals) {
    bool holds = eval_cond(k, s->world, f.cond);
    k.p().check(f.exists ? !holds : holds, f.message.c_str());
  }
}

}  // namespace tagrace::scenarios::file
