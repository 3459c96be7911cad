// The named stress workloads (issue 4 section 1): each builds a world in the simulated
// kernel for N worker threads and runs operation i of worker w through the kernel's
// own paths (user_mem_abort, do_page_fault, do_mprotect_pkey, do_wp_page,
// do_swap_page), so the strategy under test is the one the checker proves.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/kernel.hpp"

namespace tagrace::stress {

struct WorkloadParams {
  unsigned threads = 1;
  unsigned pages = 256;       ///< per VM (vm-startup, steady), shared region (shared-storm), per kind (mixed)
  unsigned vcpus_per_vm = 1;  ///< vm-startup/steady: threads = VMs x vCPUs
  /// The same operations with nothing shared between workers: one VM per worker
  /// (vm-startup, steady), one memfd per worker (shared-storm, mixed). The projection's
  /// machine-scaling reference, run under no-flag.
  bool share_nothing = false;
};

class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string name() const = 0;
  virtual std::string summary() const = 0;
  virtual std::vector<std::string> op_kinds() const = 0;
  /// Builds the world in k (already reset, granules set) for wp.threads workers.
  virtual void setup(model::Kernel& k, const WorkloadParams& wp) = 0;
  /// False: the world is built once and every round replays the same operations.
  virtual bool rebuild_each_round() const { return true; }
  virtual unsigned ops(unsigned w) const = 0;

  struct Op {
    unsigned kind = 0;
    model::page* touched = nullptr;  ///< the page the user/guest accesses afterwards
  };
  /// Operation i of worker w (called from worker w's thread only).
  virtual Op run(model::Kernel& k, unsigned w, unsigned i) = 0;
};

/// "vm-startup", "shared-storm", "steady" or "mixed"; nullptr for an unknown name.
std::unique_ptr<Workload> make_workload(const std::string& name);
const std::vector<std::string>& workload_names();

namespace detail {
std::unique_ptr<Workload> make_vm_startup(bool steady);
std::unique_ptr<Workload> make_shared_storm();
std::unique_ptr<Workload> make_mixed();
/// The page a present pte maps (read through the primitives), or nullptr.
model::page* page_of_pte(model::Kernel& k, model::vm_area_struct& vma, unsigned long addr);
}  // namespace detail

}  // namespace tagrace::stress
