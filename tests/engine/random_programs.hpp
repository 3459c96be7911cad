// The random programs of the engine's cross-checks (DPOR against full enumeration,
// snapshots against re-execution): two or three threads of one to three steps over two
// shared ints, with writes, reads, atomics, a lock, blocking waits, data choices and bit
// operations; what each thread reads is logged in the World.
#pragma once

#include <cstdint>
#include <vector>

#include "tests/engine/test_programs.hpp"

namespace tagrace::engine::testing::random_programs {

struct World {
  int x[3] = {};
  TestLock lock;
  int log[3][8] = {};
  int logged[3] = {};
};

enum class Op { Write, Read, Add, Locked, Wait, Choose, BitSet };
struct Step {
  Op op;
  int loc;
  int value;
};

inline void note(World& w, int t, int v) { w.log[t][w.logged[t]++] = v; }

inline void perform(World& w, int t, const Step& s) {
  int& x = w.x[s.loc];
  switch (s.op) {
    case Op::Write:
      store(x, s.value);
      break;
    case Op::Read:
      note(w, t, load(x));
      break;
    case Op::Add:
      note(w, t, fetch_add(x, 1));
      break;
    case Op::Locked:
      w.lock.lock();
      store(x, load(x) + s.value);
      w.lock.unlock();
      break;
    case Op::Wait:
      note(w, t, wait_nonzero(x, "wait(x != 0)"));
      break;
    case Op::Choose:
      store(x, static_cast<int>(choose(2)) + 5);
      break;
    case Op::BitSet:
      schedule_point({.loc = key(&x), .kind = AccessKind::ReadModifyWrite, .sub = s.value});
      x |= 1 << s.value;
      break;
  }
}

/// `writes_of_zero`: writes store 0 too, so a write can disable a waiter again after
/// another enabled it (the waiter then reads a later write, or blocks for good).
inline std::vector<std::vector<Step>> random_program(std::uint64_t seed,
                                                     bool writes_of_zero = false) {
  XorShift rng(seed, 0x9E3779B97F4A7C15ull, 1);
  auto next = [&rng](int n) { return rng.next(n); };
  std::vector<std::vector<Step>> threads(2 + next(2));
  for (auto& steps : threads) {
    const int len = 1 + next(3);
    for (int i = 0; i < len; ++i) {
      const Op op = static_cast<Op>(next(7));
      const int loc = next(2);
      const int value = op == Op::BitSet                    ? next(2)
                        : op == Op::Write && writes_of_zero ? next(3)
                                                            : 1 + next(2);
      steps.push_back({op, loc, value});
    }
  }
  return threads;
}

}  // namespace tagrace::engine::testing::random_programs
