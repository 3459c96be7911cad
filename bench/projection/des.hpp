// A discrete-event simulation of tag-sync contention: closed-loop workers on the cores
// of a topology run operations that may need a page's first tag init, serialised by
// the strategy's lock (global, per-mm, hashed, per-page bit) or by nothing. Costs come
// from calibration on the real machine; cache-line transfers cost more with distance.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace tagrace::projection {

/// How the strategy serialises a page's first init.
enum class SyncKind : std::uint8_t {
  None,      ///< no init in the operation (no-flag: tags cleared at allocation)
  Lockless,  ///< flag-first, flag-after-init: the first arrival inits, nobody waits
  Lock,      ///< a spinlock chosen per page/caller, test_bit fast path, re-check inside
  PageBit,   ///< PG_mte_lock: the first arrival inits, later arrivals wait for the flag
};

struct SimOp {
  int page = -1;  ///< page needing a synchronised init (-1: none)
  int lock = -1;  ///< SyncKind::Lock: the lock guarding this page for this caller
  std::vector<int> shared_lines;  ///< cache lines also written by other workers
  int extra_lock = -1;            ///< a second lock taken unconditionally (CoW override)
  double extra_hold_ns = 0;
  /// Kernel locks other workers also take, as FIFO-free spin queues with measured holds.
  struct Section {
    int lock = -1;        ///< resource id (kernel ids live apart from the strategy's)
    double hold_ns = 0;   ///< critical section length at one thread
  };
  /// Taken and released in turn before the sync step (the memfd i_pages lock).
  std::vector<Section> pre_sections;
  /// Held across the sync step (lock_page around the PTL and set_pte_at): the step's own
  /// cost is added to hold_ns, so the first init of a page is serialised behind it.
  Section outer;
};

/// Resource ids of kernel locks, apart from the strategy locks' ids.
inline constexpr int kIPagesLock = 50'000'000;
inline constexpr int kPageLockBase = 60'000'000;  ///< + page index: PG_locked

struct SimCosts {
  double base_ns = 1000;     ///< the operation outside the sync step and the init
  double init_ns = 100;      ///< one tag init
  double lock_ns = 20;       ///< uncontended lock + unlock
  double line_ns = 60;       ///< one cache-line transfer between neighbouring cores
  /// Transfer cost factor between two workers' cores (1 = neighbours); default 1.
  std::function<double(unsigned, unsigned)> distance_factor;
};

struct SimResult {
  double round_ns = 0;        ///< mean makespan of a round
  double ops_per_s = 0;
  double p99_ns = 0, mean_ns = 0;
  double lock_wait_share = 0;  ///< time waiting for a lock or an init / busy time
  std::uint64_t ops = 0;
};

/// Simulates `rounds` rounds; ops[w] is worker w's operation list for one round; every
/// round starts with every page untagged and every worker at time 0.
SimResult simulate(SyncKind kind, const std::vector<std::vector<SimOp>>& ops, const SimCosts& c,
                   unsigned rounds = 3, std::uint64_t seed = 1);

/// Open M/D/1 lock queue: Poisson arrivals at `rate_per_ns`, deterministic hold
/// `service_ns`, FIFO, through the same event machinery. Returns the mean wait (ns).
double simulate_md1_wait(double rate_per_ns, double service_ns, std::uint64_t arrivals, std::uint64_t seed = 1);

}  // namespace tagrace::projection
