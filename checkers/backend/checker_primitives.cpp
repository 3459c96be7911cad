// Checker backend of the primitives (see the header). Accesses are keyed by address;
// bit operations use the bit number as sub-location so PG_mte_lock and PG_mte_tagged
// operations on one flags word commute where the kernel's do.
#include "checkers/backend/checker_primitives.hpp"

#include <fmt/format.h>

#include <utility>

#include "checkers/engine/execution_runner.hpp"  // the inline hot path of schedule_point()

namespace tagrace::checkers {

using engine::Access;
using engine::AccessKind;

namespace {

inline engine::LocKey key(const void* p) { return reinterpret_cast<engine::LocKey>(p); }
inline unsigned long bit(unsigned nr) { return 1ul << nr; }

bool lock_free(const void* a) { return static_cast<const model::spinlock_t*>(a)->locked == 0; }
bool sem_readable(const void* a) { return static_cast<const model::rw_semaphore*>(a)->count >= 0; }
bool sem_free(const void* a) { return static_cast<const model::rw_semaphore*>(a)->count == 0; }
bool page_unlocked(const void* a) {
  return !(static_cast<const model::page*>(a)->flags & bit(model::PG_locked));
}
bool bit_is_set(const void* a) {
  auto* w = static_cast<const CheckerPrimitives::BitWait*>(a);
  return (*w->addr & bit(w->nr)) != 0;
}

/// Runs f out of line. The trace and weak-memory paths of a primitive build strings;
/// inline, their temporaries would sit in the primitive's frame, which is on the thread's
/// stack at its scheduling point and so in every state snapshot's copy of that stack.
/// Not marked cold: the weak model is the CLI's default.
template <class F>
[[gnu::noinline]] auto out_of_line(F&& f) {
  return f();
}

Access acc(const void* p, AccessKind k, std::int32_t sub, const char* what) {
  Access a;
  a.loc = key(p);
  a.kind = k;
  a.sub = sub;
  a.what = what;
  return a;
}

}  // namespace

std::string page_bit_name(unsigned nr) {
  switch (nr) {
    case model::PG_locked: return "PG_locked";
    case model::PG_mte_tagged: return "PG_mte_tagged";
    case model::PG_mte_lock: return "PG_mte_lock";
    case model::PG_swapcache: return "PG_swapcache";
    default: return fmt::format("bit {}", nr);
  }
}

void CheckerPrimitives::set_properties(std::vector<Property*> props) {
  props_ = std::move(props);
  const std::pair<std::vector<Property*>*, unsigned> lists[] = {
      {&on_store_, Property::kOnTagStore}, {&on_load_, Property::kOnTagLoad},
      {&on_event_, Property::kOnEvent},    {&at_end_, Property::kAtEnd},
      {&stateful_, Property::kState}};
  for (auto [list, hook] : lists) {
    list->clear();
    for (Property* p : props_)
      if (p->hooks() & hook) list->push_back(p);
  }
}

void CheckerPrimitives::begin_setup() {
  mode_ = Mode::Setup;
  fn_.fill(nullptr);
  steps_ = 0;
  last_tid_ = 0;
  if (trace_) trace_->clear();
}

void CheckerPrimitives::begin_threads(const PropertyContext& ctx) {
  ctx_ = &ctx;
  mode_ = Mode::Threads;
  if (model_ == MemoryModel::Weak) weak_.reset();
  for (auto* p : props_) p->on_execution_begin(ctx);
}

void CheckerPrimitives::end_threads() {
  mode_ = Mode::Final;
  for (auto* p : at_end_) p->at_end();
}

template <class Self, class V>
void CheckerPrimitives::visit_state(Self& self, V v) {
  v.word(self.mode_);
  v.word(self.steps_);
  v.word(self.waits_);
  v.word(self.last_tid_);
  v.word(self.fn_);
}

void CheckerPrimitives::save_state(model::StateBuffer& out) const {
  visit_state(*this, model::StateWriter{out});
  for (const auto* p : stateful_) p->save_state(out);
  if (model_ == MemoryModel::Weak) weak_.save_state(out);
}

void CheckerPrimitives::restore_state(model::StateBuffer& in) {
  visit_state(*this, model::StateReader{in});
  for (auto* p : stateful_) p->restore_state(in);
  if (model_ == MemoryModel::Weak) weak_.restore_state(in);
}

inline engine::ThreadId CheckerPrimitives::tid() const {
  // Setup and final checks run outside the threads; their KFUNC frames balance, so
  // they borrow thread 0's function stack.
  return mode_ == Mode::Threads ? engine::detail::current_thread_inline() : 0;
}

engine::ThreadId CheckerPrimitives::point(const Access& a) {
  if (mode_ != Mode::Threads) return 0;
  engine::detail::schedule_point_inline(a);
  ++steps_;
  // The thread is the one that called (a fiber resumes where it stopped).
  return engine::detail::current_thread_inline();
}

const char* CheckerPrimitives::fn(engine::ThreadId t) const {
  // Accesses outside any kernel function are the thread's own user-space code.
  const char* f = t < fn_.size() ? fn_[t] : nullptr;
  return f ? f : "userspace";
}

std::string CheckerPrimitives::name_of(const void* obj, const char* fallback) const {
  if (!obj) return "";
  if (namer_) {
    std::string n = namer_(obj);
    if (!n.empty()) return n;
  }
  return fallback ? std::string(fallback) : fmt::format("{}", obj);
}

void CheckerPrimitives::record(engine::ThreadId t, std::string op, const void* obj,
                               std::string value, const char* fallback) {
  if (!trace_ || mode_ != Mode::Threads) return;
  TraceStep s;
  s.step = steps_ - 1;
  s.tid = t;
  s.function = fn(t);
  s.op = std::move(op);
  s.object = name_of(obj, fallback);
  s.value = std::move(value);
  s.preempted = !trace_->steps.empty() && t != last_tid_;
  last_tid_ = t;
  trace_->steps.push_back(std::move(s));
}

unsigned long CheckerPrimitives::weak_load(engine::ThreadId t, const void* addr, int b,
                                           unsigned long now, WeakMemory::Order o,
                                           std::string* why, int need_bit) {
  return weak_.load(t, WeakMemory::Loc{key(addr), b}, now, o, trace_ ? why : nullptr, need_bit);
}

bool CheckerPrimitives::test_bit(unsigned nr, const unsigned long* addr) {
  auto t = point(acc(addr, AccessKind::Read, nr, "test_bit"));
  bool v = *addr & bit(nr);
  if (plain()) return v;
  return out_of_line([&] {
    std::string why;
    if (weak()) v = weak_load(t, addr, nr, v, WeakMemory::Order::Relaxed, &why) != 0;
    if (trace_)
      record(t, "test_bit(" + page_bit_name(nr) + ")", addr,
             std::string(v ? "1" : "0") + rf(why));
    return v;
  });
}

void CheckerPrimitives::set_bit(unsigned nr, unsigned long* addr) {
  auto t = point(acc(addr, AccessKind::Write, nr, "set_bit"));
  bool old = *addr & bit(nr);
  if (weak()) weak_.store(t, {key(addr), int(nr)}, old, 1, WeakMemory::Order::Relaxed, true);
  *addr |= bit(nr);
  if (trace_)
    out_of_line([&] {
      record(t, "set_bit(" + page_bit_name(nr) + ")", addr, fmt::format("{} -> 1", +old));
    });
}

void CheckerPrimitives::clear_bit(unsigned nr, unsigned long* addr) {
  auto t = point(acc(addr, AccessKind::Write, nr, "clear_bit"));
  bool old = *addr & bit(nr);
  if (weak()) weak_.store(t, {key(addr), int(nr)}, old, 0, WeakMemory::Order::Relaxed, true);
  *addr &= ~bit(nr);
  if (trace_)
    out_of_line([&] {
      record(t, "clear_bit(" + page_bit_name(nr) + ")", addr, fmt::format("{} -> 0", +old));
    });
}

bool CheckerPrimitives::test_and_set_bit(unsigned nr, unsigned long* addr) {
  auto t = point(acc(addr, AccessKind::ReadModifyWrite, nr, "test_and_set_bit"));
  bool old = *addr & bit(nr);
  if (weak()) weak_.rmw_full(t, {key(addr), int(nr)}, old, 1);
  *addr |= bit(nr);
  if (trace_)
    out_of_line([&] {
      record(t, "test_and_set_bit(" + page_bit_name(nr) + ")", addr,
             fmt::format("{} -> 1, returns {}", +old, +old));
    });
  return old;
}

bool CheckerPrimitives::test_and_clear_bit(unsigned nr, unsigned long* addr) {
  auto t = point(acc(addr, AccessKind::ReadModifyWrite, nr, "test_and_clear_bit"));
  bool old = *addr & bit(nr);
  if (weak()) weak_.rmw_full(t, {key(addr), int(nr)}, old, 0);
  *addr &= ~bit(nr);
  if (trace_)
    out_of_line([&] {
      record(t, "test_and_clear_bit(" + page_bit_name(nr) + ")", addr,
             fmt::format("{} -> 0, returns {}", +old, +old));
    });
  return old;
}

unsigned long CheckerPrimitives::cond_load_acquire_bit(unsigned nr, const unsigned long* addr) {
  // The engine may evaluate the condition after this frame is gone: keep it per thread.
  BitWait* w = nullptr;
  if (mode_ == Mode::Threads) {
    w = &waits_[engine::detail::current_thread_inline()];
    *w = BitWait{addr, nr};
  }
  Access a = acc(addr, AccessKind::Read, nr, "smp_cond_load_acquire");
  a.ready = &bit_is_set;
  a.ready_arg = w;
  if (mode_ == Mode::Threads && !(*addr & bit(nr))) a.what = "smp_cond_load_acquire(PG bit)";
  auto t = point(a);
  unsigned long v = *addr;
  if (plain()) return v;
  return out_of_line([&] {
    std::string why;
    if (weak())
      weak_load(t, addr, nr, 1,
                relaxed_cond_load_ ? WeakMemory::Order::Relaxed : WeakMemory::Order::Acquire, &why,
                0);
    if (trace_)
      record(t, "smp_cond_load_acquire(" + page_bit_name(nr) + ")", addr,
             "bit set, proceeds" + rf(why));
    return v;
  });
}

unsigned long CheckerPrimitives::read_once(const unsigned long* addr) {
  auto t = point(acc(addr, AccessKind::Read, -1, "READ_ONCE"));
  unsigned long v = *addr;
  if (plain()) return v;
  return out_of_line([&] {
    std::string why;
    if (weak()) v = weak_load(t, addr, -1, v, WeakMemory::Order::Relaxed, &why);
    if (trace_) record(t, "READ_ONCE", addr, fmt::format("{:#x}", v) + rf(why));
    return v;
  });
}

void CheckerPrimitives::write_once(unsigned long* addr, unsigned long val) {
  auto t = point(acc(addr, AccessKind::Write, -1, "WRITE_ONCE"));
  unsigned long old = *addr;
  if (weak()) weak_.store(t, {key(addr), -1}, old, val, WeakMemory::Order::Relaxed);
  *addr = val;
  if (trace_)
    out_of_line([&] { record(t, "WRITE_ONCE", addr, fmt::format("{:#x} -> {:#x}", old, val)); });
}

unsigned long CheckerPrimitives::load_acquire(const unsigned long* addr) {
  auto t = point(acc(addr, AccessKind::Read, -1, "smp_load_acquire"));
  unsigned long v = *addr;
  if (plain()) return v;
  return out_of_line([&] {
    std::string why;
    if (weak()) v = weak_load(t, addr, -1, v, WeakMemory::Order::Acquire, &why);
    if (trace_) record(t, "smp_load_acquire", addr, fmt::format("{:#x}", v) + rf(why));
    return v;
  });
}

void CheckerPrimitives::store_release(unsigned long* addr, unsigned long val) {
  auto t = point(acc(addr, AccessKind::Write, -1, "smp_store_release"));
  unsigned long old = *addr;
  if (weak()) weak_.store(t, {key(addr), -1}, old, val, WeakMemory::Order::Release);
  *addr = val;
  if (trace_)
    out_of_line(
        [&] { record(t, "smp_store_release", addr, fmt::format("{:#x} -> {:#x}", old, val)); });
}

void CheckerPrimitives::smp_mb() {
  // Weak mode: smp_mb() exchanges views through one global object, so DPOR must order
  // every pair of them (an RMW on that object); under SC it is independent of all.
  auto t = weak() ? point(acc(reinterpret_cast<const void*>(weak_.fence_key()),
                              AccessKind::ReadModifyWrite, -1, "smp_mb"))
                  : point(acc(nullptr, AccessKind::Fence, -1, "smp_mb"));
  if (weak()) weak_.fence_full(t);
  if (trace_) out_of_line([&] { record(t, "smp_mb()", nullptr, ""); });
}
void CheckerPrimitives::smp_wmb() {
  auto t = point(acc(nullptr, AccessKind::Fence, -1, "smp_wmb"));
  if (weak()) weak_.fence_release(t);
  if (trace_) out_of_line([&] { record(t, "smp_wmb()", nullptr, ""); });
}
void CheckerPrimitives::smp_rmb() {
  auto t = point(acc(nullptr, AccessKind::Fence, -1, "smp_rmb"));
  if (weak()) weak_.fence_acquire(t);
  if (trace_) out_of_line([&] { record(t, "smp_rmb()", nullptr, ""); });
}

void CheckerPrimitives::spin_lock(model::spinlock_t* lock) {
  Access a = acc(lock, AccessKind::LockAcquire, -1, lock->name);
  a.ready = &lock_free;
  a.ready_arg = lock;
  auto t = point(a);
  if (weak()) weak_.lock_acquire(t, lock);
  lock->locked = 1;
  if (trace_) out_of_line([&] { record(t, "spin_lock", lock, "acquired", lock->name); });
}

void CheckerPrimitives::spin_unlock(model::spinlock_t* lock) {
  auto t = point(acc(lock, AccessKind::LockRelease, -1, lock->name));
  if (weak()) weak_.lock_release(t, lock);
  lock->locked = 0;
  if (trace_) out_of_line([&] { record(t, "spin_unlock", lock, "released", lock->name); });
}

void CheckerPrimitives::down_read(model::rw_semaphore* sem) {
  Access a = acc(sem, AccessKind::LockAcquire, -1, sem->name);
  a.ready = &sem_readable;
  a.ready_arg = sem;
  auto t = point(a);
  if (weak()) weak_.lock_acquire(t, sem);
  ++sem->count;
  if (trace_) out_of_line([&] { record(t, "down_read", sem, "acquired shared", sem->name); });
}

void CheckerPrimitives::up_read(model::rw_semaphore* sem) {
  auto t = point(acc(sem, AccessKind::LockRelease, -1, sem->name));
  if (weak()) weak_.lock_release(t, sem);
  --sem->count;
  if (trace_) out_of_line([&] { record(t, "up_read", sem, "released", sem->name); });
}

void CheckerPrimitives::down_write(model::rw_semaphore* sem) {
  Access a = acc(sem, AccessKind::LockAcquire, -1, sem->name);
  a.ready = &sem_free;
  a.ready_arg = sem;
  auto t = point(a);
  if (weak()) weak_.lock_acquire(t, sem);
  sem->count = -1;
  if (trace_) out_of_line([&] { record(t, "down_write", sem, "acquired exclusive", sem->name); });
}

void CheckerPrimitives::up_write(model::rw_semaphore* sem) {
  auto t = point(acc(sem, AccessKind::LockRelease, -1, sem->name));
  if (weak()) weak_.lock_release(t, sem);
  sem->count = 0;
  if (trace_) out_of_line([&] { record(t, "up_write", sem, "released", sem->name); });
}

void CheckerPrimitives::lock_page(model::page* pg) {
  Access a = acc(&pg->flags, AccessKind::LockAcquire, model::PG_locked, "lock_page");
  a.ready = &page_unlocked;
  a.ready_arg = pg;
  auto t = point(a);
  if (weak()) weak_.lock_acquire(t, pg);
  pg->flags |= bit(model::PG_locked);
  if (trace_) out_of_line([&] { record(t, "lock_page", &pg->flags, "PG_locked 0 -> 1"); });
}

void CheckerPrimitives::unlock_page(model::page* pg) {
  auto t = point(acc(&pg->flags, AccessKind::LockRelease, model::PG_locked, "unlock_page"));
  if (weak()) weak_.lock_release(t, pg);
  pg->flags &= ~bit(model::PG_locked);
  if (trace_) out_of_line([&] { record(t, "unlock_page", &pg->flags, "PG_locked 1 -> 0"); });
}

model::tag_t CheckerPrimitives::tag_load(const model::page* pg, unsigned granule,
                                         model::TagRead why) {
  const auto t = point(acc(&pg->tags[granule], AccessKind::Read, -1, "tag load"));
  model::tag_t v = pg->tags[granule];
  if (plain()) {
    if (mode_ == Mode::Threads) report_tag_load(pg, granule, v, why, t);
    return v;
  }
  v = out_of_line([&] {
    std::string rf_why;
    model::tag_t seen = v;
    if (weak()) {
      weak_race(t, &pg->tags[granule], false, false, tag_read_name(why));
      seen = static_cast<model::tag_t>(
          weak_load(t, &pg->tags[granule], -1, v, WeakMemory::Order::Relaxed, &rf_why));
    }
    if (trace_)
      record(t, fmt::format("{} granule {}", tag_read_name(why), granule), &pg->flags,
             tag_value_name(seen) + rf(rf_why));
    return seen;
  });
  if (mode_ == Mode::Threads) report_tag_load(pg, granule, v, why, t);
  return v;
}

void CheckerPrimitives::report_tag_load(const model::page* pg, unsigned granule, model::tag_t v,
                                        model::TagRead why, engine::ThreadId t) {
  TagLoadFact f{pg, granule, v, why, t, fn(t)};
  for (auto* p : on_load_) p->on_tag_load(f);
}

void CheckerPrimitives::tag_store(model::page* pg, unsigned granule, model::tag_t val,
                                  model::TagWrite why) {
  const auto t = point(acc(&pg->tags[granule], AccessKind::Write, -1, "tag store"));
  model::tag_t old = pg->tags[granule];
  if (weak())
    out_of_line([&] {
      weak_race(t, &pg->tags[granule], true,
                why == model::TagWrite::InitClear || why == model::TagWrite::InitRestore ||
                    why == model::TagWrite::InitCopy,
                tag_write_name(why));
      weak_.store(t, {key(&pg->tags[granule]), -1}, old, val, WeakMemory::Order::Relaxed);
    });
  if (trace_)
    out_of_line([&] {
      record(t, fmt::format("{} granule {}", tag_write_name(why), granule), &pg->flags,
             fmt::format("{} -> {}", tag_value_name(old), tag_value_name(val)));
    });
  if (mode_ == Mode::Threads) {
    TagStoreFact f{pg, granule, old, val, why, t, fn(t)};
    for (auto* p : on_store_) p->on_tag_store(f);
  }
  pg->tags[granule] = val;
}

void CheckerPrimitives::weak_race(engine::ThreadId t, const void* granule, bool write,
                                  bool kernel, const char* what) {
  // The tag access goes through the pte the thread just read (address dependency).
  weak_.dependent_access(t);
  const WeakMemory::TagAccess other = weak_.tag_race(t, granule, write, kernel, what);
  if (other.tid != engine::kNoThread && report_races_)
    engine::fail("data-race", WeakMemory::describe_race(t, what, other) +
                                  fmt::format(" (in {}() of {})", fn(t), ctx_->thread(t)));
}

void CheckerPrimitives::event(const model::Event& ev) {
  if (mode_ != Mode::Threads) return;
  auto t = engine::detail::current_thread_inline();
  if (trace_) {
    static const char* names[] = {"PageAlloc",   "PageFree",       "TaggedPteSet",
                                  "UntaggedPteSet", "Stage2Map",   "FaultRefused",
                                  "MemslotRefused", "SwapTagsSaved", "SwapTagsFreed"};
    std::string text = names[static_cast<int>(ev.kind)];
    if (ev.pg) {
      text += ' ';
      text += name_of(&ev.pg->flags);
    }
    if (ev.kind == model::EventKind::Stage2Map) {
      static const char* attrs[] = {"Normal-WB", "Normal-NC", "Device"};
      text += fmt::format(" as {} in vm{}", attrs[ev.arg % 3], ev.arg2);
    }
    trace_->notes.push_back({steps_ ? steps_ - 1 : 0, t, text});
  }
  const char* f = fn(t);
  for (auto* p : on_event_) p->on_event(ev, t, f);
}

void CheckerPrimitives::check(bool cond, const char* what) {
  if (cond) return;
  std::string where = mode_ == Mode::Threads
                          ? fmt::format(" (in {}() of {})", fn(tid()), ctx_->thread(tid()))
                          : std::string(" (final state)");
  engine::fail("assertion", std::string("assertion failed: ") + what + where);
}

const char* CheckerPrimitives::enter(const char* f) {
  const char*& cur = fn_[tid()];
  const char* caller = cur;
  cur = f;
  return caller;
}

void CheckerPrimitives::leave(const char* caller) { fn_[tid()] = caller; }

}  // namespace tagrace::checkers
