// Class building (policy_classes.hpp). The VMA dimensions come first in the splitting
// order: the space is a product except where the kernel ties VMA bits together
// (PROT_MTE needs VM_MTE_ALLOWED, VFIO is MAP_SHARED), so that is where to cut.
#include "checkers/policy/policy_classes.hpp"

#include <algorithm>
#include <cstdint>
#include <set>

namespace tagrace::checkers::policy {

using namespace model::policy;

namespace {

using Configs = std::vector<const Stage2Config*>;
constexpr Dim kSplitOrder[kNrDims] = {Dim::MteAllowed, Dim::Prot,        Dim::Mapping,   Dim::AnyUncached,
                                      Dim::PfnMap,     Dim::MixedMap,    Dim::Io,        Dim::CanHoldTags,
                                      Dim::LinearMap,  Dim::KvmHasMte,   Dim::Fwb,       Dim::Dic};

/// The values each dimension takes over cs.
std::array<std::vector<unsigned>, kNrDims> projections(const Configs& cs) {
  std::array<std::set<unsigned>, kNrDims> s;
  for (const auto* c : cs)
    for (unsigned d = 0; d < kNrDims; ++d) s[d].insert(dim_value(*c, static_cast<Dim>(d)));
  std::array<std::vector<unsigned>, kNrDims> out;
  for (unsigned d = 0; d < kNrDims; ++d) out[d].assign(s[d].begin(), s[d].end());
  return out;
}

bool is_product(const Configs& cs) {
  std::size_t product = 1;
  for (const auto& v : projections(cs)) product *= v.size();
  return product == cs.size();
}

std::vector<Configs> split_on(const Configs& cs, Dim d) {
  std::map<unsigned, Configs> parts;
  for (const auto* c : cs) parts[dim_value(*c, d)].push_back(c);
  std::vector<Configs> out;
  for (auto& [v, part] : parts) out.push_back(std::move(part));
  return out;
}

/// Splits cs into exact products (cubes). Greedy: split on the dimension that leaves
/// the fewest parts that are not products yet, then the fewest parts, then kSplitOrder.
void split_cubes(const Configs& cs, std::vector<Configs>& out) {
  if (is_product(cs)) {
    out.push_back(cs);
    return;
  }
  std::vector<Configs> best;
  std::pair<std::size_t, std::size_t> best_score{SIZE_MAX, SIZE_MAX};
  for (Dim d : kSplitOrder) {
    auto parts = split_on(cs, d);
    if (parts.size() < 2) continue;
    std::size_t bad = 0;
    for (const auto& p : parts) bad += !is_product(p);
    std::pair<std::size_t, std::size_t> score{bad, parts.size()};
    if (score < best_score) {
      best_score = score;
      best = std::move(parts);
    }
  }
  for (const auto& p : best) split_cubes(p, out);
}

const std::array<std::vector<unsigned>, kNrDims>& kind_domain(MemKind k) {
  static const auto domains = [] {
    std::array<std::array<std::vector<unsigned>, kNrDims>, kNrMemKinds> d;
    for (int ki = 0; ki < kNrMemKinds; ++ki) {
      Configs cs;
      for (const auto& c : enumerate_stage2_configs())
        if (static_cast<int>(c.mem) == ki) cs.push_back(&c);
      d[ki] = projections(cs);
    }
    return d;
  }();
  return domains[static_cast<int>(k)];
}

std::string memslot_text(const MemslotResult& m) { return m.accepted ? "ok" : "-EINVAL (" + m.why + ")"; }
std::string fault_text(const FaultResult& f) { return f.mapped ? "map (" + f.why + ")" : "-EFAULT (" + f.why + ")"; }
std::string stage2_text(const FaultResult& f) {
  if (!f.mapped) return "-";
  return std::string(stage2_attr_name(f.attr)) + (f.sanitised ? ", sanitised" : "");
}
std::string findings_text(const std::vector<Finding>& fs) {
  std::string s;
  for (const auto& f : fs) s += (s.empty() ? "" : "; ") + f.text();
  return s.empty() ? "none" : s;
}

/// Groups (kind, key) -> configs, then cubes; calls emit(cube, first config's verdict).
template <class KeyFn, class Emit>
void group(KeyFn key, Emit emit) {
  std::map<std::pair<int, std::string>, Configs> groups;
  std::vector<std::pair<int, std::string>> order;
  for (const auto& c : enumerate_stage2_configs()) {
    auto k = std::make_pair(static_cast<int>(c.mem), key(c));
    auto [it, fresh] = groups.try_emplace(k);
    if (fresh) order.push_back(k);
    it->second.push_back(&c);
  }
  for (const auto& k : order) {
    std::vector<Configs> cubes;
    split_cubes(groups[k], cubes);
    for (const auto& cube : cubes) emit(cube, ClassShape{static_cast<MemKind>(k.first), projections(cube)});
  }
}

void tally(std::map<std::string, std::pair<unsigned, unsigned>>& m, const std::vector<Finding>& fs, unsigned n) {
  std::set<std::string> kinds;
  for (const auto& f : fs) kinds.insert(finding_kind_name(f.kind));
  for (const auto& k : kinds) {
    m[k].first += 1;
    m[k].second += n;
  }
}

std::string verdict_key(const ConfigVerdict& v) {
  return memslot_text(v.memslot) + " | " + fault_text(v.fault) + " | " + stage2_text(v.fault) + " | " +
         findings_text(v.findings);
}

/// What a diff compares: the outcome, not the name of the rule that produced a mapping.
std::string outcome_key(const ConfigVerdict& v) {
  return memslot_text(v.memslot) + " | " + (v.fault.mapped ? std::string("map") : fault_text(v.fault)) + " | " +
         stage2_text(v.fault) + " | " + findings_text(v.findings);
}

}  // namespace

std::string ClassShape::describe() const {
  const auto& dom = kind_domain(mem);
  std::string s;
  for (unsigned d = 0; d < kNrDims; ++d) {
    if (values[d] == dom[d]) continue;
    std::string vs;
    for (unsigned v : values[d]) {
      if (!vs.empty()) vs += "|";
      vs += dim_value_name(static_cast<Dim>(d), v);
    }
    if (!s.empty()) s += " ";
    s += dim_name(static_cast<Dim>(d));
    s += "=";
    s += vs;
  }
  return s.empty() ? "any" : s;
}

unsigned PolicyRecord::bug_configs(const std::string& bug) const {
  unsigned n = 0;
  for (const auto& c : classes)
    if (std::any_of(c.findings.begin(), c.findings.end(), [&](const Finding& f) { return f.bug == bug; }))
      n += c.count;
  return n;
}

PolicyRecord evaluate_policy(const Stage2Policy& p) {
  PolicyRecord r;
  r.policy = p.name;
  r.summary = p.summary;
  r.raw_configs = static_cast<unsigned>(enumerate_stage2_configs().size());
  group([&](const Stage2Config& c) { return verdict_key(check_config(p, c)); },
        [&](const Configs& cube, ClassShape shape) {
          ConfigVerdict v = check_config(p, *cube.front());
          PolicyClass pc{std::move(shape), static_cast<unsigned>(cube.size()), memslot_text(v.memslot),
                         fault_text(v.fault), stage2_text(v.fault), v.findings};
          tally(r.by_kind, pc.findings, pc.count);
          r.classes.push_back(std::move(pc));
        });
  return r;
}

DiffRecord diff_policies(const Stage2Policy& a, const Stage2Policy& b) {
  DiffRecord r;
  r.a = a.name;
  r.b = b.name;
  r.raw_configs = static_cast<unsigned>(enumerate_stage2_configs().size());
  for (const auto& c : enumerate_stage2_configs()) {
    auto va = check_config(a, c), vb = check_config(b, c);
    tally(r.findings_a, va.findings, 1);
    tally(r.findings_b, vb.findings, 1);
  }
  group(
      [&](const Stage2Config& c) {
        std::string ka = outcome_key(check_config(a, c)), kb = outcome_key(check_config(b, c));
        return ka == kb ? std::string("=") : ka + "\n" + kb;
      },
      [&](const Configs& cube, ClassShape shape) {
        std::string ka = outcome_key(check_config(a, *cube.front()));
        std::string kb = outcome_key(check_config(b, *cube.front()));
        if (ka == kb) {
          r.unchanged += static_cast<unsigned>(cube.size());
          return;
        }
        r.changed.push_back(DiffClass{std::move(shape), static_cast<unsigned>(cube.size()), ka, kb});
      });
  return r;
}

}  // namespace tagrace::checkers::policy
