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

TEST(Des, ASaturatedGlobalLockServesOneHoldPlusOneTransferAtATime) {
  // 4 workers, no work outside the lock, every op a fresh page under lock 0.
  std::vector<std::vector<SimOp>> ops(4);
  for (unsigned w = 0; w < 4; ++w)
    for (int i = 0; i < 500; ++i) ops[w].push_back(SimOp{static_cast<int>(w * 1000 + i), 0, {}});
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
  std::vector<std::vector<SimOp>> ops(2, std::vector<SimOp>{SimOp{7, 0, {}}});
  // Both arrive at t=0: one inits (1000 ns), the other waits for it, then re-checks.
  EXPECT_NEAR(simulate(SyncKind::Lock, ops, c, 1).round_ns, 1000, 1);
  EXPECT_NEAR(simulate(SyncKind::PageBit, ops, c, 1).round_ns, 1000, 1);
  EXPECT_NEAR(simulate(SyncKind::Lockless, ops, c, 1).round_ns, 1000, 1);
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
