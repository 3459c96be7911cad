// The invariants of kernel-model.md 3(c) checked on one configuration under one policy
// (issue 6, section 2): stage-2 safety, cache maintenance, attribute mismatch, function
// (reported apart from safety) and memslot/fault agreement. A finding on a configuration
// the memslot refuses is still reachable: the VMM mmaps over the slot after creating it.
#pragma once

#include <string>
#include <vector>

#include "model/policy/stage2_policy.hpp"

namespace tagrace::checkers::policy {

enum class FindingKind : unsigned char { Safety, CacheMaintenance, AttributeMismatch, Function, Agreement };
inline constexpr int kNrFindingKinds = 5;
const char* finding_kind_name(FindingKind k);  ///< "safety", "cache-maintenance", ...

struct Finding {
  FindingKind kind;
  std::string what;         ///< "no tag storage", "without FWB", ...
  std::string bug;          ///< "B17" when the finding is a catalogued bug's shape, else ""
  bool after_remap = false; ///< reachable only by mmap over a slot created with another VMA
  /// "safety: no tag storage [B17] (after mmap over slot)"
  std::string text() const;
};

/// A policy's verdict on one configuration.
struct ConfigVerdict {
  model::policy::MemslotResult memslot;
  model::policy::FaultResult fault;
  std::vector<Finding> findings;
};

ConfigVerdict check_config(const model::policy::Stage2Policy& p, const model::policy::Stage2Config& c);

}  // namespace tagrace::checkers::policy
