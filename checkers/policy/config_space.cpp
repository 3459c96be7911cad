// The realisable configurations (config_space.hpp). The rules per memory kind, with
// their kernel source: anon/shmem VMAs get VM_MTE_ALLOWED from arch_calc_vm_flag_bits();
// hugetlb only from v6.13 (so both); DAX files never (nor VM_MIXEDMAP since v4.15);
// VFIO sets VM_PFNMAP|VM_IO and MAP_SHARED, vfio-pci VM_ALLOW_ANY_UNCACHED (v6.8); other
// drivers insert struct-page-less pfns with VM_MIXEDMAP; PROT_MTE needs VM_MTE_ALLOWED.
// ZONE_DEVICE FS_DAX/COHERENT get a linear map from memremap_pages(); PRIVATE does not.
// Drivers may remap_pfn_range() ordinary RAM uncached (VM_PFNMAP|VM_IO, shared).
#include "checkers/policy/config_space.hpp"

namespace tagrace::checkers::policy {

using namespace model;
using namespace model::policy;

namespace {

struct KindRules {
  std::vector<bool> linear, tags;
  std::vector<unsigned long> fixed_flags;  ///< alternatives for the kind-specific VMA flags
  std::vector<pgprot_type> prots;
  bool can_be_private;  ///< MAP_PRIVATE possible (then COW or not)
};

KindRules rules(MemKind k) {
  using P = pgprot_type;
  const std::vector<P> ram = {P::NORMAL, P::NORMAL_TAGGED};
  switch (k) {
    case MemKind::AnonRam:
    case MemKind::MemfdRam: return {{true}, {true}, {VM_MTE_ALLOWED}, ram, true};
    case MemKind::HugetlbRam: return {{true}, {true}, {0, VM_MTE_ALLOWED}, ram, true};
    case MemKind::MovableHotplug: return {{true}, {true, false}, {VM_MTE_ALLOWED}, ram, true};
    case MemKind::FsDax: return {{true}, {true, false}, {0}, {P::NORMAL}, true};
    case MemKind::DeviceCoherent: return {{true}, {true, false}, {VM_MTE_ALLOWED}, ram, true};
    case MemKind::DevicePrivate: return {{false}, {false}, {VM_MTE_ALLOWED}, ram, true};
    case MemKind::PfnMapCacheable:
      return {{false}, {true, false}, {VM_PFNMAP | VM_IO, VM_PFNMAP | VM_IO | VM_ALLOW_ANY_UNCACHED, VM_MIXEDMAP | VM_IO},
              {P::NORMAL, P::NORMAL_NC, P::DEVICE_nGnRE}, false};
    case MemKind::PfnMapMmio:
      return {{false}, {false}, {VM_PFNMAP | VM_IO, VM_PFNMAP | VM_IO | VM_ALLOW_ANY_UNCACHED, VM_MIXEDMAP | VM_IO},
              {P::NORMAL_NC, P::DEVICE_nGnRE}, false};
    case MemKind::DriverRamPfnMap:  // remap_pfn_range() of RAM with an uncached pgprot
      return {{true}, {true}, {VM_PFNMAP | VM_IO}, {P::NORMAL_NC, P::DEVICE_nGnRE}, false};
  }
  return {};
}

std::vector<Stage2Config> build() {
  std::vector<Stage2Config> out;
  for (int ki = 0; ki < kNrMemKinds; ++ki) {
    const MemKind k = static_cast<MemKind>(ki);
    const KindRules r = rules(k);
    for (bool linear : r.linear)
      for (bool tags : r.tags)
        for (unsigned long fixed : r.fixed_flags)
          for (int mode = 0; mode < 3; ++mode) {  // MAP_SHARED, MAP_PRIVATE, MAP_PRIVATE+COW
            if (mode > 0 && !r.can_be_private) continue;
            for (pgprot_type prot : r.prots) {
              if (prot == pgprot_type::NORMAL_TAGGED && !(fixed & VM_MTE_ALLOWED)) continue;
              for (int vm = 0; vm < 8; ++vm) {
                Stage2Config c;
                c.mem = k;
                c.linear_map = linear;
                c.can_hold_tags = tags;
                c.vm_flags = fixed | (mode == 0 ? VM_SHARED : 0);
                c.cow = mode == 2;
                c.prot = prot;
                c.kvm_has_mte = vm & 1;
                c.stage2_fwb = vm & 2;
                c.ctr_dic = vm & 4;
                out.push_back(c);
              }
            }
          }
  }
  return out;
}

}  // namespace

const char* dim_name(Dim d) {
  static const char* n[] = {"linear", "tags", "map", "VM_PFNMAP", "VM_MIXEDMAP", "VM_IO",
                            "VM_MTE_ALLOWED", "VM_ALLOW_ANY_UNCACHED", "pgprot", "mte", "fwb", "dic"};
  return n[static_cast<unsigned>(d)];
}

unsigned dim_value(const Stage2Config& c, Dim d) {
  switch (d) {
    case Dim::LinearMap: return c.linear_map;
    case Dim::CanHoldTags: return c.can_hold_tags;
    case Dim::Mapping: return (c.vm_flags & VM_SHARED) ? 0 : c.cow ? 2 : 1;
    case Dim::PfnMap: return (c.vm_flags & VM_PFNMAP) != 0;
    case Dim::MixedMap: return (c.vm_flags & VM_MIXEDMAP) != 0;
    case Dim::Io: return (c.vm_flags & VM_IO) != 0;
    case Dim::MteAllowed: return (c.vm_flags & VM_MTE_ALLOWED) != 0;
    case Dim::AnyUncached: return (c.vm_flags & VM_ALLOW_ANY_UNCACHED) != 0;
    case Dim::Prot: return static_cast<unsigned>(c.prot);
    case Dim::KvmHasMte: return c.kvm_has_mte;
    case Dim::Fwb: return c.stage2_fwb;
    case Dim::Dic: return c.ctr_dic;
  }
  return 0;
}

std::string dim_value_name(Dim d, unsigned v) {
  if (d == Dim::Prot) return pgprot_name(static_cast<pgprot_type>(v));
  if (d == Dim::Mapping) return v == 0 ? "shared" : v == 1 ? "private" : "cow";
  return v ? "1" : "0";
}

const std::vector<Stage2Config>& enumerate_stage2_configs() {
  static const std::vector<Stage2Config> all = build();
  return all;
}

}  // namespace tagrace::checkers::policy
