// RealPrimitives (see real_primitives.hpp). atomic_ref needs suitably aligned objects:
// every field it touches is a naturally aligned unsigned long, unsigned int, int or
// tag_t member. Spinlocks are test-and-test-and-set with a pause.
#include "model/backends/real_primitives.hpp"

#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace tagrace::model {

namespace {
using ul_ref = std::atomic_ref<unsigned long>;
unsigned long& mut(const unsigned long* a) { return *const_cast<unsigned long*>(a); }
unsigned long bit(unsigned nr) { return 1ul << nr; }
}  // namespace

void detail::cpu_relax(unsigned& spins) {
  if (++spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
  } else {
    std::this_thread::yield();
  }
}

bool RealPrimitives::test_bit(unsigned nr, const unsigned long* addr) {
  return ul_ref(mut(addr)).load(std::memory_order_relaxed) & bit(nr);
}
void RealPrimitives::set_bit(unsigned nr, unsigned long* addr) {
  ul_ref(*addr).fetch_or(bit(nr), std::memory_order_relaxed);
}
void RealPrimitives::clear_bit(unsigned nr, unsigned long* addr) {
  ul_ref(*addr).fetch_and(~bit(nr), std::memory_order_relaxed);
}
bool RealPrimitives::test_and_set_bit(unsigned nr, unsigned long* addr) {
  return ul_ref(*addr).fetch_or(bit(nr), std::memory_order_seq_cst) & bit(nr);
}
bool RealPrimitives::test_and_clear_bit(unsigned nr, unsigned long* addr) {
  return ul_ref(*addr).fetch_and(~bit(nr), std::memory_order_seq_cst) & bit(nr);
}
unsigned long RealPrimitives::cond_load_acquire_bit(unsigned nr, const unsigned long* addr) {
  unsigned spins = 0;
  for (;;) {
    unsigned long v = ul_ref(mut(addr)).load(std::memory_order_acquire);
    if (v & bit(nr)) return v;
    detail::cpu_relax(spins);
  }
}

unsigned long RealPrimitives::read_once(const unsigned long* addr) {
  return ul_ref(mut(addr)).load(std::memory_order_relaxed);
}
void RealPrimitives::write_once(unsigned long* addr, unsigned long val) {
  ul_ref(*addr).store(val, std::memory_order_relaxed);
}
unsigned long RealPrimitives::load_acquire(const unsigned long* addr) {
  return ul_ref(mut(addr)).load(std::memory_order_acquire);
}
void RealPrimitives::store_release(unsigned long* addr, unsigned long val) {
  ul_ref(*addr).store(val, std::memory_order_release);
}

void RealPrimitives::smp_mb() { std::atomic_thread_fence(std::memory_order_seq_cst); }
void RealPrimitives::smp_wmb() { std::atomic_thread_fence(std::memory_order_release); }
void RealPrimitives::smp_rmb() { std::atomic_thread_fence(std::memory_order_acquire); }

void RealPrimitives::spin_lock(spinlock_t* lock) {
  std::atomic_ref<unsigned int> l(lock->locked);
  unsigned spins = 0;
  for (;;) {
    if (l.load(std::memory_order_relaxed) == 0 && l.exchange(1, std::memory_order_acquire) == 0) return;
    detail::cpu_relax(spins);
  }
}
void RealPrimitives::spin_unlock(spinlock_t* lock) {
  std::atomic_ref<unsigned int>(lock->locked).store(0, std::memory_order_release);
}

void RealPrimitives::down_read(rw_semaphore* sem) {
  std::atomic_ref<int> c(sem->count);
  unsigned spins = 0;
  for (;;) {
    int v = c.load(std::memory_order_relaxed);
    if (v >= 0 && c.compare_exchange_weak(v, v + 1, std::memory_order_acquire)) return;
    detail::cpu_relax(spins);
  }
}
void RealPrimitives::up_read(rw_semaphore* sem) {
  std::atomic_ref<int>(sem->count).fetch_sub(1, std::memory_order_release);
}
void RealPrimitives::down_write(rw_semaphore* sem) {
  std::atomic_ref<int> c(sem->count);
  unsigned spins = 0;
  for (;;) {
    int v = 0;
    if (c.load(std::memory_order_relaxed) == 0 && c.compare_exchange_weak(v, -1, std::memory_order_acquire))
      return;
    detail::cpu_relax(spins);
  }
}
void RealPrimitives::up_write(rw_semaphore* sem) {
  std::atomic_ref<int>(sem->count).store(0, std::memory_order_release);
}

void RealPrimitives::lock_page(page* pg) {
  ul_ref f(pg->flags);
  unsigned spins = 0;
  for (;;) {
    if (!(f.load(std::memory_order_relaxed) & bit(PG_locked)) &&
        !(f.fetch_or(bit(PG_locked), std::memory_order_acquire) & bit(PG_locked)))
      return;
    detail::cpu_relax(spins);
  }
}
void RealPrimitives::unlock_page(page* pg) {
  ul_ref(pg->flags).fetch_and(~bit(PG_locked), std::memory_order_release);
}

tag_t RealPrimitives::tag_load(const page* pg, unsigned granule, TagRead) {
  return std::atomic_ref<tag_t>(const_cast<tag_t&>(pg->tags[granule])).load(std::memory_order_relaxed);
}
void RealPrimitives::tag_store(page* pg, unsigned granule, tag_t val, TagWrite) {
  std::atomic_ref<tag_t>(pg->tags[granule]).store(val, std::memory_order_relaxed);
}

void RealPrimitives::event(const Event& ev) {
  if (on_event) on_event(ev);
}
void RealPrimitives::check(bool cond, const char* what) {
  if (!cond) failed_checks_.fetch_add(1, std::memory_order_relaxed);
  if (on_check) on_check(cond, what);
}
const char* RealPrimitives::enter(const char* fn) {
  if (on_enter) on_enter(fn);
  return nullptr;
}
void RealPrimitives::leave(const char*) {
  if (on_leave) on_leave();
}

}  // namespace tagrace::model
