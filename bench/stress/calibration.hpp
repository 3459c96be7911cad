// Costs measured on this machine for the projection (issue 4 section 3): an uncontended
// spin_lock/spin_unlock pair of the real backend, a one-way cache-line transfer from
// ping-pong between two pinned threads, and one tag init at the chosen init mode.
#pragma once

#include "bench/stress/instrumented_primitives.hpp"
#include "bench/stress/topology.hpp"
#include "reports/perf_record.hpp"

namespace tagrace::stress {

/// Without a second core the transfer is not measured: cacheline_ns is then a 60 ns
/// placeholder and cacheline_measured false.
reports::CalibrationRecord calibrate_costs(const Topology& topo, InitMode mode, double delay_ns);

double measure_lock_unlock_ns();
double measure_cacheline_ns(const Topology& topo, bool& measured);
double measure_init_ns(InitMode mode, double delay_ns);


}  // namespace tagrace::stress
