// WeakMemory state snapshots, driven directly (choose() is 0 outside an exploration: the
// newest candidate store). After restore_state() the model must be where it was at the
// save: what the threads did after it (stores, lock releases, tracked bits, tag accesses,
// clocks) is gone, and what they did before it is still there, across several restores.
#include <gtest/gtest.h>

#include "tests/weak/weak_memory_direct.hpp"

namespace tagrace::checkers {
namespace {

using namespace testing;

TEST(WeakMemorySnapshot, StoresAfterTheSaveAreGoneAndThoseBeforeRemain) {
  WeakMemory w;
  unsigned long x = 0, y = 0;
  model::StateBuffer s;
  w.reset();
  w.store(T0, {addr(&x), -1}, 0, 1, Order::Relaxed);
  w.save_state(s);
  w.store(T0, {addr(&x), -1}, 1, 2, Order::Relaxed);
  w.store(T0, {addr(&y), -1}, 0, 7, Order::Relaxed);  // a location first used after the save
  EXPECT_EQ(w.load(T1, {addr(&x), -1}, 2, Order::Relaxed, nullptr), 2u);
  for (int i = 0; i < 3; ++i) {
    s.rewind();
    w.restore_state(s);
    EXPECT_TRUE(s.consumed());
    // x's history is back to its initial value and T0's store of 1; y has none, so the
    // value passed (the memory's, here a stale 5) is its initial store.
    EXPECT_EQ(w.load(T1, {addr(&x), -1}, 1, Order::Relaxed, nullptr), 1u);
    EXPECT_EQ(w.load(T1, {addr(&y), -1}, 5, Order::Relaxed, nullptr), 5u);
    w.store(T0, {addr(&x), -1}, 1, 3 + i, Order::Relaxed);
    EXPECT_EQ(w.load(T1, {addr(&x), -1}, 3 + i, Order::Relaxed, nullptr), 3u + i);
  }
}

TEST(WeakMemorySnapshot, RestoresInAnyOrder) {
  // The engine restores the snapshots on its current path, deepest first, so a message
  // saved is normally still in its slot; here an older snapshot's restore lets T1's store
  // take the slot of T0's release, and the newer snapshot must bring T0's message back
  // (its value, and the clock that orders T0's init before T1's acquire).
  WeakMemory w;
  unsigned long x = 0;
  unsigned char granule = 0;
  model::StateBuffer older, newer;
  w.reset();
  w.store(T0, {addr(&x), -1}, 0, 1, Order::Relaxed);
  w.save_state(older);
  EXPECT_EQ(tag_access(w, T0, &granule, true, true, "init"), "");
  w.store(T0, {addr(&x), -1}, 1, 2, Order::Release);
  w.save_state(newer);
  older.rewind();
  w.restore_state(older);
  w.store(T1, {addr(&x), -1}, 1, 9, Order::Relaxed);
  newer.rewind();
  w.restore_state(newer);
  EXPECT_TRUE(newer.consumed());
  constexpr engine::ThreadId T2 = 2;
  EXPECT_EQ(w.load(T2, {addr(&x), -1}, 2, Order::Acquire, nullptr), 2u);
  EXPECT_EQ(tag_access(w, T2, &granule, false, false, "load"), "");
}

TEST(WeakMemorySnapshot, ALockReleasedAfterTheSaveOrdersNothing) {
  WeakMemory w;
  int before = 0, after = 0;
  unsigned char granule = 0;
  model::StateBuffer s;
  w.reset();
  EXPECT_EQ(tag_access(w, T0, &granule, true, true, "init"), "");
  w.lock_release(T0, &before);
  w.save_state(s);
  w.lock_release(T0, &after);
  s.rewind();
  w.restore_state(s);
  w.lock_acquire(T1, &after);
  EXPECT_NE(tag_access(w, T1, &granule, false, false, "load"), "")
      << "T1 acquired a release made after the save";
  s.rewind();
  w.restore_state(s);
  w.lock_acquire(T1, &before);  // released before the save: orders the init
  EXPECT_EQ(tag_access(w, T1, &granule, false, false, "load"), "");
}

TEST(WeakMemorySnapshot, ALockReleasedAgainAfterTheSaveKeepsItsSavedClock) {
  // After the save T0 writes the granule and releases the lock again. Restored, T0 makes
  // the same write (with the same epoch): T1's acquire must give it only the release
  // made before the save, which does not order that write.
  WeakMemory w;
  int lock = 0;
  unsigned char granule = 0;
  model::StateBuffer s;
  w.reset();
  w.lock_release(T0, &lock);
  w.save_state(s);
  EXPECT_EQ(tag_access(w, T0, &granule, true, true, "init"), "");
  w.lock_release(T0, &lock);
  s.rewind();
  w.restore_state(s);
  EXPECT_EQ(tag_access(w, T0, &granule, true, true, "init"), "");
  w.lock_acquire(T1, &lock);
  EXPECT_NE(tag_access(w, T1, &granule, false, false, "load"), "");
}

TEST(WeakMemorySnapshot, APendingAddressDependencyComesBack) {
  // T0 read the pte T1 published after smp_wmb(); the tag access through it (a dependent
  // access) orders T1's init before it, after every restore of a save made in between.
  WeakMemory w;
  unsigned long pte = 0;
  unsigned char granule = 0;
  model::StateBuffer s;
  w.reset();
  EXPECT_EQ(tag_access(w, T1, &granule, true, true, "init"), "");
  w.fence_release(T1);
  w.store(T1, {addr(&pte), -1}, 0, 1, Order::Relaxed);
  EXPECT_EQ(w.load(T0, {addr(&pte), -1}, 1, Order::Relaxed, nullptr), 1u);
  w.save_state(s);
  for (int i = 0; i < 2; ++i) {
    w.dependent_access(T0);
    EXPECT_EQ(tag_access(w, T0, &granule, false, false, "load"), "");
    s.rewind();
    w.restore_state(s);
  }
}

TEST(WeakMemorySnapshot, AGranuleForgetsTheAccessesAfterTheSave) {
  WeakMemory w;
  unsigned char a = 0, b = 0;
  model::StateBuffer s;
  w.reset();
  EXPECT_EQ(tag_access(w, T0, &a, false, true, "read"), "");
  w.save_state(s);
  EXPECT_EQ(tag_access(w, T0, &b, true, true, "init"), "");
  EXPECT_EQ(tag_access(w, T0, &a, true, true, "init"), "");
  s.rewind();
  w.restore_state(s);
  // b's write and a's write are gone: T1 races with neither. a's read before the save is
  // kept: T1's kernel write races with it.
  EXPECT_EQ(tag_access(w, T1, &b, false, false, "load"), "");
  EXPECT_EQ(tag_access(w, T1, &a, false, false, "load"), "");
  EXPECT_NE(tag_access(w, T1, &a, true, true, "init"), "");
}

TEST(WeakMemorySnapshot, AFlagsWordForgetsTheBitsTrackedAfterTheSave) {
  WeakMemory w;
  unsigned long flags = 0;
  model::StateBuffer s;
  w.reset();
  w.store(T0, {addr(&flags), 3}, 0, 1, Order::Relaxed, true);  // set_bit(3)
  w.save_state(s);
  w.store(T0, {addr(&flags), 5}, 0, 1, Order::Relaxed, true);  // set_bit(5)
  EXPECT_EQ(w.load(T1, {addr(&flags), -1}, 0, Order::Relaxed, nullptr), 40u);
  s.rewind();
  w.restore_state(s);
  // Bit 3 comes from its own history; bit 5 is untracked again, so the word's value passed
  // (stale on purpose: bit 3 clear) decides it.
  EXPECT_EQ(w.load(T1, {addr(&flags), -1}, 0, Order::Relaxed, nullptr), 8u);
  s.rewind();
  w.restore_state(s);
  EXPECT_EQ(w.load(T1, {addr(&flags), -1}, 32, Order::Relaxed, nullptr), 40u);
}

TEST(WeakMemorySnapshot, ThreadClocksComeBack) {
  // T1 (which had fenced before the save) and T2 (which had done nothing) acquire T0's
  // release after the save; restored, both are unordered with T0's init again.
  constexpr engine::ThreadId T2 = 2;
  WeakMemory w;
  unsigned long flag = 0;
  unsigned char granule = 0;
  model::StateBuffer s;
  w.reset();
  EXPECT_EQ(tag_access(w, T0, &granule, true, true, "init"), "");
  w.fence_release(T1);
  w.save_state(s);
  w.store(T0, {addr(&flag), -1}, 0, 1, Order::Release);
  for (engine::ThreadId t : {T1, T2}) {
    EXPECT_EQ(w.load(t, {addr(&flag), -1}, 1, Order::Acquire, nullptr), 1u);
    EXPECT_EQ(tag_access(w, t, &granule, false, false, "load"), "");
  }
  for (engine::ThreadId t : {T1, T2}) {
    s.rewind();
    w.restore_state(s);
    EXPECT_NE(tag_access(w, t, &granule, false, false, "load"), "") << "T" << t;
  }
}

TEST(WeakMemorySnapshot, AResetAfterARestoreStartsOver) {
  WeakMemory w;
  unsigned long x = 0;
  model::StateBuffer s;
  w.reset();
  w.store(T0, {addr(&x), -1}, 0, 1, Order::Relaxed);
  w.save_state(s);
  s.rewind();
  w.restore_state(s);
  w.reset();
  EXPECT_EQ(w.load(T1, {addr(&x), -1}, 0, Order::Relaxed, nullptr), 0u);
}

}  // namespace
}  // namespace tagrace::checkers
