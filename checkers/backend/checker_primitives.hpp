// The checker's backend of model::Primitives: every shared access, lock operation and
// barrier becomes an engine scheduling point (engine::Access keyed by address, the bit
// number as sub-location), then runs on plain memory while no other simulated thread
// runs. Tag accesses and semantic events are forwarded to the properties; when a Trace
// is attached (replay) each step is recorded in kernel terms.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "checkers/backend/trace.hpp"
#include "checkers/backend/weak_memory.hpp"
#include "checkers/properties/property.hpp"
#include "model/primitives.hpp"

namespace tagrace::checkers {

class CheckerPrimitives final : public model::Primitives {
 public:
  /// Names an object for traces ("page pfn 0x100", "pte mm1 0x1000"); "" if unknown.
  using Namer = std::function<std::string(const void*)>;

  void set_properties(std::vector<Property*> props);
  void set_trace(Trace* t) {
    trace_ = t;
    update_plain();
  }
  void set_namer(Namer n) { namer_ = std::move(n); }
  /// sc (default) or weak (weak_memory.hpp); weak changes only executions' threads.
  void set_memory_model(MemoryModel m) {
    model_ = m;
    update_plain();
  }
  MemoryModel memory_model() const { return model_; }
  /// Weak mode: report a tag data race as a violation (default). Off, races are still
  /// tracked but let the execution go on, so the properties see what the race leads to.
  void set_report_data_races(bool on) { report_races_ = on; }
  /// Mutation-testing knob: smp_cond_load_acquire() loses its acquire (tests only).
  void set_relaxed_cond_load(bool on) { relaxed_cond_load_ = on; }

  /// Setup mode: operations run directly and are not reported (the initial state).
  void begin_setup();
  /// Threads start: properties see the initial state through `ctx`.
  void begin_threads(const PropertyContext& ctx);
  /// After the threads: runs the properties' end checks, then the scenario's final
  /// check runs with operations applied directly.
  void end_threads();

  /// State snapshots (model/state_buffer.hpp): whether this backend can (no trace being
  /// recorded: its steps are not part of the state), and its state with the properties'
  /// and, under the weak model, the weak-memory state.
  bool can_save_state() const { return !trace_; }
  void save_state(model::StateBuffer& out) const;
  void restore_state(model::StateBuffer& in);

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
  void spin_lock(model::spinlock_t* lock) override;
  void spin_unlock(model::spinlock_t* lock) override;
  void down_read(model::rw_semaphore* sem) override;
  void up_read(model::rw_semaphore* sem) override;
  void down_write(model::rw_semaphore* sem) override;
  void up_write(model::rw_semaphore* sem) override;
  void lock_page(model::page* pg) override;
  void unlock_page(model::page* pg) override;
  model::tag_t tag_load(const model::page* pg, unsigned granule, model::TagRead why) override;
  void tag_store(model::page* pg, unsigned granule, model::tag_t val,
                 model::TagWrite why) override;
  void event(const model::Event& ev) override;
  void check(bool cond, const char* what) override;
  const char* enter(const char* fn) override;
  void leave(const char* caller) override;

 /// What a thread blocked in cond_load_acquire_bit() waits for.
  struct BitWait {
    const unsigned long* addr = nullptr;
    unsigned nr = 0;
  };

 private:
  enum class Mode { Setup, Threads, Final };
  /// The backend's own snapshot state, listed once (model::StateWriter / StateReader).
  template <class Self, class V>
  static void visit_state(Self& self, V v);
  /// A scheduling point, unless in setup/final mode. Returns the current thread (0 in
  /// setup/final mode; tid() gives the same).
  engine::ThreadId point(const engine::Access& a);
  engine::ThreadId tid() const;
  /// No trace to record and sequentially consistent memory: an operation is its
  /// scheduling point and the plain access (the fast path of every primitive).
  bool plain() const { return plain_; }
  void update_plain() { plain_ = !trace_ && model_ == MemoryModel::SC; }
  const char* fn(engine::ThreadId t) const;
  void report_tag_load(const model::page* pg, unsigned granule, model::tag_t v,
                       model::TagRead why, engine::ThreadId t);
  void record(engine::ThreadId t, std::string op, const void* obj, std::string value,
              const char* fallback = nullptr);
  std::string name_of(const void* obj, const char* fallback = nullptr) const;

  Mode mode_ = Mode::Setup;
  /// Each thread's innermost kernel function (nullptr: user space); its callers are kept
  /// by the KernelFunction guards on the thread's own stack. Setup and final checks run
  /// outside the threads and borrow thread 0's entry (their guards balance).
  std::array<const char*, 16> fn_{};
  std::vector<Property*> props_;
  /// props_ by the hook they override (Property::hooks()), in props_ order.
  std::vector<Property*> on_store_, on_load_, on_event_, at_end_, stateful_;
  const PropertyContext* ctx_ = nullptr;
  Trace* trace_ = nullptr;
  Namer namer_;
  std::uint64_t steps_ = 0;
  std::array<BitWait, 16> waits_{};  ///< per thread id (the engine's thread limit)
  engine::ThreadId last_tid_ = 0;
  bool weak() const { return model_ == MemoryModel::Weak && mode_ == Mode::Threads; }
  /// Weak mode: the value `t` reads at `l` (chosen among the allowed stores); the
  /// explanation goes to `why` when a trace is recorded.
  unsigned long weak_load(engine::ThreadId t, const void* addr, int bit, unsigned long now,
                          WeakMemory::Order o, std::string* why, int need_bit = -1);
  void weak_race(engine::ThreadId t, const void* granule, bool write, bool kernel,
                 const char* what);
  static std::string rf(const std::string& why) { return why.empty() ? why : " [" + why + "]"; }
  MemoryModel model_ = MemoryModel::SC;
  bool plain_ = true;  ///< plain(), kept by update_plain() when trace_ or model_ changes
  WeakMemory weak_;
  bool relaxed_cond_load_ = false;
  bool report_races_ = true;
};

/// "PG_mte_tagged", "PG_mte_lock", "PG_locked" or "bit N".
std::string page_bit_name(unsigned nr);

}  // namespace tagrace::checkers
