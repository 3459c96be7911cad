// The shadow checker and its building blocks, deterministically: an injected late init
// is a tag loss, a stale granule is a stale exposure; plus the latency histogram, the
// instrumented lock counters and hwloc topologies.
#include <gtest/gtest.h>

#include "bench/stress/instrumented_primitives.hpp"
#include "bench/stress/latency_histogram.hpp"
#include "bench/stress/shadow_checker.hpp"
#include "bench/stress/topology.hpp"
#include "model/paths/tag_ops.hpp"

namespace tagrace::stress {
namespace {

std::vector<model::page> pages(unsigned n, unsigned granules) {
  std::vector<model::page> v(n);
  for (unsigned i = 0; i < n; ++i) {
    v[i].pfn = model::PFN_BASE + i;
    v[i].head = &v[i];
    v[i].tags.assign(granules, model::TAG_INIT);
  }
  return v;
}

TEST(ShadowChecker, ALateInitAfterAUserWriteIsCountedAsATagLoss) {
  auto pg = pages(4, 64);
  model::RealPrimitives p;
  ShadowChecker s;
  s.reset(model::PFN_BASE, pg.size(), 64);
  EXPECT_FALSE(s.user_access(p, &pg[1], 3));
  EXPECT_FALSE(s.user_access(p, &pg[1], 5));
  std::vector<model::page*> all{&pg[0], &pg[1], &pg[2], &pg[3]};
  EXPECT_EQ(s.count_losses(all), 0u);
  model::mte_clear_page_tags(p, &pg[1]);  // the injected loss: a second init of page 1
  EXPECT_EQ(s.count_losses(all), 2u);     // both users' granules are gone
}

TEST(ShadowChecker, AStaleGranuleSeenByTheUserIsAStaleExposure) {
  auto pg = pages(1, 64);
  pg[0].tags.assign(64, model::TAG_STALE);
  model::RealPrimitives p;
  ShadowChecker s;
  s.reset(model::PFN_BASE, 1, 64);
  EXPECT_TRUE(s.user_access(p, &pg[0], 0));
  EXPECT_FALSE(s.user_access(p, &pg[0], 0));  // now it holds the user's own tag
}

TEST(LatencyHistogram, PercentilesAreOrderedAndWithinThreePercent) {
  LatencyHistogram h;
  for (std::uint64_t v = 1; v <= 100000; ++v) h.record(v);
  EXPECT_NEAR(h.percentile(0.5), 50000, 50000 * 0.035);
  EXPECT_NEAR(h.percentile(0.99), 99000, 99000 * 0.035);
  EXPECT_LE(h.percentile(0.99), h.percentile(0.999));
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_DOUBLE_EQ(h.cdf().back().second, 1.0);
}

TEST(InstrumentedPrimitives, CountTagLockAcquisitionsWaitsAndHolds) {
  InstrumentedRealPrimitives p;
  WorkerProbe probe;
  InstrumentedRealPrimitives::bind(&probe);
  model::spinlock_t tag{0, "tag_sync_lock"}, ptl{0, "ptl"};
  p.spin_lock(&ptl);
  p.spin_lock(&tag);
  p.spin_unlock(&tag);
  p.spin_unlock(&ptl);
  unsigned long flags = 0;
  EXPECT_FALSE(p.test_and_set_bit(model::PG_mte_lock, &flags));
  EXPECT_TRUE(p.test_and_set_bit(model::PG_mte_lock, &flags));  // a contended attempt
  p.set_bit(model::PG_mte_tagged, &flags);
  InstrumentedRealPrimitives::bind(nullptr);
  EXPECT_EQ(probe.tag_lock.acquisitions, 3u);
  EXPECT_EQ(probe.tag_lock.contended, 1u);
  EXPECT_EQ(probe.kernel_lock.acquisitions, 1u);
  EXPECT_TRUE(probe.held.empty());
  EXPECT_EQ(probe.bitlock, nullptr);
}

TEST(InstrumentedPrimitives, TagsPlusDataZeroesThePageData) {
  InstrumentedRealPrimitives p;
  p.init_mode = InitMode::TagsData;
  std::vector<std::byte> data(2 * 4096, std::byte{0xff});
  p.data = data.data();
  p.data_pages = 2;
  p.data_pfn_base = model::PFN_BASE;
  auto pg = pages(2, 64);
  model::mte_clear_page_tags(p, &pg[1]);
  EXPECT_EQ(data[4096 + 100], std::byte{0});
  EXPECT_EQ(data[100], std::byte{0xff});
}

TEST(Topology, ASyntheticDescriptionGivesItsCoresAndDistances) {
  std::string err;
  auto t = Topology::synthetic("package:2 numa:2 core:4 pu:1", err);
  ASSERT_TRUE(t) << err;
  EXPECT_EQ(t->cores().size(), 16u);
  EXPECT_EQ(t->nr_packages(), 2u);
  EXPECT_EQ(t->distance(0, 1), Topology::Distance::SameNuma);
  EXPECT_EQ(t->distance(0, 4), Topology::Distance::SamePackage);
  EXPECT_EQ(t->distance(0, 8), Topology::Distance::CrossPackage);
  EXPECT_FALSE(Topology::synthetic("banana:3", err));
  EXPECT_FALSE(err.empty());
}

TEST(Topology, ThisMachineHasAtLeastOneCore) {
  auto t = Topology::discover();
  EXPECT_GE(t.cores().size(), 1u);
  EXPECT_NE(t.pin_current_thread(0, false).find("worker 0"), std::string::npos);
}

}  // namespace
}  // namespace tagrace::stress
