// ScenarioProgram: the bridge from a scenario to the engine (see the header).
#include "app/scenario_program.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace tagrace::app {

/// Counts executions in which the kernel refused the configuration.
class ScenarioProgram::RefusalCounter : public checkers::Property {
 public:
  explicit RefusalCounter(std::uint64_t& n) : n_(n) {}
  const char* name() const override { return "refusal-counter"; }
  unsigned hooks() const override { return kOnEvent | kState; }
  void on_execution_begin(const checkers::PropertyContext& ctx) override {
    Property::on_execution_begin(ctx);
    counted_ = false;
  }
  void save_state(model::StateBuffer& out) const override { out.put(counted_); }
  /// An execution restored past a refusal contains it: it counts.
  void restore_state(model::StateBuffer& in) override {
    in.get(counted_);
    if (counted_) ++n_;
  }
  void on_event(const model::Event& ev, engine::ThreadId, const char*) override {
    if (counted_) return;
    if (ev.kind == model::EventKind::FaultRefused || ev.kind == model::EventKind::MemslotRefused) {
      ++n_;
      counted_ = true;
    }
  }

 private:
  std::uint64_t& n_;
  bool counted_ = false;
};

/// Notes tag data moving between pages (copy_highpage(), migration) or through the swap
/// tag store (mte_save_tags()/mte_restore_tags()): the per-page decomposition assumes
/// none (app/decomposition.hpp) and runs the full search when one is seen.
class ScenarioProgram::FlowDetector : public checkers::Property {
 public:
  explicit FlowDetector(std::string& where) : where_(where) {}
  const char* name() const override { return "cross-page-flow"; }
  unsigned hooks() const override { return kOnTagLoad | kOnTagStore; }
  void on_tag_load(const checkers::TagLoadFact& f) override {
    if (f.why == model::TagRead::SwapSave || f.why == model::TagRead::CopySource) note(f.fn);
  }
  void on_tag_store(const checkers::TagStoreFact& f) override {
    if (f.why == model::TagWrite::InitRestore || f.why == model::TagWrite::InitCopy) note(f.fn);
  }

 private:
  void note(const char* fn) {
    if (where_.empty()) where_ = fn ? fn : "?";
  }
  std::string& where_;
};

ScenarioProgram::ScenarioProgram(std::shared_ptr<const scenarios::Scenario> scenario,
                                 model::Params sparams,
                                 std::unique_ptr<model::TagSyncStrategy> strategy,
                                 model::KernelConfig cfg,
                                 const std::vector<std::string>& properties)
    : scenario_(std::move(scenario)),
      params_(std::move(sparams)),
      strategy_(std::move(strategy)),
      cfg_(std::move(cfg)) {
  kernel_ = std::make_unique<model::Kernel>(prims_, cfg_, *strategy_);
  std::vector<checkers::Property*> raw;
  for (const auto& name : properties) {
    auto p = checkers::make_property(name);
    if (!p) throw std::invalid_argument("unknown property '" + name + "'");
    raw.push_back(p.get());
    props_.push_back(std::move(p));
  }
  refusal_counter_ = std::make_unique<RefusalCounter>(refusals_);
  raw.push_back(refusal_counter_.get());
  flow_detector_ = std::make_unique<FlowDetector>(cross_page_flow_);
  raw.push_back(flow_detector_.get());
  prims_.set_properties(raw);
  prims_.set_namer([this](const void* obj) { return name_of(obj); });
}

std::string ScenarioProgram::name_of(const void* obj) const {
  for (const auto* pg : ctx_.pages)
    if (obj == &pg->flags) return fmt::format("page pfn {:#x}", pg->pfn);
  auto within = [obj](const auto& vec) {
    auto* p = static_cast<const char*>(obj);
    auto* b = reinterpret_cast<const char*>(vec.data());
    return !vec.empty() && p >= b && p < b + vec.size() * sizeof(vec[0]);
  };
  for (auto* mm : kernel_->mms()) {
    if (obj == &mm->mmap_lock) return fmt::format("mm{}->mmap_lock", mm->id);
    if (obj == &mm->page_table_lock) return fmt::format("mm{} ptl", mm->id);
    for (auto* vma : mm->vmas) {
      if (obj == &vma->vm_flags) return fmt::format("mm{} vma->vm_flags", mm->id);
      if (obj == &vma->vm_page_prot) return fmt::format("mm{} vma->vm_page_prot", mm->id);
      if (within(vma->ptes)) {
        auto idx = static_cast<const model::pte_t*>(obj) - vma->ptes.data();
        return fmt::format("pte mm{} va {:#x}", mm->id, (vma->vm_start + idx) << 12);
      }
    }
  }
  for (auto* vm : kernel_->vms()) {
    if (obj == &vm->mmu_lock) return fmt::format("vm{} kvm->mmu_lock", vm->id);
    if (obj == &vm->mmu_invalidate_seq) return fmt::format("vm{} mmu_invalidate_seq", vm->id);
    if (obj == &vm->mmu_invalidate_in_progress)
      return fmt::format("vm{} mmu_invalidate_in_progress", vm->id);
    if (within(vm->stage2)) {
      auto gfn = static_cast<const model::kvm_pte_t*>(obj) - vm->stage2.data();
      return fmt::format("stage-2 vm{} gfn {:#x}", vm->id, gfn);
    }
  }
  for (unsigned long entry = 1; model::swap_slot* s = kernel_->swap_lookup(entry); ++entry) {
    if (obj == &s->has_tags) return fmt::format("swap slot {} has_tags", entry);
    if (obj == &s->swap_map) return fmt::format("swap slot {} swap_map", entry);
  }
  for (auto* f : kernel_->memfds()) {
    if (obj == &f->i_pages_lock) return fmt::format("memfd{} i_pages lock", f->id);
    if (within(f->i_pages))
      return fmt::format("memfd{} page cache index {}",
                         f->id, static_cast<const unsigned long*>(obj) - f->i_pages.data());
  }
  return "";
}

