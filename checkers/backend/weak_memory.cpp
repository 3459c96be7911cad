// Weak-memory state (see weak_memory.hpp): CDSChecker-style store histories whose
// messages carry the storing thread's clock and view; release/acquire by message, fences
// by pending/released snapshots, smp_mb() through one global SC view. The tables persist
// across executions and are invalidated by generation: an execution allocates nothing.
#include "checkers/backend/weak_memory.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

#include <fmt/format.h>

namespace tagrace::checkers {

const char* memory_model_name(MemoryModel m) { return m == MemoryModel::Weak ? "weak" : "sc"; }

void WeakMemory::reset() {
  // Runs once per execution: the tables are invalidated by generation, not cleared.
  // Views are indexed by location id, so a program whose locations change between
  // executions would make every view (and join) longer and longer: once the tables hold
  // far more locations than an execution uses (or the generation wraps), drop them.
  max_touched_ = std::max(max_touched_, touched_);
  touched_ = 0;
  if (++gen_ == 0 || ids_.size() + locks_.size() + tags_.size() > 4 * max_touched_ + 256) {
    ids_.clear();
    id_cache_.fill(IdCacheSlot{});
    locs_.clear();
    word_bits_.clear();
    locks_.clear();
    tags_.clear();
    gen_ = 1;
  }
  for (auto& t : threads_) t.clear();
  global_view_.clear();
}

unsigned long WeakMemory::word_bits(std::uintptr_t addr) const {
  auto it = word_bits_.find(addr);
  return it != word_bits_.end() && it->second.gen == gen_ ? it->second.bits : 0;
}

namespace {
/// max() of two counts as signed 32-bit values (they stay far below 2^31): SSE2 has a
/// signed compare but no unsigned max, so this form is what the compiler vectorises.
inline std::uint32_t max_count(std::uint32_t a, std::uint32_t b) {
  const auto x = static_cast<std::int32_t>(a);
  const auto y = static_cast<std::int32_t>(b);
  return static_cast<std::uint32_t>(x > y ? x : y);
}
}  // namespace

void WeakMemory::join(View& a, const View& b) {
  // Views grow in blocks of kViewBlock (zero-padded), so the loop has no remainder and
  // the compiler unrolls each block into whole SSE registers.
  assert(b.size() % kViewBlock == 0 && a.size() % kViewBlock == 0);
  if (a.size() < b.size()) a.resize(b.size(), 0);
  std::uint32_t* pa = a.data();
  const std::uint32_t* pb = b.data();
  for (std::size_t i = 0, n = b.size(); i < n; i += kViewBlock)
    for (std::size_t j = 0; j < kViewBlock; ++j) pa[i + j] = max_count(pa[i + j], pb[i + j]);
}

void WeakMemory::join(Clock& a, const Clock& b) {
  for (unsigned i = 0; i < kThreads; ++i) a[i] = max_count(a[i], b[i]);
}

// Hot/cold split: the common cases below are inline and need no saved registers; the
// rare ones (a cache miss, a location's first access in an execution, a view that must
// grow) are out of line.
inline WeakMemory::IdCacheSlot& WeakMemory::id_slot(Loc l) {
  return id_cache_[(LocHash{}(l) * 0x9E3779B97F4A7C15ull) >> 56];
}

inline std::uint32_t WeakMemory::lookup_id(Loc l) {
  IdCacheSlot& c = id_slot(l);
  if (!(c.loc == l)) [[unlikely]]
    return lookup_id_slow(l, c);
  return c.id;
}

std::uint32_t WeakMemory::lookup_id_slow(Loc l, IdCacheSlot& c) {
  auto [it, fresh] = ids_.try_emplace(l, static_cast<std::uint32_t>(locs_.size()));
  if (fresh) locs_.emplace_back();
  c = IdCacheSlot{l, it->second};
  return c.id;
}

inline std::uint32_t WeakMemory::known_id(Loc l) {
  IdCacheSlot& c = id_slot(l);
  if (!(c.loc == l)) [[unlikely]]
    c = IdCacheSlot{l, ids_.at(l)};
  return c.id;
}

inline std::uint32_t WeakMemory::id_of(Loc l, unsigned long now) {
  const std::uint32_t id = lookup_id(l);
  if (locs_[id].gen != gen_) [[unlikely]]
    first_access(id, l, now);
  return id;
}

void WeakMemory::first_access(std::uint32_t id, Loc l, unsigned long now) {
  // The current value is the initial store, which happens before every thread (the
  // setup).
  ++touched_;
  History& h = locs_[id];
  h.gen = gen_;
  h.n = 0;
  Msg& m = h.push();
  m.stamp = ++writes_;
  m.value = now;
  m.tid = engine::kNoThread;
  m.clock = {};
  m.view.clear();
  if (l.bit >= 0) {
    WordBits& w = word_bits_[l.addr];
    if (w.gen != gen_) w = WordBits{0, gen_};
    w.bits |= 1ul << l.bit;
  }
}

static std::uint32_t at(const WeakMemory::View& v, std::uint32_t id) { return id < v.size() ? v[id] : 0; }
[[gnu::noinline]] static void grow(WeakMemory::View& v, std::uint32_t id) {
  v.resize((id / WeakMemory::kViewBlock + 1) * WeakMemory::kViewBlock, 0);
}
static inline void raise(WeakMemory::View& v, std::uint32_t id, std::uint32_t idx) {
  if (v.size() <= id) [[unlikely]]
    grow(v, id);
  v[id] = std::max(v[id], idx);
}

void WeakMemory::acquire_msg(ThreadState& s, const Msg& m) {
  join(s.clock, m.clock);
  join(s.cur, m.view);
}

unsigned long WeakMemory::load(engine::ThreadId t, Loc l, unsigned long now, Order o,
                               std::string* why, int need_bit) {
  tick(t);
  std::uint32_t id = id_of(l, now);
  const History& h = locs_[id];
  const std::vector<Msg>& stores = h.stores;
  ThreadState& s = threads_[t];
  // Candidates: every store not older than the thread's view of the location (coherence
  // and happens-before both raise the view), newest first so choice 0 is the SC one.
  const std::uint32_t oldest = at(s.cur, id);
  std::uint32_t pick = h.n - 1;  // the only candidate when the view is at the newest store
  if (oldest + 1 < h.n) {
    thread_local std::vector<std::uint32_t> cand;
    cand.clear();
    for (std::uint32_t i = h.n; i-- > oldest;)
      if (need_bit < 0 || (stores[i].value >> need_bit) & 1ul) cand.push_back(i);
    // A location hidden by a per-page decomposition reads the newest store (one order).
    if (cand.size() > 1 && !engine::hidden(l.addr)) {
      pick = cand[engine::choose(static_cast<std::uint32_t>(cand.size()))];
    } else if (!cand.empty()) {
      pick = cand[0];
    }
  }
  const Msg& m = stores[pick];
  raise(s.cur, id, pick);
  unsigned long value = m.value;
  if (l.bit < 0)
    for (unsigned long m = word_bits(l.addr); m; m &= m - 1) {  // each tracked bit
      const int b = std::countr_zero(m);
      std::uint32_t bid = known_id(Loc{l.addr, b});
      const History& bh = locs_[bid];
      value = (value & ~(1ul << b)) | ((bh.back().value & 1ul) << b);
      raise(s.cur, bid, bh.n - 1);
    }
  if (o == Order::Acquire || o == Order::Full) {
    acquire_msg(s, m);
  } else {
    const MsgRef r{id, pick};
    if (s.unfolded.empty() || !(s.unfolded.back() == r)) s.unfolded.push_back(r);
    if (l.bit < 0) {  // a word load (a pte): later address-dependent accesses order after it
      s.dep = r;
      s.has_dep = true;
    }
  }
  if (why) {
    std::string who = m.tid == engine::kNoThread ? std::string("the initial value")
                                                 : fmt::format("T{}'s store #{}", m.tid, pick);
    std::uint32_t newer = h.n - 1 - pick;
    if (newer == 0) {
      *why = fmt::format("rf {} (latest in modification order)", who);
    } else {
      const Msg& last = h.back();
      *why = fmt::format(
          "rf {}, although {} newer store(s) exist (latest T{}'s #{}): allowed because no "
          "smp_wmb()/release -> smp_rmb()/acquire pair or smp_mb() orders them before this {} load",
          who, newer, last.tid, h.n - 1,
          o == Order::Relaxed ? "unordered" : "acquire");
    }
  }
  return value;
}

void WeakMemory::store(engine::ThreadId t, Loc l, unsigned long now, unsigned long val, Order o,
                       bool rmw) {
  tick(t);
  std::uint32_t id = id_of(l, now);
  ThreadState& s = threads_[t];
  // The locations this store writes: the word or bit, plus, for a whole-word store to a
  // flags word, every bit of it that has a history of its own.
  thread_local std::vector<std::pair<std::uint32_t, unsigned long>> targets;
  targets.assign(1, {id, val});
  if (l.bit < 0)
    for (unsigned long m = word_bits(l.addr); m; m &= m - 1) {  // each tracked bit
      const int b = std::countr_zero(m);
      targets.emplace_back(known_id(Loc{l.addr, b}), (val >> b) & 1ul);
    }
  for (const auto& [lid, v] : targets) raise(s.cur, lid, locs_[lid].n);
  for (const auto& [lid, v] : targets) {
    History& h = locs_[lid];
    const std::uint32_t idx = h.n;
    Msg& m = h.push();  // assigned in place: the view keeps its buffer
    m.stamp = ++writes_;
    m.value = v;
    m.tid = t;
    if (o == Order::Release || o == Order::Full) {
      m.clock = s.clock;
      m.view = s.cur;
    } else {
      // A relaxed store publishes what the last smp_wmb() released (fence-release rule).
      m.clock = s.rel_clock;
      m.view = s.rel_view;
    }
    if (rmw) {  // an RMW continues the release sequence of the store it overwrites
      const Msg& prev = h.stores[idx - 1];
      join(m.clock, prev.clock);
      join(m.view, prev.view);
    }
    raise(m.view, lid, idx);
  }
}

void WeakMemory::rmw_full(engine::ThreadId t, Loc l, unsigned long now, unsigned long val) {
  fence_full(t);
  std::uint32_t id = id_of(l, now);
  ThreadState& s = threads_[t];
  const Msg& last = locs_[id].back();  // an RMW reads the latest store
  acquire_msg(s, last);
  raise(s.cur, id, locs_[id].n - 1);
  store(t, l, now, val, Order::Release, true);
  fence_full(t);
}

void WeakMemory::fence_release(engine::ThreadId t) {
  tick(t);
  ThreadState& s = threads_[t];
  s.rel_clock = s.clock;
  s.rel_view = s.cur;
}

void WeakMemory::fence_acquire(engine::ThreadId t) {
  tick(t);
  ThreadState& s = threads_[t];
  for (const MsgRef r : s.unfolded) {
    join(s.clock, msg(r).clock);
    join(s.cur, msg(r).view);
  }
  s.unfolded.clear();
}

void WeakMemory::fence_full(engine::ThreadId t) {
  fence_acquire(t);
  ThreadState& s = threads_[t];
  // SC fences: totally ordered (DPOR orders them through fence_key()); each one sees
  // every store that any earlier smp_mb()'s thread had seen.
  join(s.cur, global_view_);
  global_view_ = s.cur;
  fence_release(t);
}

void WeakMemory::lock_acquire(engine::ThreadId t, const void* lock) {
  tick(t);
  auto it = locks_.find(lock);
  if (it == locks_.end() || it->second.gen != gen_) return;
  join(threads_[t].clock, it->second.clock);
  join(threads_[t].cur, it->second.view);
}

void WeakMemory::lock_release(engine::ThreadId t, const void* lock) {
  tick(t);
  Sync& y = locks_[lock];  // rwsems: readers' releases accumulate
  if (y.gen != gen_) {
    ++touched_;
    y.gen = gen_;
    y.clock = {};
    y.view.clear();
  }
  join(y.clock, threads_[t].clock);
  join(y.view, threads_[t].cur);
}

void WeakMemory::dependent_access(engine::ThreadId t) {
  ThreadState& s = threads_[t];
  if (!s.has_dep) return;  // none, or already joined (joining it again changes nothing)
  join(s.clock, msg(s.dep).clock);
  join(s.cur, msg(s.dep).view);
  s.has_dep = false;
}

WeakMemory::TagAccess WeakMemory::tag_race(engine::ThreadId t, const void* granule, bool write,
                                           bool kernel, const char* what) {
  tick(t);
  TagState& g = tags_[granule];
  if (g.gen != gen_) {
    ++touched_;
    g.write = TagAccess{};
    g.read_mask = 0;
    g.gen = gen_;
  }
  const Clock& c = threads_[t].clock;
  auto races = [&](const TagAccess& a) {
    return a.tid != engine::kNoThread && a.tid != t && a.epoch > c[a.tid] && (kernel || a.kernel);
  };
  TagAccess other{};
  if (races(g.write)) other = g.write;
  if (write && other.tid == engine::kNoThread)
    for (std::uint32_t m = g.read_mask; m; m &= m - 1) {
      const TagAccess& r = g.reads[std::countr_zero(m)];
      if (races(r)) {
        other = r;
        break;
      }
    }
  TagAccess me{t, c[t], kernel, what};
  if (write) {
    g.write = me;
    g.read_mask = 0;
  } else {
    g.reads[t] = me;
    g.read_mask |= std::uint32_t{1} << t;
  }
  return other;
}

std::string WeakMemory::describe_race(engine::ThreadId t, const char* what,
                                      const TagAccess& other) {
  return fmt::format("data race on a tag granule: {} by T{} and {} by T{} with no happens-before "
                     "between them (a missing barrier, release/acquire or lock)",
                     what, t, other.what, other.tid);
}

}  // namespace tagrace::checkers
