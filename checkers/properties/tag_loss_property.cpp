// Tag loss: a second init, or an init over a user-written tag (kernel-model.md 3(a)).
#include "checkers/properties/tag_loss_property.hpp"

#include <fmt/format.h>

namespace tagrace::checkers {

namespace {
bool is_init(model::TagWrite w) {
  return w == model::TagWrite::InitClear || w == model::TagWrite::InitRestore ||
         w == model::TagWrite::InitCopy;
}
}  // namespace

void TagLossProperty::on_execution_begin(const PropertyContext& ctx) {
  Property::on_execution_begin(ctx);
  table_.reset(ctx.pages);
}

void TagLossProperty::on_event(const model::Event& ev, engine::ThreadId, const char*) {
  if (ev.kind == model::EventKind::PageAlloc || ev.kind == model::EventKind::PageFree)
    table_.reset_page(ev.pg);
}

void TagLossProperty::on_tag_store(const TagStoreFact& f) {
  State* s = table_.find(f.pg, f.granule);
  if (!s) return;
  if (!is_init(f.why)) {
    s->writer_tid = f.tid;
    s->writer_fn = f.fn;
    return;
  }
  if (model::tag_is_user(f.old_value) && f.new_value != f.old_value)
    violation(fmt::format(
        "{} in {}() by {} overwrote {} of {} granule {} written by {} in {}(): the user's tags "
        "are lost",
        tag_write_name(f.why), f.fn, ctx_->thread(f.tid), tag_value_name(f.old_value),
        ctx_->page_name(f.pg), f.granule, ctx_->thread(s->writer_tid),
        s->writer_fn ? s->writer_fn : "?"));
  if (s->inits > 0)
    violation(fmt::format(
        "second init of {} granule {}: {} in {}() by {}, already initialised in {}() by {} "
        "(at most one init per allocation lifetime)",
        ctx_->page_name(f.pg), f.granule, tag_write_name(f.why), f.fn, ctx_->thread(f.tid),
        s->init_fn ? s->init_fn : "?", ctx_->thread(s->init_tid)));
  ++s->inits;
  s->init_tid = f.tid;
  s->init_fn = f.fn;
}

}  // namespace tagrace::checkers
