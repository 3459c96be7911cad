// The KASAN tag in page->flags (include/linux/mm.h, CONFIG_KASAN_HW_TAGS, v5.11+): the
// pointer tag page_address() puts on a page's linear-map address, so the kernel's own
// loads and stores through that address are tag-checked like user ones. B5: v5.11..v6.0
// reset it in set_pte_at() (mte_sync_page_tags(), mte_restore_tags(), copy_highpage())
// with a plain read-modify-write of the whole flags word; v6.1 resets it at allocation
// ("arm64: kasan: Revert "arm64: mte: reset the page tag in page->flags"", with the
// post_alloc_hook() reset of "mm: kasan: Skip unpoisoning of user pages").
// Deviation: the random allocation tag is one fixed value, KASAN_TAG_ALLOC.
#pragma once

#include "model/kernel_config.hpp"
#include "model/page.hpp"
#include "model/primitives.hpp"

namespace tagrace::model {

inline constexpr unsigned KASAN_TAG_PGSHIFT = 48;  ///< above every PG_ bit the model uses
inline constexpr unsigned long KASAN_TAG_MASK = 0xff;
inline constexpr unsigned KASAN_TAG_KERNEL = 0xff;  ///< match-all: checks nothing
/// The tag kasan_alloc_pages() drew for the page; its memory tags carry the same value,
/// which for MTE is STALE: a pointer with this tag matches STALE granules only.
inline constexpr unsigned KASAN_TAG_ALLOC = 0xf3;

/// The tag an allocation leaves in page->flags (no scheduling point: nobody else can
/// see the page yet): KASAN_TAG_ALLOC with B5, else KASAN_TAG_KERNEL (post_alloc_hook()
/// resets it for user pages). Nothing without CONFIG_KASAN_HW_TAGS.
void kasan_alloc_page_tag(const KernelConfig& cfg, page* pg);

/// page_kasan_tag(): READ_ONCE(page->flags) >> KASAN_TAG_PGSHIFT.
unsigned page_kasan_tag(Primitives& p, const page* pg);

/// page_kasan_tag_reset() as v5.11..v6.0 wrote it: a plain load and store of the whole
/// flags word. A set_bit() by another CPU between the two is lost, and a reader that
/// loaded the old tag first keeps it: no barrier orders a load that already happened.
void page_kasan_tag_reset(Primitives& p, page* pg);

/// A kernel load from page_address(pg) (copy_page()'s source): the hardware compares
/// the pointer tag with every granule's tag; a mismatch is a tag-check fault, which
/// KASAN reports (check() fails: an assertion). Match-all reads no tags at all.
void kasan_check_page_read(Primitives& p, const page* pg, const char* what);

}  // namespace tagrace::model
