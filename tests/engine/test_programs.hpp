// Tiny shared-memory vocabulary for the engine tests: locations are the addresses of
// ints in a per-program state, every access is a scheduling point, locks and flag
// waits block through Access::ready (waiting collapsed into blocking).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "checkers/engine/engine.hpp"

namespace tagrace::engine::testing {

inline LocKey key(const void* p) { return reinterpret_cast<LocKey>(p); }

/// Plain store with a scheduling point.
inline void store(int& v, int value) {
  schedule_point({.loc = key(&v), .kind = AccessKind::Write});
  v = value;
}
/// Plain load with a scheduling point.
inline int load(const int& v) {
  schedule_point({.loc = key(&v), .kind = AccessKind::Read});
  return v;
}
/// Atomic fetch-add with a scheduling point.
inline int fetch_add(int& v, int d) {
  schedule_point({.loc = key(&v), .kind = AccessKind::ReadModifyWrite});
  const int old = v;
  v += d;
  return old;
}

/// A mutex: acquiring a held one blocks until it is released.
struct TestLock {
  int held = 0;
  void lock(const char* what = "lock(l)") {
    schedule_point(
        {.loc = key(this),
         .kind = AccessKind::LockAcquire,
         .ready = [](const void* a) { return static_cast<const TestLock*>(a)->held == 0; },
         .ready_arg = this,
         .what = what});
    held = 1;
  }
  void unlock() {
    schedule_point({.loc = key(this), .kind = AccessKind::LockRelease});
    held = 0;
  }
};

/// Blocks until `flag` is non-zero (smp_cond_load_acquire-like), then reads it.
inline int wait_nonzero(const int& flag, const char* what = "wait(flag != 0)") {
  schedule_point({.loc = key(&flag),
                  .kind = AccessKind::Read,
                  .ready = [](const void* a) { return *static_cast<const int*>(a) != 0; },
                  .ready_arg = &flag,
                  .what = what});
  return flag;
}

/// Builds a Program over a fresh-per-execution State: reset() value-initialises it and
/// each body receives it by reference. The State is the program's whole state, so it
/// saves and restores by copy (state snapshots, ExploreOptions::snapshots).
template <typename State>
Program make_program(std::vector<std::function<void(State&)>> bodies,
                     std::function<void(State&)> final_check = nullptr) {
  auto state = std::make_shared<State>();
  auto shared_bodies =
      std::make_shared<std::vector<std::function<void(State&)>>>(std::move(bodies));
  auto saved = std::make_shared<std::vector<State>>();
  Program p;
  p.reset = [state] { *state = State{}; };
  p.save_state = [state, saved](std::size_t slot) {
    if (saved->size() <= slot) saved->resize(slot + 1);
    (*saved)[slot] = *state;
  };
  p.restore_state = [state, saved](std::size_t slot) { *state = (*saved)[slot]; };
  p.threads = [state, shared_bodies] {
    std::vector<std::function<void()>> out;
    for (auto& b : *shared_bodies) out.push_back([state, &b] { b(*state); });
    return out;
  };
  if (final_check) p.final_check = [state, final_check] { final_check(*state); };
  return p;
}

/// The random-program generators' xorshift64 stream: seeded as seed * mul + add, each
/// next(n) advances it and returns a value in [0, n).
class XorShift {
 public:
  XorShift(std::uint64_t seed, std::uint64_t mul, std::uint64_t add) : s_(seed * mul + add) {}
  int next(int n) {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return static_cast<int>(s_ % static_cast<std::uint64_t>(n));
  }

 private:
  std::uint64_t s_;
};

/// Runs `program` with the given search and otherwise default options.
inline ExploreResult run(const Program& program, SearchKind kind, ExploreOptions o = {}) {
  o.search = kind;
  return explore(program, o);
}

}  // namespace tagrace::engine::testing
