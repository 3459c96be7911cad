// Stage-1 world objects: pte_t words, vm_area_struct, mm_struct, the shmem/memfd page
// cache (address_space) and task_struct (one simulated CPU's `current`). Follows
// include/linux/mm_types.h and arch/arm64/include/asm/pgtable.h (v6.2) in spirit:
// addresses are page numbers, each VMA owns the ptes of its range, one PTL per mm.
#pragma once

#include <cstdint>
#include <vector>

#include "model/page.hpp"
#include "model/primitives.hpp"

namespace tagrace::model {

/// A stage-1 page table entry. Bits below PTE_PFN_SHIFT are attributes; above, the pfn
/// (present) or the swap offset (swap/migration entries).
using pte_t = unsigned long;
inline constexpr pte_t PTE_VALID = 1ul << 0;      ///< present and user-accessible
inline constexpr pte_t PTE_TAGGED = 1ul << 1;     ///< AttrIndx == MT_NORMAL_TAGGED
inline constexpr pte_t PTE_SPECIAL = 1ul << 2;    ///< pte_special(): zero page, PFNMAP
inline constexpr pte_t PTE_WRITE = 1ul << 3;      ///< writable (else CoW/read-only)
inline constexpr pte_t PTE_SWP = 1ul << 4;        ///< non-present swap entry
inline constexpr pte_t PTE_MIGRATION = 1ul << 5;  ///< non-present migration entry
inline constexpr pte_t PTE_DEVICE = 1ul << 6;     ///< AttrIndx == MT_DEVICE_nGnRE
inline constexpr unsigned PTE_PFN_SHIFT = 8;

inline pte_t pfn_pte(std::uint64_t pfn, pte_t attrs) { return (pfn << PTE_PFN_SHIFT) | attrs | PTE_VALID; }
inline std::uint64_t pte_pfn(pte_t pte) { return pte >> PTE_PFN_SHIFT; }
inline bool pte_none(pte_t pte) { return pte == 0; }
inline bool pte_present(pte_t pte) { return pte & PTE_VALID; }
inline bool pte_tagged(pte_t pte) { return pte & PTE_TAGGED; }
inline bool pte_special(pte_t pte) { return pte & PTE_SPECIAL; }
inline bool pte_write(pte_t pte) { return pte & PTE_WRITE; }
inline bool is_swap_pte(pte_t pte) { return pte & PTE_SWP; }
inline bool is_migration_pte(pte_t pte) { return pte & PTE_MIGRATION; }
inline pte_t swp_entry_to_pte(unsigned long entry) { return (entry << PTE_PFN_SHIFT) | PTE_SWP; }
inline unsigned long pte_to_swp_entry(pte_t pte) { return pte >> PTE_PFN_SHIFT; }

/// vm_flags bits, with the kernel's names and arm64 values (VM_HIGH_ARCH_*).
inline constexpr unsigned long VM_READ = 0x1;
inline constexpr unsigned long VM_WRITE = 0x2;
inline constexpr unsigned long VM_SHARED = 0x8;
inline constexpr unsigned long VM_PFNMAP = 0x400;
inline constexpr unsigned long VM_IO = 0x4000;
inline constexpr unsigned long VM_MIXEDMAP = 0x10000000;
inline constexpr unsigned long VM_MTE = 1ul << 36;          ///< VM_HIGH_ARCH_4: PROT_MTE
inline constexpr unsigned long VM_MTE_ALLOWED = 1ul << 37;  ///< VM_HIGH_ARCH_5
inline constexpr unsigned long VM_ALLOW_ANY_UNCACHED = 1ul << 38;

/// Memory type of a VMA's vm_page_prot (the MAIR index its ptes get).
enum class pgprot_type : unsigned long { NORMAL, NORMAL_TAGGED, NORMAL_NC, DEVICE_nGnRE };

/// What backs a VMA.
enum class VmaBacking : std::uint8_t { Anon, Memfd, PfnMap };

struct mm_struct;
struct address_space;

struct vm_area_struct {
  mm_struct* vm_mm = nullptr;
  unsigned long vm_start = 0;  ///< first page number
  unsigned long vm_end = 0;    ///< one past the last page number
  unsigned long vm_flags = 0;  ///< shared word: mprotect() writes it under mmap_lock
  unsigned long vm_page_prot = 0;  ///< a pgprot_type; shared word like vm_flags
  VmaBacking backing = VmaBacking::Anon;
  address_space* vm_file = nullptr;  ///< Memfd backing
  unsigned long vm_pgoff = 0;        ///< Memfd: file page index of vm_start
  std::uint64_t pfnmap_base = 0;     ///< PfnMap: pfn of vm_start
  kvector<pte_t> ptes;               ///< the page table of [vm_start, vm_end)

  unsigned long nr_pages() const { return vm_end - vm_start; }
  bool contains(unsigned long addr) const { return addr >= vm_start && addr < vm_end; }
  pte_t* pte_offset(unsigned long addr) { return &ptes[addr - vm_start]; }
};

struct mm_struct {
  unsigned id = 0;
  rw_semaphore mmap_lock{0, "mmap_lock"};
  spinlock_t page_table_lock{0, "ptl"};  ///< the PTL of every pte table of this mm
  kvector<vm_area_struct*> vmas;         ///< fixed once setup() returns
};

/// A shmem/memfd page cache slot: 0 (none), a page (pfn) or a swap entry (xa_value).
inline unsigned long xa_mk_page(std::uint64_t pfn) { return (pfn << 2) | 1; }
inline unsigned long xa_mk_swap(unsigned long entry) { return (entry << 2) | 2; }
inline bool xa_is_page(unsigned long e) { return (e & 3) == 1; }
inline bool xa_is_swap(unsigned long e) { return (e & 3) == 2; }
inline unsigned long xa_value(unsigned long e) { return e >> 2; }

/// A memfd (shmem inode) and its page cache.
struct address_space {
  unsigned id = 0;
  spinlock_t i_pages_lock{0, "i_pages"};
  kvector<unsigned long> i_pages;      ///< index -> slot (xa_mk_page / xa_mk_swap)
};

/// One simulated CPU's `current`: its mm and the free pages reserved for the
/// allocations it may make (so pools never grow while threads run, and no allocator
/// state is shared between threads).
struct task_struct {
  unsigned id = 0;
  mm_struct* mm = nullptr;
  kvector<page*> spare;      ///< reserved in setup(); thread-private
  unsigned spare_used = 0;
};

}  // namespace tagrace::model