engine::Program ScenarioProgram::program() {
  engine::Program prog;
  // Setup is deterministic (same objects at the same addresses every execution, which
  // the engine's replay re-checks), so the labels, the page list and the VMs' MTE flags
  // are built on the first execution of each exploration only.
  context_ready_ = false;
  prog.reset = [this] {
    kernel_->reset();  // resets the strategy too
    prims_.begin_setup();
    scenario_->setup_into(*kernel_, params_, threads_);
    if (!context_ready_) {
      build_context();
      context_ready_ = true;
    }
    prims_.begin_threads(ctx_);
  };
  prog.threads = [this] {
    std::vector<std::function<void()>> bodies;
    bodies.reserve(threads_.size());
    // threads_ is rebuilt by the next reset(): the bodies can be moved, not copied.
    for (auto& t : threads_) bodies.push_back(std::move(t.body));
    return bodies;
  };
  prog.final_check = [this] {
    prims_.end_threads();
    scenario_->final_check(*kernel_, params_);
  };
  model::StateBuffer probe;
  if (scenario_->state_in_kernel() && prims_.can_save_state() && strategy_->save_state(probe)) {
    prog.save_state = [this](std::size_t slot) {
      if (saved_.size() <= slot) saved_.resize(slot + 1);
      model::StateBuffer& s = saved_[slot];
      s.clear();
      kernel_->save_state(s);
      strategy_->save_state(s);
      prims_.save_state(s);
    };
    prog.restore_state = [this](std::size_t slot) {
      model::StateBuffer& s = saved_[slot];
      s.rewind();
      kernel_->restore_state(s);
      strategy_->restore_state(s);
      prims_.restore_state(s);
    };
  }
  return prog;
}

void ScenarioProgram::build_context() {
  ctx_.thread_labels.clear();
  for (std::size_t i = 0; i < threads_.size(); ++i)
    ctx_.thread_labels.push_back(
        fmt::format("{} {}", threads_[i].name.empty() ? fmt::format("T{}", i) : threads_[i].name,
                    threads_[i].context));
  ctx_.pages.clear();
  for (auto* pg : kernel_->pages()) ctx_.pages.push_back(pg);
  ctx_.vm_has_mte.clear();
  for (auto* vm : kernel_->vms()) {
    if (ctx_.vm_has_mte.size() <= vm->id) ctx_.vm_has_mte.resize(vm->id + 1, false);
    ctx_.vm_has_mte[vm->id] = model::kvm_has_mte(*vm);
  }
}

std::int32_t ScenarioProgram::location_class(engine::LocKey loc) const {
  // Memoised by the engine per location: a linear scan is fine.
  auto folio_of = [this](const model::page* pg) {
    std::int32_t i = 0;
    for (const auto* h : ctx_.pages) {
      if (!h->is_head()) continue;
      if (h == pg->head) return i;
      ++i;
    }
    return -1;
  };
  for (const auto* pg : ctx_.pages) {
    if (loc == reinterpret_cast<engine::LocKey>(&pg->flags)) return folio_of(pg);
    const auto b = reinterpret_cast<engine::LocKey>(pg->tags.data());
    if (!pg->tags.empty() && loc >= b && loc < b + pg->tags.size() * sizeof(pg->tags[0]))
      return folio_of(pg);
  }
  return -1;
}

std::uint32_t ScenarioProgram::folio_count() const {
  std::uint32_t n = 0;
  for (const auto* pg : ctx_.pages) n += pg->is_head();
  return n;
}

engine::ExploreResult ScenarioProgram::explore(const engine::ExploreOptions& opts) {
  prims_.set_trace(nullptr);
  refusals_ = 0;
  cross_page_flow_.clear();
  return engine::explore(program(), opts);
}

engine::ExploreResult ScenarioProgram::replay(const std::vector<engine::ThreadId>& schedule,
                                              checkers::Trace* trace) {
  engine::ExploreOptions opts;
  opts.search = engine::SearchKind::Replay;
  opts.schedule = schedule;
  prims_.set_trace(trace);
  auto r = engine::explore(program(), opts);
  prims_.set_trace(nullptr);
  if (trace) trace->thread_labels = ctx_.thread_labels;
  return r;
}

}  // namespace tagrace::app
