// The event loop of the projection (see des.hpp). Each worker is a small state machine:
// pre-work, sync step (fast path, lock queue or init wait), post-work. Lock hand-off
// picks a random waiter, as a test-and-test-and-set spinlock does, and the new owner
// pays one cache-line transfer from the releasing core.
#include "bench/projection/des.hpp"

#include <algorithm>
#include <deque>
#include <queue>
#include <random>
#include <unordered_map>

namespace tagrace::projection {

namespace {

struct Ev {
  double t;
  std::uint64_t seq;
  unsigned w;
  int phase;
  bool operator>(const Ev& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

enum Phase { kStart, kSync, kRelease, kExtra, kExtraRelease, kPost, kPre, kPreRelease, kOuter, kSyncDone };

/// Why a worker waits on a lock (stored in the waiter list's top bits).
enum Purpose : unsigned { kForSync = 0, kForExtra = 1, kForPre = 2, kForOuter = 3 };

struct Sim {
  SyncKind kind;
  const std::vector<std::vector<SimOp>>& ops;
  const SimCosts& c;
  std::mt19937_64 rng;
  std::priority_queue<Ev, std::vector<Ev>, std::greater<>> q;
  std::uint64_t seq = 0;
  std::vector<std::size_t> idx;
  std::vector<double> op_start, wait_from;
  std::vector<std::size_t> pre_i;
  std::unordered_map<int, int> page_state;            ///< 0 untagged, 1 initialising, 2 tagged
  std::unordered_map<int, std::vector<unsigned>> page_waiters;
  struct Lock { int owner = -1; int last = -1; std::vector<unsigned> waiters; };
  std::unordered_map<int, Lock> locks;
  std::unordered_map<int, int> line_owner;
  std::vector<double> lat;
  double wait_ns = 0, busy_end = 0;

  Sim(SyncKind k, const std::vector<std::vector<SimOp>>& o, const SimCosts& cc, std::uint64_t seed)
      : kind(k), ops(o), c(cc), rng(seed) {}

  double xfer(unsigned a, int b) {
    if (b < 0 || static_cast<unsigned>(b) == a) return 0;
    return c.line_ns * (c.distance_factor ? c.distance_factor(a, static_cast<unsigned>(b)) : 1.0);
  }
  void at(double t, unsigned w, int ph) { q.push(Ev{t, seq++, w, ph}); }
  const SimOp& cur(unsigned w) { return ops[w][idx[w]]; }

  double hold_for(unsigned w, int lock_id) {
    const SimOp& op = cur(w);
    double h = c.lock_ns + xfer(w, locks[lock_id].last);
    if (page_state[op.page] != 2) h += c.init_ns;
    return h;
  }
  void grant(double t, unsigned w, int lock_id) {
    Lock& l = locks[lock_id];
    double h = hold_for(w, lock_id);
    l.owner = static_cast<int>(w);
    l.last = static_cast<int>(w);
    at(t + h, w, kRelease);
  }
  void step(const Ev& e) {
    unsigned w = e.w;
    double t = e.t;
    switch (e.phase) {
      case kStart: {
        if (idx[w] >= ops[w].size()) {
          busy_end = std::max(busy_end, t);
          return;
        }
        op_start[w] = t;
        double pre = c.base_ns / 2;
        for (int line : cur(w).shared_lines) {
          pre += xfer(w, line_owner.count(line) ? line_owner[line] : -1);
          line_owner[line] = static_cast<int>(w);
        }
        pre_i[w] = 0;
        at(t + pre, w, kPre);
        return;
      }
      case kPre: {
        const SimOp& op = cur(w);
        if (pre_i[w] >= op.pre_sections.size()) return at(t, w, kOuter);
        return acquire(t, w, op.pre_sections[pre_i[w]].lock, kForPre);
      }
      case kPreRelease: {
        release_any(t, cur(w).pre_sections[pre_i[w]].lock);
        ++pre_i[w];
        return at(t, w, kPre);
      }
      case kOuter: {
        const SimOp& op = cur(w);
        if (op.outer.lock < 0) return at(t, w, kSync);
        return acquire(t, w, op.outer.lock, kForOuter);
      }
      case kSyncDone: {
        const SimOp& op = cur(w);
        if (op.outer.lock >= 0) release_any(t, op.outer.lock);
        return at(t, w, kExtra);
      }
      case kSync: {
        const SimOp& op = cur(w);
        if (kind == SyncKind::None || op.page < 0 || page_state[op.page] == 2) return at(t, w, kSyncDone);
        if (kind == SyncKind::Lockless) {
          bool first = page_state[op.page] == 0;
          page_state[op.page] = 2;  // the flag is visible at once; only the first pays
          return at(t + (first ? c.init_ns : 0), w, kSyncDone);
        }
        if (kind == SyncKind::PageBit) {
          if (page_state[op.page] == 1) {
            wait_from[w] = t;
            page_waiters[op.page].push_back(w);
            return;
          }
          page_state[op.page] = 1;
          return at(t + c.lock_ns + c.init_ns, w, kRelease);
        }
        return acquire(t, w, op.lock, kForSync);
      }
      case kRelease: {
        const SimOp& op = cur(w);
        page_state[op.page] = 2;
        if (kind == SyncKind::PageBit) {
          for (unsigned v : page_waiters[op.page]) {
            wait_ns += t + xfer(v, static_cast<int>(w)) - wait_from[v];
            at(t + xfer(v, static_cast<int>(w)), v, kSyncDone);
          }
          page_waiters[op.page].clear();
        } else {
          release_any(t, op.lock);
        }
        return at(t, w, kSyncDone);
      }
      case kExtra: {
        const SimOp& op = cur(w);
        if (kind != SyncKind::Lock || op.extra_lock < 0) return at(t, w, kPost);
        return acquire(t, w, op.extra_lock, kForExtra);
      }
      case kExtraRelease: {
        release_any(t, cur(w).extra_lock);
        return at(t, w, kPost);
      }
      case kPost: {
        double done = t + c.base_ns / 2;
        lat.push_back(done - op_start[w]);
        ++idx[w];
        return at(done, w, kStart);
      }
    }
  }

  /// Takes lock_id for `why` now, or queues the worker behind the owner.
  void acquire(double t, unsigned w, int lock_id, Purpose why) {
    Lock& l = locks[lock_id];
    if (l.owner < 0) return take(t, w, lock_id, why);
    wait_from[w] = t;
    l.waiters.push_back(w | (static_cast<unsigned>(why) << 30));
  }
  /// w owns lock_id from t: the hold (plus the lock line's transfer) and the next phase.
  void take(double t, unsigned w, int lock_id, Purpose why) {
    if (why == kForSync) return grant(t, w, lock_id);
    Lock& l = locks[lock_id];
    const SimOp& op = cur(w);
    double h = xfer(w, l.last);
    l.owner = static_cast<int>(w);
    l.last = static_cast<int>(w);
    switch (why) {
      case kForExtra: return at(t + h + c.lock_ns + op.extra_hold_ns, w, kExtraRelease);
      case kForPre: return at(t + h + op.pre_sections[pre_i[w]].hold_ns, w, kPreRelease);
      default: return at(t + h + op.outer.hold_ns, w, kSync);  // held until kSyncDone
    }
  }
  /// Release: a random spinning waiter wins (test-and-test-and-set, no FIFO).
  void release_any(double t, int lock_id) {
    Lock& l = locks[lock_id];
    l.owner = -1;
    if (l.waiters.empty()) return;
    std::uniform_int_distribution<std::size_t> pick(0, l.waiters.size() - 1);
    std::size_t i = pick(rng);
    unsigned tagged = l.waiters[i];
    l.waiters.erase(l.waiters.begin() + static_cast<long>(i));
    unsigned w = tagged & 0x3fffffffu;
    wait_ns += t - wait_from[w];
    take(t, w, lock_id, static_cast<Purpose>(tagged >> 30));
  }

  double run_round() {
    const unsigned n = static_cast<unsigned>(ops.size());
    idx.assign(n, 0);
    op_start.assign(n, 0);
    wait_from.assign(n, 0);
    pre_i.assign(n, 0);
    page_state.clear();
    page_waiters.clear();
    locks.clear();
    busy_end = 0;
    for (unsigned w = 0; w < n; ++w) at(0, w, kStart);
    while (!q.empty()) {
      Ev e = q.top();
      q.pop();
      step(e);
    }
    return busy_end;
  }
};

}  // namespace

SimResult simulate(SyncKind kind, const std::vector<std::vector<SimOp>>& ops, const SimCosts& c, unsigned rounds,
                   std::uint64_t seed) {
  Sim s(kind, ops, c, seed);
  SimResult r;
  double total = 0;
  std::uint64_t per_round = 0;
  for (const auto& v : ops) per_round += v.size();
  for (unsigned i = 0; i < rounds; ++i) total += s.run_round();
  r.ops = per_round * rounds;
  r.round_ns = rounds ? total / rounds : 0;
  r.ops_per_s = r.round_ns > 0 ? per_round / (r.round_ns * 1e-9) : 0;
  if (!s.lat.empty()) {
    std::vector<double> l = s.lat;
    std::sort(l.begin(), l.end());
    r.p99_ns = l[static_cast<std::size_t>(0.99 * (l.size() - 1))];
    double sum = 0;
    for (double x : l) sum += x;
    r.mean_ns = sum / l.size();
    r.lock_wait_share = sum > 0 ? s.wait_ns / sum : 0;
  }
  return r;
}

double simulate_md1_wait(double rate_per_ns, double service_ns, std::uint64_t arrivals, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(rate_per_ns);
  // Event-driven FIFO server: arrivals and departures in time order.
  std::priority_queue<std::pair<double, int>, std::vector<std::pair<double, int>>, std::greater<>> q;
  std::deque<double> waiting;
  bool busy = false;
  double t = 0, total_wait = 0;
  std::uint64_t served = 0;
  q.push({gap(rng), 0});
  std::uint64_t arrived = 0;
  while (!q.empty()) {
    auto [now, kind] = q.top();
    q.pop();
    t = now;
    if (kind == 0) {  // arrival
      if (++arrived < arrivals) q.push({t + gap(rng), 0});
      if (!busy) busy = true, ++served, q.push({t + service_ns, 1});
      else waiting.push_back(t);
    } else if (!waiting.empty()) {  // departure with a queue: FIFO hand-off
      total_wait += t - waiting.front();
      waiting.pop_front();
      ++served;
      q.push({t + service_ns, 1});
    } else {
      busy = false;
    }
  }
  return served ? total_wait / served : 0;
}

}  // namespace tagrace::projection
