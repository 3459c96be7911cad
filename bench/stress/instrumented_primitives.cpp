// InstrumentedRealPrimitives (see instrumented_primitives.hpp). The probe is
// thread-local because the simulated kernel holds one Primitives for all threads.
#include "bench/stress/instrumented_primitives.hpp"

#include <atomic>
#include <cstring>

#include "bench/stress/tsc_clock.hpp"

namespace tagrace::stress {

namespace {
thread_local WorkerProbe* t_probe = nullptr;
}

const char* init_mode_name(InitMode m) {
  switch (m) {
    case InitMode::Tags: return "tags";
    case InitMode::TagsData: return "tags+data";
    case InitMode::Delay: return "delay";
  }
  return "?";
}

bool parse_init_mode(const std::string& s, InitMode& out) {
  if (s == "tags") out = InitMode::Tags;
  else if (s == "tags+data") out = InitMode::TagsData;
  else if (s == "delay") out = InitMode::Delay;
  else return false;
  return true;
}

bool is_tag_lock(const model::spinlock_t* lock) {
  const char* n = lock->name;
  bool ptl = n[0] == 'p' && n[1] == 't' && n[2] == 'l' && !n[3];
  return !ptl && std::strcmp(n, "i_pages") != 0;
}

void InstrumentedRealPrimitives::bind(WorkerProbe* probe) { t_probe = probe; }

bool InstrumentedRealPrimitives::test_and_set_bit(unsigned nr, unsigned long* addr) {
  bool old = RealPrimitives::test_and_set_bit(nr, addr);
  if (instrumented && t_probe && nr == model::PG_mte_lock) {
    ++t_probe->tag_lock.acquisitions;
    if (old) ++t_probe->tag_lock.contended;
    if (t_probe->timing) {
      ++t_probe->tag_lock.timed_acquisitions;
      if (!old) t_probe->bitlock = addr, t_probe->bitlock_since = ticks();
    }
  }
  return old;
}

void InstrumentedRealPrimitives::set_bit(unsigned nr, unsigned long* addr) {
  RealPrimitives::set_bit(nr, addr);
  if (instrumented && t_probe && nr == model::PG_mte_tagged && t_probe->bitlock == addr) {
    t_probe->tag_lock.hold_ticks += ticks() - t_probe->bitlock_since;
    t_probe->bitlock = nullptr;
  }
}

unsigned long InstrumentedRealPrimitives::cond_load_acquire_bit(unsigned nr, const unsigned long* addr) {
  if (!instrumented || !t_probe || !t_probe->timing) return RealPrimitives::cond_load_acquire_bit(nr, addr);
  std::uint64_t t0 = ticks();
  unsigned long v = RealPrimitives::cond_load_acquire_bit(nr, addr);
  t_probe->tag_lock.wait_ticks += ticks() - t0;
  return v;
}

void InstrumentedRealPrimitives::spin_lock(model::spinlock_t* lock) {
  if (!instrumented || !t_probe) return RealPrimitives::spin_lock(lock);
  const bool timing = t_probe->timing;
  std::uint64_t t0 = timing ? ticks() : 0;
  std::atomic_ref<unsigned int> l(lock->locked);
  bool contended = !(l.load(std::memory_order_relaxed) == 0 && l.exchange(1, std::memory_order_acquire) == 0);
  if (contended) RealPrimitives::spin_lock(lock);
  bool tag = is_tag_lock(lock);
  LockCounters& c = tag ? t_probe->tag_lock : t_probe->kernel_lock;
  ++c.acquisitions;
  c.contended += contended;
  if (timing) {
    std::uint64_t t1 = ticks();
    ++c.timed_acquisitions;
    c.wait_ticks += t1 - t0;
    t_probe->held.push_back({lock, t1, tag});
  }
}

void InstrumentedRealPrimitives::spin_unlock(model::spinlock_t* lock) {
  if (instrumented && t_probe && !t_probe->held.empty()) {
    auto& h = t_probe->held;
    for (auto it = h.rbegin(); it != h.rend(); ++it)
      if (it->lock == lock) {
        (it->tag ? t_probe->tag_lock : t_probe->kernel_lock).hold_ticks += ticks() - it->since;
        h.erase(std::next(it).base());
        break;
      }
  }
  RealPrimitives::spin_unlock(lock);
}

void InstrumentedRealPrimitives::charge_init_cost(const model::page* pg) {
  if (init_mode == InitMode::Delay) {
    spin_for_ns(init_delay_ns);
  } else if (init_mode == InitMode::TagsData && data) {
    std::uint64_t i = pg->pfn - data_pfn_base;
    if (pg->pfn >= data_pfn_base && i < data_pages) std::memset(data + i * 4096, 0, 4096);
  }
}

void InstrumentedRealPrimitives::tag_store(model::page* pg, unsigned granule, model::tag_t val,
                                           model::TagWrite why) {
  if (granule == 0 && why != model::TagWrite::User && why != model::TagWrite::Guest) charge_init_cost(pg);
  RealPrimitives::tag_store(pg, granule, val, why);
}

}  // namespace tagrace::stress
