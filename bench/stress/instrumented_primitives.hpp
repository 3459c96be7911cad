// InstrumentedRealPrimitives: a decorator over the real backend (RealPrimitives is not
// edited). It times spinlock waits and holds per calling thread, treats PG_mte_lock as
// pg-mte-lock's per-page bit lock, and charges the configured tag-init cost (4 KiB
// data zeroing, the DC GZVA case, or a calibrated delay) on the first granule of an init.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/backends/real_primitives.hpp"

namespace tagrace::stress {

/// How much a tag init costs beyond the 128 bytes of tag stores.
enum class InitMode : std::uint8_t { Tags, TagsData, Delay };
const char* init_mode_name(InitMode m);
bool parse_init_mode(const std::string& s, InitMode& out);

/// Acquisitions are counted always; wait and hold are timed only during sampled
/// operations (timed_acquisitions of them) and scaled up, which keeps the clock reads
/// off most operations (the overhead budget is 5% of a ~200 ns fault).
struct LockCounters {
  std::uint64_t acquisitions = 0, contended = 0, timed_acquisitions = 0, wait_ticks = 0, hold_ticks = 0;
  void merge(const LockCounters& o) {
    acquisitions += o.acquisitions, contended += o.contended, timed_acquisitions += o.timed_acquisitions,
        wait_ticks += o.wait_ticks, hold_ticks += o.hold_ticks;
  }
  /// Estimated totals over every acquisition, from the timed sample.
  double scale() const { return timed_acquisitions ? static_cast<double>(acquisitions) / timed_acquisitions : 0; }
};

/// One worker's counters; the worker installs it with InstrumentedRealPrimitives::bind().
struct WorkerProbe {
  LockCounters tag_lock;     ///< the strategy's lock: tag_sync_lock, per-mm, hashed, PG_mte_lock
  LockCounters kernel_lock;  ///< PTL and i_pages
  struct Held {
    const void* lock;
    std::uint64_t since;
    bool tag;
  };
  std::vector<Held> held;  ///< acquisition stack (locks nest: page lock, PTL, tag lock)
  const unsigned long* bitlock = nullptr;  ///< PG_mte_lock won by this thread, not yet released
  std::uint64_t bitlock_since = 0;
  bool timing = false;  ///< the current operation is a timed sample
};

class InstrumentedRealPrimitives : public model::RealPrimitives {
 public:
  /// Instrumentation on/off; only flipped while no worker runs (between rounds).
  bool instrumented = true;
  InitMode init_mode = InitMode::Tags;
  double init_delay_ns = 500;
  /// Page data for InitMode::TagsData: 4 KiB per page, indexed by pfn - data_pfn_base.
  std::byte* data = nullptr;
  std::size_t data_pages = 0;
  std::uint64_t data_pfn_base = 0;

  /// Installs `probe` as the calling thread's counters (nullptr: none).
  static void bind(WorkerProbe* probe);

  bool test_and_set_bit(unsigned nr, unsigned long* addr) override;
  void set_bit(unsigned nr, unsigned long* addr) override;
  unsigned long cond_load_acquire_bit(unsigned nr, const unsigned long* addr) override;
  void spin_lock(model::spinlock_t* lock) override;
  void spin_unlock(model::spinlock_t* lock) override;
  void tag_store(model::page* pg, unsigned granule, model::tag_t val, model::TagWrite why) override;

  /// The init cost alone, for calibration (what tag_store charges on granule 0).
  void charge_init_cost(const model::page* pg);
};

/// Whether a spinlock belongs to the tag-sync strategy (not the PTL or i_pages).
bool is_tag_lock(const model::spinlock_t* lock);

}  // namespace tagrace::stress
