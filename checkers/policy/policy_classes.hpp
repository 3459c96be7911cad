// Grouping of the configuration space into classes for reports (issue 6, section 3):
// configurations of one memory kind with the same memslot result, fault result,
// stage-2 attribute and findings form a group, split further until each class is an
// exact product of dimension values, so "VM_SHARED=1 mte=*" means every such config.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "checkers/policy/config_space.hpp"
#include "checkers/policy/policy_check.hpp"

namespace tagrace::checkers::policy {

/// The configurations of a class: per dimension the values it covers.
struct ClassShape {
  model::policy::MemKind mem;
  std::array<std::vector<unsigned>, kNrDims> values;
  /// "mte=1 VM_SHARED=0" : only dimensions narrower than the memory kind's domain.
  std::string describe() const;
};

/// One row of `tagrace policy --kernel`.
struct PolicyClass {
  ClassShape shape;
  unsigned count = 0;   ///< raw configurations in the class
  std::string memslot;  ///< "ok" or "-EINVAL (reason)"
  std::string fault;    ///< "map (rule)" or "-EFAULT (reason)"
  std::string stage2;   ///< "Normal-WB, sanitised", "Device", "-"
  std::vector<Finding> findings;
};

struct PolicyRecord {
  std::string policy, summary;
  unsigned raw_configs = 0;
  std::vector<PolicyClass> classes;
  /// finding kind name -> {classes, configurations}
  std::map<std::string, std::pair<unsigned, unsigned>> by_kind;
  unsigned bug_configs(const std::string& bug) const;  ///< configurations tagged with bug
};

/// One row of `tagrace policy --diff A B`: configurations whose outcome changes.
struct DiffClass {
  ClassShape shape;
  unsigned count = 0;
  std::string before, after;  ///< "memslot | map or -EFAULT (why) | stage2 | findings"
};

struct DiffRecord {
  std::string a, b;
  unsigned raw_configs = 0, unchanged = 0;
  std::vector<DiffClass> changed;
  std::map<std::string, std::pair<unsigned, unsigned>> findings_a, findings_b;  ///< kind -> {classes, configs}
};

PolicyRecord evaluate_policy(const model::policy::Stage2Policy& p);
DiffRecord diff_policies(const model::policy::Stage2Policy& a, const model::policy::Stage2Policy& b);

}  // namespace tagrace::checkers::policy
