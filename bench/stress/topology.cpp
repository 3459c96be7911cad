// Topology over hwloc (see topology.hpp). NUMA nodes are memory children in hwloc 2,
// so a core's node is the one whose cpuset includes the core's.
#include "bench/stress/topology.hpp"

#include <fmt/format.h>
#include <hwloc.h>

#include <fstream>
#include <thread>

namespace tagrace::stress {

struct Topology::Impl {
  hwloc_topology_t topo = nullptr;
  ~Impl() {
    if (topo) hwloc_topology_destroy(topo);
  }
};

Topology::Topology(Topology&&) noexcept = default;
Topology& Topology::operator=(Topology&&) noexcept = default;
Topology::~Topology() = default;

void Topology::load_objects() {
  hwloc_topology_t t = impl_->topo;
  int ncores = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_CORE);
  pus_ = static_cast<unsigned>(hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PU));
  packages_ = static_cast<unsigned>(std::max(1, hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PACKAGE)));
  int nnuma = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_NUMANODE);
  numa_ = static_cast<unsigned>(std::max(1, nnuma));
  for (int i = 0; i < ncores; ++i) {
    hwloc_obj_t c = hwloc_get_obj_by_type(t, HWLOC_OBJ_CORE, static_cast<unsigned>(i));
    Core core;
    core.logical = c->logical_index;
    hwloc_obj_t pu = hwloc_get_obj_inside_cpuset_by_type(t, c->cpuset, HWLOC_OBJ_PU, 0);
    core.os_pu = pu ? pu->os_index : 0;
    core.pus = static_cast<unsigned>(std::max(1, hwloc_get_nbobjs_inside_cpuset_by_type(t, c->cpuset, HWLOC_OBJ_PU)));
    if (hwloc_obj_t pkg = hwloc_get_ancestor_obj_by_type(t, HWLOC_OBJ_PACKAGE, c)) core.package = pkg->logical_index;
    for (int n = 0; n < nnuma; ++n) {
      hwloc_obj_t node = hwloc_get_obj_by_type(t, HWLOC_OBJ_NUMANODE, static_cast<unsigned>(n));
      if (hwloc_bitmap_isincluded(c->cpuset, node->cpuset)) core.numa = node->logical_index;
    }
    cores_.push_back(core);
  }
  if (cores_.empty()) {  // no core objects: one per PU, or one per CPU
    unsigned n = pus_ ? pus_ : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) cores_.push_back(Core{i, i, 0, 0, 1});
    if (!pus_) pus_ = n;
  }
}

Topology Topology::discover() {
  Topology topo;
  topo.impl_ = std::make_unique<Impl>();
  if (hwloc_topology_init(&topo.impl_->topo) == 0 && hwloc_topology_load(topo.impl_->topo) == 0) {
    topo.load_objects();
  } else {
    topo.impl_.reset();
    unsigned n = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) topo.cores_.push_back(Core{i, i, 0, 0, 1});
    topo.pus_ = n, topo.packages_ = 1, topo.numa_ = 1;
  }
  return topo;
}

std::unique_ptr<Topology> Topology::synthetic(const std::string& desc, std::string& error) {
  std::unique_ptr<Topology> topo(new Topology());
  topo->impl_ = std::make_unique<Impl>();
  if (hwloc_topology_init(&topo->impl_->topo) != 0) {
    error = "hwloc_topology_init failed";
    return nullptr;
  }
  if (hwloc_topology_set_synthetic(topo->impl_->topo, desc.c_str()) != 0 ||
      hwloc_topology_load(topo->impl_->topo) != 0) {
    error = fmt::format("invalid hwloc synthetic topology '{}' (example: \"package:2 numa:2 core:32 pu:1\")", desc);
    return nullptr;
  }
  topo->load_objects();
  return topo;
}

std::string Topology::describe() const {
  return fmt::format("{} package{}, {} NUMA node{}, {} core{}, {} PU{}", packages_, packages_ == 1 ? "" : "s", numa_,
                     numa_ == 1 ? "" : "s", cores_.size(), cores_.size() == 1 ? "" : "s", pus_, pus_ == 1 ? "" : "s");
}

Topology::Distance Topology::distance(unsigned a, unsigned b) const {
  const Core& x = cores_.at(a % cores_.size());
  const Core& y = cores_.at(b % cores_.size());
  if (x.logical == y.logical) return Distance::Same;
  if (x.package != y.package) return Distance::CrossPackage;
  if (x.numa != y.numa) return Distance::SamePackage;
  return Distance::SameNuma;
}

std::string Topology::pin_current_thread(unsigned worker, bool per_pu) const {
  if (!impl_) return fmt::format("worker {} -> not pinned (no hwloc topology)", worker);
  hwloc_topology_t t = impl_->topo;
  hwloc_obj_t obj = per_pu ? hwloc_get_obj_by_type(t, HWLOC_OBJ_PU, worker % std::max(1u, pus_))
                           : hwloc_get_obj_by_type(t, HWLOC_OBJ_CORE, worker % cores_.size());
  if (!obj) return fmt::format("worker {} -> not pinned (no such object)", worker);
  hwloc_bitmap_t set = hwloc_bitmap_dup(obj->cpuset);
  hwloc_bitmap_singlify(set);
  int rc = hwloc_set_cpubind(t, set, HWLOC_CPUBIND_THREAD);
  int pu = hwloc_bitmap_first(set);
  hwloc_bitmap_free(set);
  if (rc != 0) return fmt::format("worker {} -> not pinned (hwloc_set_cpubind failed)", worker);
  return fmt::format("worker {} -> {} L#{} (PU P#{})", worker, per_pu ? "PU" : "core", obj->logical_index, pu);
}

std::string cpu_model_name() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("model name", 0) == 0 || line.rfind("CPU part", 0) == 0) {
      auto pos = line.find(':');
      if (pos != std::string::npos) return line.substr(pos + 2);
    }
  return "unknown CPU";
}

std::string load_average() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a.empty() ? "unknown" : a + " " + b + " " + c;
}

}  // namespace tagrace::stress
