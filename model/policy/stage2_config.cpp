// Names and derived memory facts of the stage-2 configuration space (stage2_config.hpp).
// pfn_is_map_memory() is true for memblock RAM, which includes hot-plugged memory
// (add_memory_resource() -> memblock_add_node() on arm64); ZONE_DEVICE is never memblock.
#include "model/policy/stage2_config.hpp"

#include <utility>

namespace tagrace::model::policy {

const char* mem_kind_name(MemKind k) {
  switch (k) {
    case MemKind::AnonRam: return "RAM anon";
    case MemKind::MemfdRam: return "RAM shmem/memfd";
    case MemKind::HugetlbRam: return "RAM hugetlb";
    case MemKind::MovableHotplug: return "ZONE_MOVABLE CXL/GPU";
    case MemKind::FsDax: return "ZONE_DEVICE FS_DAX";
    case MemKind::DeviceCoherent: return "ZONE_DEVICE COHERENT";
    case MemKind::DevicePrivate: return "ZONE_DEVICE PRIVATE";
    case MemKind::PfnMapCacheable: return "no struct page GPU";
    case MemKind::PfnMapMmio: return "no struct page MMIO";
    case MemKind::DriverRamPfnMap: return "RAM driver PFNMAP";
  }
  return "?";
}

MemoryFacts memory_facts(MemKind k) {
  switch (k) {
    case MemKind::AnonRam:
    case MemKind::MemfdRam:
    case MemKind::HugetlbRam: return {true, true, false, true, true};
    case MemKind::MovableHotplug: return {true, true, false, true, true};
    case MemKind::FsDax: return {true, false, true, false, true};
    case MemKind::DeviceCoherent: return {true, false, true, false, true};
    case MemKind::DevicePrivate: return {true, false, true, false, false};
    case MemKind::PfnMapCacheable: return {false, false, false, false, true};
    case MemKind::PfnMapMmio: return {false, false, false, false, false};
    case MemKind::DriverRamPfnMap: return {true, true, false, true, false};
  }
  return {};
}

const char* pgprot_name(pgprot_type t) {
  switch (t) {
    case pgprot_type::NORMAL: return "NORMAL";
    case pgprot_type::NORMAL_TAGGED: return "NORMAL_TAGGED";
    case pgprot_type::NORMAL_NC: return "NORMAL_NC";
    case pgprot_type::DEVICE_nGnRE: return "DEVICE_nGnRE";
  }
  return "?";
}

const char* stage2_attr_name(Stage2Attr a) {
  switch (a) {
    case Stage2Attr::NormalWB: return "Normal-WB";
    case Stage2Attr::NormalNC: return "Normal-NC";
    case Stage2Attr::Device: return "Device";
  }
  return "?";
}

std::string vm_flags_names(unsigned long flags) {
  static const std::pair<unsigned long, const char*> names[] = {
      {VM_SHARED, "VM_SHARED"},           {VM_PFNMAP, "VM_PFNMAP"},
      {VM_MIXEDMAP, "VM_MIXEDMAP"},       {VM_IO, "VM_IO"},
      {VM_MTE_ALLOWED, "VM_MTE_ALLOWED"}, {VM_ALLOW_ANY_UNCACHED, "VM_ALLOW_ANY_UNCACHED"}};
  std::string s;
  for (const auto& [bit, name] : names)
    if (flags & bit) {
      if (!s.empty()) s += '|';
      s += name;
    }
  return s.empty() ? "0" : s;
}

}  // namespace tagrace::model::policy
