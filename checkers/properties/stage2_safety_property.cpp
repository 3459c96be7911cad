// Stage-2 safety at map time (kernel-model.md 3(c)).
#include "checkers/properties/stage2_safety_property.hpp"

#include <fmt/format.h>

namespace tagrace::checkers {

void Stage2SafetyProperty::on_event(const model::Event& ev, engine::ThreadId tid,
                                    const char* fn) {
  if (ev.kind != model::EventKind::Stage2Map || !ev.pg) return;
  if (static_cast<model::Stage2Attr>(ev.arg) != model::Stage2Attr::NormalWB) return;
  const bool mte = ev.arg2 < ctx_->vm_has_mte.size() && ctx_->vm_has_mte[ev.arg2];
  if (!mte) return;
  const model::page* pg = ev.pg;
  const bool ram = pg->kind == model::PageKind::Normal || pg->kind == model::PageKind::Movable;
  if (!pg->can_hold_tags || !ram)
    violation(fmt::format("{} in {}() mapped {} ({}, {}) Normal-WB at stage 2 in MTE vm{}: "
                          "the guest can use tags the memory cannot hold",
                          ctx_->thread(tid), fn, ctx_->page_name(pg),
                          model::page_kind_name(pg->kind),
                          pg->can_hold_tags ? "tag storage" : "no tag storage", ev.arg2));
}

}  // namespace tagrace::checkers
