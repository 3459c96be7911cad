// The real backend: Primitives on real CPUs with std::atomic_ref over the very fields
// the model uses, with the kernel's orderings (atomic_bitops.txt: test_and_set_bit is
// fully ordered, set_bit/clear_bit/test_bit relaxed; smp_wmb/rmb/mb as release/
// acquire/seq_cst fences). Used sequentially by the model tests and by the stress
// harness on many threads. Events, checks and function markers go to optional hooks.
#pragma once

#include <atomic>
#include <functional>

#include "model/page.hpp"
#include "model/primitives.hpp"

namespace tagrace::model {

class RealPrimitives : public Primitives {
 public:
  /// Optional hooks; each must be thread-safe when the backend is used concurrently.
  std::function<void(const Event&)> on_event;
  std::function<void(bool, const char*)> on_check;
  std::function<void(const char*)> on_enter;
  std::function<void()> on_leave;

  /// Number of failed check()s so far (counted whether or not on_check is set).
  unsigned long failed_checks() const { return failed_checks_.load(std::memory_order_relaxed); }

  bool test_bit(unsigned nr, const unsigned long* addr) override;
  void set_bit(unsigned nr, unsigned long* addr) override;
  void clear_bit(unsigned nr, unsigned long* addr) override;
  bool test_and_set_bit(unsigned nr, unsigned long* addr) override;
  bool test_and_clear_bit(unsigned nr, unsigned long* addr) override;
  unsigned long cond_load_acquire_bit(unsigned nr, const unsigned long* addr) override;

  unsigned long read_once(const unsigned long* addr) override;
  void write_once(unsigned long* addr, unsigned long val) override;
  unsigned long load_acquire(const unsigned long* addr) override;
  void store_release(unsigned long* addr, unsigned long val) override;

  void smp_mb() override;
  void smp_wmb() override;
  void smp_rmb() override;

  void spin_lock(spinlock_t* lock) override;
  void spin_unlock(spinlock_t* lock) override;
  void down_read(rw_semaphore* sem) override;
  void up_read(rw_semaphore* sem) override;
  void down_write(rw_semaphore* sem) override;
  void up_write(rw_semaphore* sem) override;
  void lock_page(page* pg) override;
  void unlock_page(page* pg) override;

  tag_t tag_load(const page* pg, unsigned granule, TagRead why) override;
  void tag_store(page* pg, unsigned granule, tag_t val, TagWrite why) override;

  void event(const Event& ev) override;
  void check(bool cond, const char* what) override;
  const char* enter(const char* fn) override;
  void leave(const char* caller) override;

 private:
  std::atomic<unsigned long> failed_checks_{0};
};

namespace detail {
/// A short pause inside spin loops (yield on the pipeline, then the scheduler).
void cpu_relax(unsigned& spins);
}  // namespace detail

}  // namespace tagrace::model
