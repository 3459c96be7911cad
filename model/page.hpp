// struct page: the physical page (or folio subpage) whose tags tagrace protects.
// Follows include/linux/page-flags.h and arch/arm64/include/asm/mte.h (v6.2):
// PG_mte_tagged is PG_arch_2, PG_mte_lock is PG_arch_3. Tags are abstract values
// per granule group (page::nr_granules: 1 = the whole page as one unit, up to 256).
#pragma once

#include <cstdint>
#include "model/arena.hpp"
#include "model/primitives.hpp"

namespace tagrace::model {

/// Most tag granule groups a page may have (a 4 KiB page has 256 16-byte granules).
inline constexpr unsigned kMaxGranules = 256;

/// Bit numbers in page::flags (the kernel's names).
enum pageflags : unsigned {
  PG_locked = 0,
  PG_swapcache = 10,
  PG_arch_2 = 28,
  PG_arch_3 = 29,
  PG_mte_tagged = PG_arch_2,
  PG_mte_lock = PG_arch_3,
};

/// Where the memory lives; decides whether it has a struct page, a linear-map
/// address, and whether the hardware stores tags for it.
enum class PageKind : std::uint8_t {
  Normal,         ///< ordinary RAM, ZONE_NORMAL
  Movable,        ///< hot-plugged ZONE_MOVABLE (CXL, coherent GPU memory)
  DeviceFsDax,    ///< ZONE_DEVICE, FS_DAX
  DeviceCoherent, ///< ZONE_DEVICE, DEVICE_COHERENT
  DevicePrivate,  ///< ZONE_DEVICE, DEVICE_PRIVATE
  PfnMap,         ///< no struct page: VM_PFNMAP device memory (VFIO BAR, GPU memory)
};

const char* page_kind_name(PageKind k);

struct page {
  unsigned long flags = 0;   ///< PG_* bits; the only word the bit ops touch
  std::uint64_t pfn = 0;
  PageKind kind = PageKind::Normal;
  bool can_hold_tags = true;  ///< the hardware has tag storage for this memory
  bool zero_page = false;     ///< ZERO_PAGE / huge zero folio
  page* head = nullptr;       ///< compound head (this page when not compound)
  unsigned order = 0;         ///< compound order, on the head only
  /// Number of subpages of the compound page, on the head only (1 << order for kernel
  /// folios; any count in the model, so scenarios can scale a 2 MiB THP down).
  unsigned nr_pages = 1;
  bool hugetlb = false;       ///< a hugetlb folio (v6.13 tags it folio-wide), on the head
  kvector<tag_t> tags;        ///< one abstract tag per granule group; size nr_granules()

  unsigned nr_granules() const { return static_cast<unsigned>(tags.size()); }
  bool is_head() const { return head == this; }
  unsigned compound_nr() const { return head->nr_pages; }
};

}  // namespace tagrace::model
