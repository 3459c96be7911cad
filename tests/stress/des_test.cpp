// The projection's simulation on cases with a known answer: an M/D/1 lock queue
// (Pollaczek-Khinchine), a saturated lock, independent workers, and init-once semantics.
#include <gtest/gtest.h>

#include "bench/projection/des.hpp"
#include "bench/projection/projection.hpp"

namespace tagrace::projection {
namespace {

TEST(Des, AnMD1LockQueueWaitsAsPollaczekKhinchinePredicts) {
  for (double rho : {0.3, 0.6, 0.8}) {
    double service = 100, rate = rho / service;
    double expected = rho * service / (2 * (1 - rho));
    double got = simulate_md1_wait(rate, service, 400000, 7);
    EXPECT_NEAR(got, expected, expected * 0.05) << "rho " << rho;
  }
}

/// An op that initialises `page` under `lock`, nothing else.
SimOp page_op(int page, int lock) {
  SimOp op;
  op.page = page;
  op.lock = lock;
  return op;
}

TEST(Des, ASaturatedGlobalLockServesOneHoldPlusOneTransferAtATime) {
  // 4 workers, no work outside the lock, every op a fresh page under lock 0.
  std::vector<std::vector<SimOp>> ops(4);
  for (unsigned w = 0; w < 4; ++w)
    for (int i = 0; i < 500; ++i) ops[w].push_back(page_op(static_cast<int>(w * 1000 + i), 0));
  SimCosts c;
  c.base_ns = 0, c.init_ns = 80, c.lock_ns = 20, c.line_ns = 50;
  SimResult r = simulate(SyncKind::Lock, ops, c, 1);
  double per_op = 80 + 20 + 50;  // hold + hand-off to another core (almost always)
  EXPECT_NEAR(r.round_ns, 2000 * per_op, 2000 * per_op * 0.05);
}

TEST(Des, IndependentWorkersScaleLinearly) {
  SimCosts c;
  c.base_ns = 1000, c.init_ns = 100, c.lock_ns = 20, c.line_ns = 50;
  auto one = simulate(SyncKind::PageBit, workload_ops("vm-startup", "pg-mte-lock", 1, {}), c);
  auto eight = simulate(SyncKind::PageBit, workload_ops("vm-startup", "pg-mte-lock", 8, {}), c);
  EXPECT_NEAR(eight.ops_per_s / one.ops_per_s, 8.0, 0.01);
  EXPECT_NEAR(one.round_ns, 256 * 1120.0, 1.0);  // base + lock + init per fresh page
}

TEST(Des, OnlyTheFirstArrivalInitialisesASharedPage) {
  SimCosts c;
  c.base_ns = 0, c.init_ns = 1000, c.lock_ns = 0, c.line_ns = 0;
  std::vector<std::vector<SimOp>> ops(2, std::vector<SimOp>{page_op(7, 0)});
  // Both arrive at t=0: one inits (1000 ns), the other waits for it, then re-checks.
  EXPECT_NEAR(simulate(SyncKind::Lock, ops, c, 1).round_ns, 1000, 1);
  EXPECT_NEAR(simulate(SyncKind::PageBit, ops, c, 1).round_ns, 1000, 1);
  EXPECT_NEAR(simulate(SyncKind::Lockless, ops, c, 1).round_ns, 1000, 1);
}

// Kernel sections as queues: a deterministic closed loop of two workers over one shared
// lock cycles at max(think + hold, 2 x hold) per op (the machine-repairman bound).
TEST(Des, AKernelSectionQueuesAtTheDeterministicClosedLoopRate) {
  SimCosts c;
  c.base_ns = 0, c.init_ns = 0, c.lock_ns = 0, c.line_ns = 0;
  for (auto [think, hold] : {std::pair{300.0, 100.0}, std::pair{100.0, 300.0}}) {
    c.base_ns = think;
    std::vector<std::vector<SimOp>> ops(2);
    for (auto& w : ops)
      for (int i = 0; i < 400; ++i) {
        SimOp op;
        op.pre_sections = {SimOp::Section{kIPagesLock, hold}};
        w.push_back(op);
      }
    double cycle = std::max(think + hold, 2 * hold);
    EXPECT_NEAR(simulate(SyncKind::None, ops, c, 1).round_ns, 400 * cycle, 400 * cycle * 0.02)
        << think << " " << hold;
  }
}

// Two resources in tandem (i_pages, then the page lock around the init): three workers
// with no other work are served at the slower station's rate, and the page lock
// serialises the first init so a page is initialised once.
TEST(Des, TandemKernelLocksServeAtTheBottleneckRate) {
  SimCosts c;
  c.base_ns = 0, c.init_ns = 50, c.lock_ns = 0, c.line_ns = 0;
  std::vector<std::vector<SimOp>> ops(3);
  for (auto& w : ops)
    for (int i = 0; i < 300; ++i) {
      SimOp op;
      op.page = i;
      op.pre_sections = {SimOp::Section{kIPagesLock, 100}};
      op.outer = SimOp::Section{kPageLockBase + i, 200};
      w.push_back(op);
    }
  // Bounds: the shared i_pages station alone needs 3 x 100 per page; fully serial
  // service would be 3 x (100 + 200) + 50. Page locks of different pages overlap, so
  // the workers pipeline: each op still costs its own 300 plus waits.
  SimResult r = simulate(SyncKind::Lockless, ops, c, 1);
  EXPECT_GE(r.round_ns, 300 * 300.0);
  EXPECT_LE(r.round_ns, 300 * (3 * 300.0 + 50));
  EXPECT_GT(r.round_ns, 300 * 300.0 * 1.05);  // queueing shows: not the bare station bound
  EXPECT_GT(r.lock_wait_share, 0.05);
}

// The memfd's pages are all in the page cache, so the model's shmem_get_folio finds
// them by an RCU lookup: no i_pages lock in shared-storm's or mixed's operations.
TEST(Projection, SharedStormQueuesOnThePageLockButNotOnIPages) {
  auto ops = workload_ops("shared-storm", "flag-first", 2, {});
  ASSERT_EQ(ops[0].size(), 257u);
  EXPECT_TRUE(ops[0][1].pre_sections.empty());
  auto mixed = workload_ops("mixed", "flag-first", 2, {});
  EXPECT_TRUE(mixed[0][1].pre_sections.empty());
  EXPECT_EQ(mixed[0][1].outer.lock, mixed[1][1].outer.lock);
  EXPECT_EQ(ops[0][1].outer.lock, ops[1][1].outer.lock);  // the same page's PG_locked
  EXPECT_NE(ops[0][1].outer.lock, ops[0][2].outer.lock);
}

TEST(Projection, StrategiesMapToTheirSerialisation) {
  EXPECT_EQ(sync_kind_of("global-lock"), SyncKind::Lock);
  EXPECT_EQ(sync_kind_of("pg-mte-lock"), SyncKind::PageBit);
  EXPECT_EQ(sync_kind_of("no-flag"), SyncKind::None);
  EXPECT_EQ(sync_kind_of("flag-first"), SyncKind::Lockless);
  EXPECT_THROW(workload_ops("nope", "flag-first", 1, {}), std::invalid_argument);
}

}  // namespace
}  // namespace tagrace::projection
