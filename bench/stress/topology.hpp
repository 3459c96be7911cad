// Machine topology through hwloc: discovery of this machine (for pinning one worker
// per core or per PU and reporting the placement) and of a synthetic description such
// as "package:2 numa:2 core:32 pu:1" (for the many-core projection).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace tagrace::stress {

class Topology {
 public:
  /// Where one core sits; `os_pu` is the OS index of its first PU.
  struct Core {
    unsigned logical = 0, os_pu = 0, numa = 0, package = 0, pus = 1;
  };
  /// How far apart two cores are, for the cache-line transfer cost.
  enum class Distance { Same, SameNuma, SamePackage, CrossPackage };

  /// This machine. Never fails: without hwloc data it reports one core per CPU.
  static Topology discover();
  /// A synthetic topology; on error returns nullptr and sets `error`.
  static std::unique_ptr<Topology> synthetic(const std::string& desc, std::string& error);

  Topology(Topology&&) noexcept;
  Topology& operator=(Topology&&) noexcept;
  ~Topology();

  const std::vector<Core>& cores() const { return cores_; }
  unsigned nr_pus() const { return pus_; }
  unsigned nr_packages() const { return packages_; }
  unsigned nr_numa() const { return numa_; }
  std::string describe() const;
  Distance distance(unsigned core_a, unsigned core_b) const;

  /// Binds the calling thread to core `worker % cores` (or PU, with per_pu); returns the
  /// placement line, "worker 0 -> core L#0 (PU P#0)", or a line saying binding failed.
  std::string pin_current_thread(unsigned worker, bool per_pu) const;

 private:
  Topology() = default;
  void load_objects();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<Core> cores_;
  unsigned pus_ = 0, packages_ = 0, numa_ = 0;
};

/// The CPU model name from /proc/cpuinfo ("unknown CPU" if absent).
std::string cpu_model_name();
/// /proc/loadavg's first three fields.
std::string load_average();

}  // namespace tagrace::stress
