// Stale-tag exposure (kernel-model.md 3(b)); see the header for what counts.
#include "checkers/properties/stale_exposure_property.hpp"

#include <fmt/format.h>

namespace tagrace::checkers {

void StaleExposureProperty::on_tag_load(const TagLoadFact& f) {
  // A tag check compares the tags with a pointer tag and returns nothing to anyone.
  if (f.value != model::TAG_STALE || f.why == model::TagRead::KasanCheck) return;
  violation(fmt::format("{} by {} in {}() read STALE tags of {} granule {}: the previous "
                        "owner's tags are exposed",
                        tag_read_name(f.why), ctx_->thread(f.tid), f.fn, ctx_->page_name(f.pg),
                        f.granule));
}

void StaleExposureProperty::check_mapping(const model::page* pg, engine::ThreadId tid,
                                          const char* fn, const char* what) {
  if (!pg || !pg->can_hold_tags) return;
  for (unsigned g = 0; g < pg->nr_granules(); ++g)
    if (pg->tags[g] == model::TAG_STALE)
      violation(fmt::format("{} of {} made visible by {} in {}() while granule {} is still "
                            "STALE (no init happened before the mapping)",
                            what, ctx_->page_name(pg), ctx_->thread(tid), fn, g));
}

void StaleExposureProperty::on_event(const model::Event& ev, engine::ThreadId tid,
                                     const char* fn) {
  if (ev.kind == model::EventKind::TaggedPteSet) {
    check_mapping(ev.pg, tid, fn, "tagged pte");
  } else if (ev.kind == model::EventKind::Stage2Map &&
             static_cast<model::Stage2Attr>(ev.arg) == model::Stage2Attr::NormalWB) {
    const bool mte = ev.arg2 < ctx_->vm_has_mte.size() && ctx_->vm_has_mte[ev.arg2];
    if (mte) check_mapping(ev.pg, tid, fn, "Normal-WB stage-2 entry in an MTE guest");
  }
}

void StaleExposureProperty::at_end() {
  for (const auto* pg : ctx_->pages) {
    if (!pg->can_hold_tags || !(pg->flags & (1ul << model::PG_mte_tagged))) continue;
    for (unsigned g = 0; g < pg->nr_granules(); ++g)
      if (pg->tags[g] == model::TAG_STALE)
        violation(fmt::format("PG_mte_tagged is set on {} but granule {} was never "
                              "initialised: the next tagged mapping exposes stale tags",
                              ctx_->page_name(pg), g));
  }
}

}  // namespace tagrace::checkers
