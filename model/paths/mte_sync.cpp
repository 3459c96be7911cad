// set_pte_at() hook and mte_sync_tags() (see mte_sync.hpp). Version switches come from
// KernelConfig: hook condition (v5.14-v6.5 also untagged over swap/migration), restore
// from the old swap pte (..v6.3), B4 (no v5.18 smp_wmb()), B5 (the KASAN tag reset),
// B6, B8, v6.13 hugetlb folios.
#include "model/paths/mte_sync.hpp"

#include "model/kasan.hpp"
#include "model/paths/tag_ops.hpp"

namespace tagrace::model {

namespace {

bool hook_runs(const KernelConfig& cfg, page* pg, pte_t pte, pte_t old_pte) {
  if (!pte_present(pte) || pte_special(pte) || !pg || pg->kind == PageKind::PfnMap) return false;
  if (pte_tagged(pte)) return true;
  return cfg.hook_untagged_over_swap && (is_swap_pte(old_pte) || is_migration_pte(old_pte));
}

/// B5 (v5.11..v6.0, CONFIG_KASAN_HW_TAGS): mte_sync_page_tags() and mte_restore_tags()
/// reset the KASAN tag in page->flags, then smp_wmb(), before the init.
TagInit with_kasan_reset(Kernel& k, TagInit init) {
  if (!k.cfg().kasan_hw_tags || !k.cfg().b5_kasan_tag_reset_at_set_pte) return init;
  Primitives& p = k.p();
  return [&p, init = std::move(init)](page* pg) {
    page_kasan_tag_reset(p, pg);
    p.smp_wmb();  // "doesn't help": a reader may have loaded the old tag already
    init(pg);
  };
}

/// mte_sync_page_tags() for one subpage.
void sync_one(Kernel& k, StrategyCtx& c, page* sub, pte_t old_pte, bool tagged,
              const swap_slot* restore) {
  Primitives& p = k.p();
  if (restore)
    k.strategy().sync_page_tags(c, sub, with_kasan_reset(k, restore_init(p, *restore)));
  else if (tagged)
    k.strategy().sync_page_tags(c, sub, with_kasan_reset(k, clear_init(p)));
  else if (k.cfg().b6_untagged_migration_sets_flag && is_migration_pte(old_pte))
    p.set_bit(PG_mte_tagged, &sub->flags);  // B6: the flag with no init
}

}  // namespace

void mte_sync_tags(Kernel& k, task_struct& t, pte_t old_pte, pte_t pte) {
  Primitives& p = k.p();
  KFUNC(p, "mte_sync_tags");
  const KernelConfig& cfg = k.cfg();
  page* pg = k.pfn_to_page(pte_pfn(pte));
  StrategyCtx c = k.ctx(t);
  bool tagged = pte_tagged(pte);
  if (cfg.hugetlb_folio_tagging && pg->head->hugetlb) {
    if (tagged) {  // folio_try_hugetlb_mte_tagging(): the flag lives on the head
      page* folio = pg->head;
      k.strategy().sync_page_tags(c, folio, [&k, &p](page* head) {
        for (unsigned i = 0; i < head->compound_nr(); ++i)
          mte_clear_page_tags(p, k.pfn_to_page(head->pfn + i));
      });
    }
  } else {
    unsigned nr = pg->is_head() ? pg->compound_nr() : 1;
    const swap_slot* restore = nullptr;
    if (nr == 1 && cfg.hook_restores_from_swap && is_swap_pte(old_pte)) {
      swap_slot* s = k.swap_lookup(pte_to_swp_entry(old_pte));
      if (s && p.read_once(&s->has_tags)) restore = s;
    }
    for (unsigned i = 0; i < nr; ++i) {
      page* sub = k.pfn_to_page(pg->pfn + i);
      if (!cfg.b8_unconditional_set_tagged) {
        sync_one(k, c, sub, old_pte, tagged, restore);
      } else if (!k.strategy().page_tags_valid(c, sub)) {
        sync_one(k, c, sub, old_pte, tagged, restore);
        p.smp_wmb();  // B8: set_page_mte_tagged() whether or not anything was initialised
        p.set_bit(PG_mte_tagged, &sub->flags);
      }
    }
  }
  if (!cfg.b4_no_wmb_before_set_pte) p.smp_wmb();  // v5.18: tags visible before the pte
}

void set_pte_at(Kernel& k, task_struct& t, pte_t* ptep, pte_t pte, pte_t old_pte) {
  Primitives& p = k.p();
  KFUNC(p, "set_pte_at");
  page* pg = pte_present(pte) ? k.pfn_to_page(pte_pfn(pte)) : nullptr;
  if (hook_runs(k.cfg(), pg, pte, old_pte)) mte_sync_tags(k, t, old_pte, pte);
  p.write_once(ptep, pte);
  if (pte_present(pte))
    p.event(Event{pte_tagged(pte) ? EventKind::TaggedPteSet : EventKind::UntaggedPteSet, pg,
                  t.mm ? t.mm->id : 0u});
}

}  // namespace tagrace::model
