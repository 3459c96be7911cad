// One point of the stage-2 configuration space of issue 6 (kernel-model.md 1 and 3(c)):
// the memory behind a memslot, the VMA the VMM maps it with, and the VM/CPU features;
// plus what a policy (memslot creation + user_mem_abort(), per kernel version) decides.
// Memory kinds follow include/linux/mmzone.h / memremap.h; VMA bits and pgprot types
// are model/mm.hpp's, with the kernel's names.
#pragma once

#include <cstdint>
#include <string>

#include "model/mm.hpp"
#include "model/primitives.hpp"

namespace tagrace::model::policy {

/// What backs the guest memory.
enum class MemKind : std::uint8_t {
  AnonRam,         ///< ordinary RAM, anonymous (ZONE_NORMAL)
  MemfdRam,        ///< ordinary RAM, shmem/memfd
  HugetlbRam,      ///< ordinary RAM, hugetlbfs
  MovableHotplug,  ///< hot-plugged ZONE_MOVABLE: CXL or coherent GPU memory onlined as RAM
  FsDax,           ///< ZONE_DEVICE MEMORY_DEVICE_FS_DAX (pmem)
  DeviceCoherent,  ///< ZONE_DEVICE MEMORY_DEVICE_COHERENT (HMM-migrated anon pages)
  DevicePrivate,   ///< ZONE_DEVICE MEMORY_DEVICE_PRIVATE (not CPU-addressable)
  PfnMapCacheable, ///< no struct page: VFIO VM_PFNMAP coherent device memory (Grace-Hopper)
  PfnMapMmio,      ///< no struct page: VFIO VM_PFNMAP MMIO BAR
  DriverRamPfnMap, ///< ordinary RAM a driver maps with remap_pfn_range() and an uncached
                   ///< pgprot (pgprot_noncached / writecombine buffers)
};
inline constexpr int kNrMemKinds = 10;
const char* mem_kind_name(MemKind k);

/// Facts about the memory derived from its kind (plus the two free dimensions).
struct MemoryFacts {
  bool struct_page;     ///< pfn_valid(): has a memmap (ZONE_DEVICE too, B17)
  bool memblock;        ///< pfn_is_map_memory(): memblock RAM (boot or hot-plugged)
  bool zone_device;     ///< is_zone_device_page()
  bool online;          ///< pfn_to_online_page() != NULL
  bool must_be_cacheable;  ///< coherent memory used as RAM: Device breaks the guest
};
MemoryFacts memory_facts(MemKind k);

/// One raw configuration.
struct Stage2Config {
  MemKind mem = MemKind::AnonRam;
  bool linear_map = true;     ///< the kernel has a linear-map alias (cache maintenance by VA)
  bool can_hold_tags = true;  ///< the hardware stores MTE tags for this memory
  unsigned long vm_flags = 0; ///< VM_SHARED, VM_PFNMAP, VM_MIXEDMAP, VM_IO, VM_MTE_ALLOWED,
                              ///< VM_ALLOW_ANY_UNCACHED
  bool cow = false;           ///< a private writable mapping (is_cow_mapping())
  pgprot_type prot = pgprot_type::NORMAL;  ///< the VMA's vm_page_prot memory type
  bool kvm_has_mte = false;
  bool stage2_fwb = false;    ///< ARM64_HAS_STAGE2_FWB
  bool ctr_dic = false;       ///< CTR_EL0.DIC: no I-cache invalidation needed

  bool host_cacheable() const {
    return prot == pgprot_type::NORMAL || prot == pgprot_type::NORMAL_TAGGED;
  }
};

/// Memslot creation (kvm_arch_prepare_memory_region()).
struct MemslotResult {
  bool accepted = true;
  std::string why;  ///< reason of -EINVAL
};

/// What user_mem_abort() does on a translation fault of this memslot.
struct FaultResult {
  bool mapped = false;   ///< else -EFAULT
  Stage2Attr attr = Stage2Attr::Device;
  bool sanitised = false;  ///< sanitise_mte_tags() ran before the mapping
  std::string why;       ///< reason of -EFAULT, or the rule that chose attr
};

const char* pgprot_name(pgprot_type t);
const char* stage2_attr_name(Stage2Attr a);
/// "VM_SHARED|VM_PFNMAP" (or "0").
std::string vm_flags_names(unsigned long flags);

}  // namespace tagrace::model::policy
