// Final-state conditions of exists/forall clauses and the KernelConfig knobs of a file.
// A page reference whose mapping is absent makes every page predicate false.
#include "scenarios/file/world.hpp"

namespace tagrace::scenarios::file {

using namespace model;

namespace {

page* resolve_page(Kernel& k, const World& w, const PlanRef& r) {
  switch (r.kind) {
    case ObjKind::Page: return w.pages[r.obj];
    case ObjKind::Mm: {
      vm_area_struct* v = k.vma_lookup(*w.mms[r.obj], static_cast<unsigned long>(r.index));
      if (!v) return nullptr;
      pte_t pte = *v->pte_offset(static_cast<unsigned long>(r.index));
      return pte_present(pte) ? k.pfn_to_page(pte_pfn(pte)) : nullptr;
    }
    case ObjKind::Vm: {
      kvm_pte_t e = w.vms[r.obj]->stage2.at(static_cast<std::size_t>(r.index));
      return kvm_pte_valid(e) ? k.pfn_to_page(kvm_pte_pfn(e)) : nullptr;
    }
    case ObjKind::Memfd: {
      unsigned long e = w.memfds[r.obj]->i_pages.at(static_cast<std::size_t>(r.index));
      return xa_is_page(e) ? k.pfn_to_page(xa_value(e)) : nullptr;
    }
    case ObjKind::Swap: return nullptr;
  }
  return nullptr;
}

pte_t resolve_pte(Kernel& k, const World& w, const PlanRef& r) {
  vm_area_struct* v = k.vma_lookup(*w.mms[r.obj], static_cast<unsigned long>(r.index));
  return v ? *v->pte_offset(static_cast<unsigned long>(r.index)) : 0;
}

}  // namespace

bool eval_cond(Kernel& k, const World& w, const PlanCond& c) {
  switch (c.kind) {
    case Cond::And:
      for (const auto& x : c.kids)
        if (!eval_cond(k, w, x)) return false;
      return true;
    case Cond::Or:
      for (const auto& x : c.kids)
        if (eval_cond(k, w, x)) return true;
      return false;
    case Cond::Not: return !eval_cond(k, w, c.kids.at(0));
    case Cond::Pred: break;
  }
  const bool eq = c.eq;
  switch (c.code) {
    case CondPred::PtePresent: return pte_present(resolve_pte(k, w, c.refs[0]));
    case CondPred::PteTagged: {
      pte_t pte = resolve_pte(k, w, c.refs[0]);
      return pte_present(pte) && pte_tagged(pte);
    }
    case CondPred::PteWrite: {
      pte_t pte = resolve_pte(k, w, c.refs[0]);
      return pte_present(pte) && pte_write(pte);
    }
    case CondPred::PteNone: return pte_none(resolve_pte(k, w, c.refs[0]));
    case CondPred::IsSwapPte: return is_swap_pte(resolve_pte(k, w, c.refs[0]));
    case CondPred::Stage2: {
      kvm_pte_t e = w.vms[c.refs[0].obj]->stage2.at(static_cast<std::size_t>(c.refs[0].index));
      Stage2Want have = !kvm_pte_valid(e)                           ? Stage2Want::None
                        : kvm_pte_attr(e) == Stage2Attr::NormalWB ? Stage2Want::NormalWB
                        : kvm_pte_attr(e) == Stage2Attr::NormalNC ? Stage2Want::NormalNC
                                                                  : Stage2Want::Device;
      return (have == c.want) == eq;
    }
    case CondPred::SwapHasTags: {
      swap_slot* s = k.swap_lookup(w.swaps[c.refs[0].obj]);
      return s && s->has_tags;
    }
    default: break;  // page predicates
  }
  page* pg = resolve_page(k, w, c.refs[0]);
  if (!pg) return false;
  switch (c.code) {
    case CondPred::PgMteTagged: return pg->flags & (1ul << PG_mte_tagged);
    case CondPred::PgMteLock: return pg->flags & (1ul << PG_mte_lock);
    case CondPred::TagsInitialised:
      return (pg->flags & (1ul << PG_mte_tagged)) || k.strategy().name() == "no-flag";
    case CondPred::SamePage: return pg == resolve_page(k, w, c.refs[1]);
    case CondPred::Tag: return c.tag.matches(pg->tags.at(static_cast<std::size_t>(c.granule))) == eq;
    default: break;
  }
  // tags(P) == X: every granule matches; tags(P) != X: no granule matches.
  for (tag_t t : pg->tags)
    if (c.tag.matches(t) != eq) return false;
  return true;
}

namespace {

struct Knob {
  const char* key;
  const char* values;
  void (*set)(KernelConfig&, const std::string&);
};

const Knob kKnobs[] = {
    {"device_check", "pfn_valid, pfn_is_map_memory",
     [](KernelConfig& c, const std::string& v) { c.device_check = v == "pfn_valid" ? DeviceCheck::PfnValid : DeviceCheck::PfnIsMapMemory; }},
    {"kvm_shared_check", "none, vm_shared, vm_mte_allowed",
     [](KernelConfig& c, const std::string& v) {
       c.kvm_shared_check = v == "none" ? KvmSharedCheck::None : v == "vm_shared" ? KvmSharedCheck::VmShared : KvmSharedCheck::VmMteAllowed;
     }},
    {"mmu_lock_shared", "on, off", [](KernelConfig& c, const std::string& v) { c.mmu_lock_shared = v == "on"; }},
    {"alloc_time_tagging", "on, off", [](KernelConfig& c, const std::string& v) { c.alloc_time_tagging = v == "on"; }},
    {"hook_untagged_over_swap", "on, off", [](KernelConfig& c, const std::string& v) { c.hook_untagged_over_swap = v == "on"; }},
    {"hook_restores_from_swap", "on, off", [](KernelConfig& c, const std::string& v) { c.hook_restores_from_swap = v == "on"; }},
    {"swap_restore_before_swap_free", "on, off",
     [](KernelConfig& c, const std::string& v) { c.swap_restore_before_swap_free = v == "on"; }},
    {"mte_sync_wmb", "on, off",  // the same switch as the bug variant b4_no_wmb_before_set_pte
     [](KernelConfig& c, const std::string& v) { c.b4_no_wmb_before_set_pte = v == "off"; }},
    {"kasan_hw_tags", "on, off", [](KernelConfig& c, const std::string& v) { c.kasan_hw_tags = v == "on"; }},
    {"hugetlb_folio_tagging", "on, off", [](KernelConfig& c, const std::string& v) { c.hugetlb_folio_tagging = v == "on"; }},
};

}  // namespace

bool valid_config(const std::string& key, const std::string& value, std::string& valid) {
  valid.clear();
  for (const auto& kn : kKnobs) {
    if (key != kn.key) continue;
    valid = kn.values;
    std::string vals = std::string(kn.values) + ",";
    return vals.find(value + ",") != std::string::npos && !value.empty();
  }
  for (const auto& kn : kKnobs) {
    if (!valid.empty()) valid += ", ";
    valid += kn.key;
  }
  valid = "fields: " + valid;
  return false;
}

void apply_config(KernelConfig& cfg, const ScenarioFile& f, const std::vector<std::string>& overrides) {
  for (const auto& [name, on] : f.variants) set_bug_variant(cfg, name, on);
  for (const auto& o : overrides) set_bug_variant(cfg, o.substr(1), o[0] == '+');
  for (const auto& [key, value] : f.config)
    for (const auto& kn : kKnobs)
      if (key == kn.key) kn.set(cfg, value);
}

}  // namespace tagrace::scenarios::file
