// Weak-memory state (see weak_memory.hpp): CDSChecker-style store histories whose
// messages carry the storing thread's clock and view; release/acquire by message, fences
// by pending/released snapshots, smp_mb() through one global SC view.
#include "checkers/backend/weak_memory.hpp"

#include <algorithm>
#include <bit>

#include <fmt/format.h>

namespace tagrace::checkers {

const char* memory_model_name(MemoryModel m) { return m == MemoryModel::Weak ? "weak" : "sc"; }

void WeakMemory::reset() {
  // Buffers keep their capacity across executions (this runs once per execution).
  ids_.clear();
  nlocs_ = 0;
  for (auto& t : threads_) {
    t.clock = {};
    t.acq_clock = {};
    t.rel_clock = {};
    t.dep_clock = {};
    t.cur.clear();
    t.acq_view.clear();
    t.rel_view.clear();
    t.dep_view.clear();
  }
  global_view_.clear();
  locks_.clear();
  tags_.clear();
  word_bits_.clear();
}

void WeakMemory::join(View& a, const View& b) {
  if (a.size() < b.size()) a.resize(b.size(), 0);
  for (std::size_t i = 0; i < b.size(); ++i) a[i] = std::max(a[i], b[i]);
}

void WeakMemory::join(Clock& a, const Clock& b) {
  for (unsigned i = 0; i < kThreads; ++i) a[i] = std::max(a[i], b[i]);
}

std::uint32_t WeakMemory::id_of(Loc l, unsigned long now) {
  auto [it, fresh] = ids_.try_emplace(l, static_cast<std::uint32_t>(nlocs_));
  if (fresh) {
    // First access in this execution: the current value is the initial store, which
    // happens before every thread (the setup).
    if (nlocs_ == locs_.size()) locs_.emplace_back();
    auto& stores = locs_[nlocs_++].stores;
    stores.clear();
    stores.push_back(Msg{now, engine::kNoThread, Clock{}, View{}});
    if (l.bit >= 0) word_bits_[l.addr] |= 1ul << l.bit;
  }
  return it->second;
}

static std::uint32_t at(const WeakMemory::View& v, std::uint32_t id) { return id < v.size() ? v[id] : 0; }
static void raise(WeakMemory::View& v, std::uint32_t id, std::uint32_t idx) {
  if (v.size() <= id) v.resize(id + 1, 0);
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
  auto& stores = locs_[id].stores;
  ThreadState& s = threads_[t];
  // Candidates: every store not older than the thread's view of the location (coherence
  // and happens-before both raise the view), newest first so choice 0 is the SC one.
  thread_local std::vector<std::uint32_t> cand;
  cand.clear();
  for (std::uint32_t i = static_cast<std::uint32_t>(stores.size()); i-- > at(s.cur, id);)
    if (need_bit < 0 || (stores[i].value >> need_bit) & 1ul) cand.push_back(i);
  if (cand.empty()) cand.push_back(static_cast<std::uint32_t>(stores.size() - 1));
  // A location hidden by a per-page decomposition reads the newest store (one order).
  std::uint32_t pick = cand.size() > 1 && !engine::hidden(l.addr)
                           ? cand[engine::choose(static_cast<std::uint32_t>(cand.size()))]
                           : cand[0];
  const Msg& m = stores[pick];
  raise(s.cur, id, pick);
  unsigned long value = m.value;
  if (auto wb = l.bit < 0 ? word_bits_.find(l.addr) : word_bits_.end(); wb != word_bits_.end())
    for (unsigned long m = wb->second; m; m &= m - 1) {  // each tracked bit
      const int b = std::countr_zero(m);
      std::uint32_t bid = ids_.at(Loc{l.addr, b});
      const auto& bs = locs_[bid].stores;
      value = (value & ~(1ul << b)) | ((bs.back().value & 1ul) << b);
      raise(s.cur, bid, static_cast<std::uint32_t>(bs.size() - 1));
    }
  if (o == Order::Acquire || o == Order::Full) {
    acquire_msg(s, m);
  } else {
    join(s.acq_clock, m.clock);
    join(s.acq_view, m.view);
    if (l.bit < 0) {  // a word load (a pte): later address-dependent accesses order after it
      s.dep_clock = m.clock;
      s.dep_view = m.view;
    }
  }
  if (why) {
    std::string who = m.tid == engine::kNoThread ? std::string("the initial value")
                                                 : fmt::format("T{}'s store #{}", m.tid, pick);
    std::uint32_t newer = static_cast<std::uint32_t>(stores.size() - 1 - pick);
    if (newer == 0) {
      *why = fmt::format("rf {} (latest in modification order)", who);
    } else {
      const Msg& last = stores.back();
      *why = fmt::format(
          "rf {}, although {} newer store(s) exist (latest T{}'s #{}): allowed because no "
          "smp_wmb()/release -> smp_rmb()/acquire pair or smp_mb() orders them before this {} load",
          who, newer, last.tid, stores.size() - 1,
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
  if (auto wb = l.bit < 0 ? word_bits_.find(l.addr) : word_bits_.end(); wb != word_bits_.end())
    for (unsigned long m = wb->second; m; m &= m - 1) {  // each tracked bit
      const int b = std::countr_zero(m);
      targets.emplace_back(ids_.at(Loc{l.addr, b}), (val >> b) & 1ul);
    }
  for (const auto& [lid, v] : targets) raise(s.cur, lid, static_cast<std::uint32_t>(locs_[lid].stores.size()));
  for (const auto& [lid, v] : targets) {
    auto& stores = locs_[lid].stores;
    std::uint32_t idx = static_cast<std::uint32_t>(stores.size());
    Msg m{v, t, {}, {}};
    if (o == Order::Release || o == Order::Full) {
      m.clock = s.clock;
      m.view = s.cur;
    } else {
      // A relaxed store publishes what the last smp_wmb() released (fence-release rule).
      m.clock = s.rel_clock;
      m.view = s.rel_view;
    }
    if (rmw) {  // an RMW continues the release sequence of the store it overwrites
      join(m.clock, stores.back().clock);
      join(m.view, stores.back().view);
    }
    raise(m.view, lid, idx);
    stores.push_back(std::move(m));
  }
}

void WeakMemory::rmw_full(engine::ThreadId t, Loc l, unsigned long now, unsigned long val) {
  fence_full(t);
  std::uint32_t id = id_of(l, now);
  ThreadState& s = threads_[t];
  const Msg& last = locs_[id].stores.back();  // an RMW reads the latest store
  acquire_msg(s, last);
  raise(s.cur, id, static_cast<std::uint32_t>(locs_[id].stores.size() - 1));
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
  join(s.clock, s.acq_clock);
  join(s.cur, s.acq_view);
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
  if (it == locks_.end()) return;
  join(threads_[t].clock, it->second.clock);
  join(threads_[t].cur, it->second.view);
}

void WeakMemory::lock_release(engine::ThreadId t, const void* lock) {
  tick(t);
  Sync& y = locks_[lock];  // rwsems: readers' releases accumulate
  join(y.clock, threads_[t].clock);
  join(y.view, threads_[t].cur);
}

void WeakMemory::dependent_access(engine::ThreadId t) {
  ThreadState& s = threads_[t];
  join(s.clock, s.dep_clock);
  join(s.cur, s.dep_view);
}

std::string WeakMemory::tag_access(engine::ThreadId t, const void* granule, bool write,
                                   bool kernel, const char* what) {
  tick(t);
  TagState& g = tags_[granule];
  const Clock& c = threads_[t].clock;
  auto races = [&](const TagAccess& a) {
    return a.tid != engine::kNoThread && a.tid != t && a.epoch > c[a.tid] && (kernel || a.kernel);
  };
  TagAccess other{};
  if (races(g.write)) other = g.write;
  if (write && other.tid == engine::kNoThread)
    for (const auto& r : g.reads)
      if (races(r)) {
        other = r;
        break;
      }
  TagAccess me{t, c[t], kernel, what};
  if (write) {
    g.write = me;
    for (auto& r : g.reads) r = TagAccess{};
  } else {
    g.reads[t] = me;
  }
  if (other.tid == engine::kNoThread) return "";
  return fmt::format("data race on a tag granule: {} by T{} and {} by T{} with no happens-before "
                     "between them (a missing barrier, release/acquire or lock)",
                     what, t, other.what, other.tid);
}

}  // namespace tagrace::checkers
