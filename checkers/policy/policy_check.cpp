// Invariant checks per configuration (policy_check.hpp). The checks look only at the
// configuration and the policy's results, never at which version produced them, so a
// new patch is judged by the same rules as the releases before it.
#include "checkers/policy/policy_check.hpp"

namespace tagrace::checkers::policy {

using namespace model;
using namespace model::policy;

const char* finding_kind_name(FindingKind k) {
  switch (k) {
    case FindingKind::Safety: return "safety";
    case FindingKind::CacheMaintenance: return "cache-maintenance";
    case FindingKind::AttributeMismatch: return "attribute-mismatch";
    case FindingKind::Function: return "function";
    case FindingKind::Agreement: return "agreement";
  }
  return "?";
}

std::string Finding::text() const {
  std::string s = std::string(finding_kind_name(kind)) + ": " + what;
  if (!bug.empty()) s += " [" + bug + "]";
  if (after_remap) s += " (after mmap over slot)";
  return s;
}

ConfigVerdict check_config(const Stage2Policy& p, const Stage2Config& c) {
  ConfigVerdict v;
  v.memslot = p.prepare_memory_region(c);
  v.fault = p.user_mem_abort(c);
  const bool remap = !v.memslot.accepted;
  auto add = [&](FindingKind k, std::string what, std::string bug = "") {
    v.findings.push_back(Finding{k, std::move(what), std::move(bug), remap});
  };
  if (!v.fault.mapped) {
    if (v.memslot.accepted) add(FindingKind::Agreement, "memslot accepted, every fault refused");
    return v;
  }
  // Judge the memory the stage-2 entry really points at (after GUP's migration/COW copy).
  const Stage2Config m = detail::after_gup(c);
  const MemoryFacts facts = memory_facts(m.mem);
  const bool cacheable = v.fault.attr == Stage2Attr::NormalWB;
  if (cacheable && c.kvm_has_mte) {
    if (!m.can_hold_tags)
      add(FindingKind::Safety, "Normal-WB of memory without tag storage", facts.zone_device ? "B17" : "");
    else if (!v.fault.sanitised)
      add(FindingKind::Safety, "Normal-WB before sanitise_mte_tags()");
  }
  if (cacheable && !m.linear_map && !c.stage2_fwb)
    add(FindingKind::CacheMaintenance, "cacheable without linear map and without FWB");
  if (cacheable && !c.host_cacheable())
    add(FindingKind::AttributeMismatch,
        std::string("cacheable stage 2, host maps ") + pgprot_name(c.prot));
  if (!cacheable && facts.must_be_cacheable && c.host_cacheable() && !remap)
    add(FindingKind::Function, std::string("coherent memory forced to ") + stage2_attr_name(v.fault.attr));
  return v;
}

}  // namespace tagrace::checkers::policy
