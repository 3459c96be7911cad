// page->flags KASAN tag (see kasan.hpp).
#include "model/kasan.hpp"

namespace tagrace::model {

void kasan_alloc_page_tag(const KernelConfig& cfg, page* pg) {
  if (!cfg.kasan_hw_tags) return;
  unsigned tag = cfg.b5_kasan_tag_reset_at_set_pte ? KASAN_TAG_ALLOC : KASAN_TAG_KERNEL;
  pg->flags = (pg->flags & ~(KASAN_TAG_MASK << KASAN_TAG_PGSHIFT)) |
              (static_cast<unsigned long>(tag) << KASAN_TAG_PGSHIFT);
}

unsigned page_kasan_tag(Primitives& p, const page* pg) {
  KFUNC(p, "page_address");  // page_to_virt(): the tag goes into the address
  return static_cast<unsigned>((p.read_once(&pg->flags) >> KASAN_TAG_PGSHIFT) & KASAN_TAG_MASK);
}

void page_kasan_tag_reset(Primitives& p, page* pg) {
  KFUNC(p, "page_kasan_tag_reset");
  unsigned long flags = p.read_once(&pg->flags);
  flags &= ~(KASAN_TAG_MASK << KASAN_TAG_PGSHIFT);
  flags |= static_cast<unsigned long>(KASAN_TAG_KERNEL) << KASAN_TAG_PGSHIFT;
  p.write_once(&pg->flags, flags);
}

void kasan_check_page_read(Primitives& p, const page* pg, const char* what) {
  if (page_kasan_tag(p, pg) == KASAN_TAG_KERNEL) return;
  // The pointer carries KASAN_TAG_ALLOC, which matches the allocation's (STALE) tags only.
  for (unsigned g = 0; g < pg->nr_granules(); ++g)
    p.check(p.tag_load(pg, g, TagRead::KasanCheck) == TAG_STALE, what);
}

}  // namespace tagrace::model
