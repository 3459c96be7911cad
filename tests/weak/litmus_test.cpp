// Classic litmus tests against the weak mode, each named after its file in the kernel's
// tools/memory-model/litmus-tests with that file's "Result:" (Sometimes/Never). Shapes
// the checker does not explore (load buffering, modification order against execution
// order) are pinned as documented exceptions: tagrace says Never where LKMM says Sometimes.
#include <gtest/gtest.h>

#include "checkers/engine/heap_watch.hpp"
#include "litmus_harness.hpp"

namespace tagrace::weaktest {
namespace {

using P = model::Primitives;
enum class Lkmm { Sometimes, Never };

void expect(const char* name, Lkmm lkmm, const std::vector<Body>& t,
            const std::function<bool(const World&)>& exists, bool exception = false) {
  auto weak = run_litmus(t, exists, checkers::MemoryModel::Weak);
  auto sc = run_litmus(t, exists, checkers::MemoryModel::SC);
  EXPECT_TRUE(weak.verified) << name;
  bool want = lkmm == Lkmm::Sometimes && !exception;
  EXPECT_EQ(weak.observed, want) << name << " (weak, " << weak.executions << " executions)";
  EXPECT_FALSE(sc.observed) << name << " (SC never shows a weak outcome)";
  EXPECT_GE(weak.executions, sc.executions) << name;
  // The harness compares each run with snapshots against one without: the comparison
  // means something only if executions did start from a saved weak state (none can in
  // an ASan build, which has no snapshots).
  if (engine::detail::snapshots_supported()) {
    EXPECT_GT(weak.restored, 0u) << name;
  }
}

// ---- SB: store buffering ------------------------------------------------------------
TEST(Litmus, SB_poonceonces_Sometimes) {
  expect("SB+poonceonces", Lkmm::Sometimes,
         {[](P& p, World& w) { p.write_once(&w.x, 1); w.r[0][0] = p.read_once(&w.y); },
          [](P& p, World& w) { p.write_once(&w.y, 1); w.r[1][0] = p.read_once(&w.x); }},
         [](const World& w) { return w.r[0][0] == 0 && w.r[1][0] == 0; });
}
TEST(Litmus, SB_fencembonceonces_Never) {
  expect("SB+fencembonceonces", Lkmm::Never,
         {[](P& p, World& w) { p.write_once(&w.x, 1); p.smp_mb(); w.r[0][0] = p.read_once(&w.y); },
          [](P& p, World& w) { p.write_once(&w.y, 1); p.smp_mb(); w.r[1][0] = p.read_once(&w.x); }},
         [](const World& w) { return w.r[0][0] == 0 && w.r[1][0] == 0; });
}

// ---- MP: message passing -------------------------------------------------------------
auto mp_exists = [](const World& w) { return w.r[1][0] == 1 && w.r[1][1] == 0; };
TEST(Litmus, MP_poonceonces_Sometimes) {
  expect("MP+poonceonces", Lkmm::Sometimes,
         {[](P& p, World& w) { p.write_once(&w.x, 1); p.write_once(&w.y, 1); },
          [](P& p, World& w) { w.r[1][0] = p.read_once(&w.y); w.r[1][1] = p.read_once(&w.x); }},
         mp_exists);
}
TEST(Litmus, MP_fencewmbonceonce_fencermbonceonce_Never) {
  expect("MP+fencewmbonceonce+fencermbonceonce", Lkmm::Never,
         {[](P& p, World& w) { p.write_once(&w.x, 1); p.smp_wmb(); p.write_once(&w.y, 1); },
          [](P& p, World& w) {
            w.r[1][0] = p.read_once(&w.y);
            p.smp_rmb();
            w.r[1][1] = p.read_once(&w.x);
          }},
         mp_exists);
}
TEST(Litmus, MP_pooncerelease_poacquireonce_Never) {
  expect("MP+pooncerelease+poacquireonce", Lkmm::Never,
         {[](P& p, World& w) { p.write_once(&w.x, 1); p.store_release(&w.y, 1); },
          [](P& p, World& w) { w.r[1][0] = p.load_acquire(&w.y); w.r[1][1] = p.read_once(&w.x); }},
         mp_exists);
}
TEST(Litmus, MP_wmb_only_Sometimes) {  // one-sided barrier: the reader may still reorder
  expect("MP+fencewmbonceonce+poonce (not in the kernel's set)", Lkmm::Sometimes,
         {[](P& p, World& w) { p.write_once(&w.x, 1); p.smp_wmb(); p.write_once(&w.y, 1); },
          [](P& p, World& w) { w.r[1][0] = p.read_once(&w.y); w.r[1][1] = p.read_once(&w.x); }},
         mp_exists);
}

// ---- LB: load buffering (not explored: exception) --------------------------------------
auto lb_exists = [](const World& w) { return w.r[0][0] == 1 && w.r[1][0] == 1; };
TEST(Litmus, LB_poonceonces_Sometimes_NotExplored) {
  expect("LB+poonceonces", Lkmm::Sometimes,
         {[](P& p, World& w) { w.r[0][0] = p.read_once(&w.x); p.write_once(&w.y, 1); },
          [](P& p, World& w) { w.r[1][0] = p.read_once(&w.y); p.write_once(&w.x, 1); }},
         lb_exists, /*exception=*/true);
}
TEST(Litmus, LB_poacquireonce_pooncerelease_Never) {
  expect("LB+poacquireonce+pooncerelease", Lkmm::Never,
         {[](P& p, World& w) { w.r[0][0] = p.read_once(&w.x); p.store_release(&w.y, 1); },
          [](P& p, World& w) { w.r[1][0] = p.load_acquire(&w.y); p.write_once(&w.x, 1); }},
         lb_exists);
}

// ---- WRC: write-to-read causality ------------------------------------------------------
auto wrc_exists = [](const World& w) { return w.r[1][0] == 1 && w.r[2][0] == 1 && w.r[2][1] == 0; };
TEST(Litmus, WRC_poonceonces_Once_Sometimes) {
  expect("WRC+poonceonces+Once", Lkmm::Sometimes,
         {[](P& p, World& w) { p.write_once(&w.x, 1); },
          [](P& p, World& w) { w.r[1][0] = p.read_once(&w.x); p.write_once(&w.y, 1); },
          [](P& p, World& w) { w.r[2][0] = p.read_once(&w.y); w.r[2][1] = p.read_once(&w.x); }},
         wrc_exists);
}
TEST(Litmus, WRC_pooncerelease_fencermbonceonce_Once_Never) {
  // The kernel file's P2 uses smp_mb(); the name says smp_rmb(): both are checked.
  for (bool mb : {false, true})
    expect("WRC+pooncerelease+fencermbonceonce+Once", Lkmm::Never,
           {[](P& p, World& w) { p.write_once(&w.x, 1); },
            [](P& p, World& w) { w.r[1][0] = p.read_once(&w.x); p.store_release(&w.y, 1); },
            [mb](P& p, World& w) {
              w.r[2][0] = p.read_once(&w.y);
              mb ? p.smp_mb() : p.smp_rmb();
              w.r[2][1] = p.read_once(&w.x);
            }},
           wrc_exists);
}

// ---- IRIW: independent reads of independent writes ---------------------------------------
auto iriw_exists = [](const World& w) {
  return w.r[1][0] == 1 && w.r[1][1] == 0 && w.r[3][0] == 1 && w.r[3][1] == 0;
};
TEST(Litmus, IRIW_poonceonces_OnceOnce_Sometimes) {
  expect("IRIW+poonceonces+OnceOnce", Lkmm::Sometimes,
         {[](P& p, World& w) { p.write_once(&w.x, 1); },
          [](P& p, World& w) { w.r[1][0] = p.read_once(&w.x); w.r[1][1] = p.read_once(&w.y); },
          [](P& p, World& w) { p.write_once(&w.y, 1); },
          [](P& p, World& w) { w.r[3][0] = p.read_once(&w.y); w.r[3][1] = p.read_once(&w.x); }},
         iriw_exists);
}
TEST(Litmus, IRIW_fencembonceonces_OnceOnce_Never) {
  expect("IRIW+fencembonceonces+OnceOnce", Lkmm::Never,
         {[](P& p, World& w) { p.write_once(&w.x, 1); },
          [](P& p, World& w) {
            w.r[1][0] = p.read_once(&w.x);
            p.smp_mb();
            w.r[1][1] = p.read_once(&w.y);
          },
          [](P& p, World& w) { p.write_once(&w.y, 1); },
          [](P& p, World& w) {
            w.r[3][0] = p.read_once(&w.y);
            p.smp_mb();
            w.r[3][1] = p.read_once(&w.x);
          }},
         iriw_exists);
}

// ---- 2+2W, R, S: coherence order against program order (final values) -----------------
TEST(Litmus, TwoPlusTwoW_poonceonces_Sometimes_NotExplored) {
  expect("2+2W+poonceonces", Lkmm::Sometimes,
         {[](P& p, World& w) { p.write_once(&w.x, 1); p.write_once(&w.y, 2); },
          [](P& p, World& w) { p.write_once(&w.y, 1); p.write_once(&w.x, 2); }},
         [](const World& w) { return w.x == 1 && w.y == 1; }, /*exception=*/true);
}
TEST(Litmus, TwoPlusTwoW_fencembonceonces_Never) {
  expect("2+2W+fencembonceonces", Lkmm::Never,
         {[](P& p, World& w) { p.write_once(&w.x, 1); p.smp_mb(); p.write_once(&w.y, 2); },
          [](P& p, World& w) { p.write_once(&w.y, 1); p.smp_mb(); p.write_once(&w.x, 2); }},
         [](const World& w) { return w.x == 1 && w.y == 1; });
}
TEST(Litmus, R_poonceonces_Sometimes) {
  expect("R+poonceonces", Lkmm::Sometimes,
         {[](P& p, World& w) { p.write_once(&w.x, 1); p.write_once(&w.y, 1); },
          [](P& p, World& w) { p.write_once(&w.y, 2); w.r[1][0] = p.read_once(&w.x); }},
         [](const World& w) { return w.y == 2 && w.r[1][0] == 0; });
}
TEST(Litmus, R_fencembonceonces_Never) {
  expect("R+fencembonceonces", Lkmm::Never,
         {[](P& p, World& w) { p.write_once(&w.x, 1); p.smp_mb(); p.write_once(&w.y, 1); },
          [](P& p, World& w) { p.write_once(&w.y, 2); p.smp_mb(); w.r[1][0] = p.read_once(&w.x); }},
         [](const World& w) { return w.y == 2 && w.r[1][0] == 0; });
}
TEST(Litmus, S_poonceonces_Sometimes_NotExplored) {
  expect("S+poonceonces", Lkmm::Sometimes,
         {[](P& p, World& w) { p.write_once(&w.x, 2); p.write_once(&w.y, 1); },
          [](P& p, World& w) { w.r[1][0] = p.read_once(&w.y); p.write_once(&w.x, 1); }},
         [](const World& w) { return w.x == 2 && w.r[1][0] == 1; }, /*exception=*/true);
}
TEST(Litmus, S_fencewmbonceonce_poacquireonce_Never) {
  expect("S+fencewmbonceonce+poacquireonce", Lkmm::Never,
         {[](P& p, World& w) { p.write_once(&w.x, 2); p.smp_wmb(); p.write_once(&w.y, 1); },
          [](P& p, World& w) { w.r[1][0] = p.load_acquire(&w.y); p.write_once(&w.x, 1); }},
         [](const World& w) { return w.x == 2 && w.r[1][0] == 1; });
}

// ---- Coherence and locks ----------------------------------------------------------------
TEST(Litmus, CoRR_poonceonce_Once_Never) {
  expect("CoRR+poonceonce+Once", Lkmm::Never,
         {[](P& p, World& w) { p.write_once(&w.x, 1); },
          [](P& p, World& w) { w.r[1][0] = p.read_once(&w.x); w.r[1][1] = p.read_once(&w.x); }},
         [](const World& w) { return w.r[1][0] == 1 && w.r[1][1] == 0; });
}
TEST(Litmus, MP_polocks_Never) {
  static model::spinlock_t lk;
  expect("MP+polocks", Lkmm::Never,
         {[](P& p, World& w) {
            p.write_once(&w.x, 1);
            p.spin_lock(&lk);
            p.write_once(&w.y, 1);
            p.spin_unlock(&lk);
          },
          [](P& p, World& w) {
            p.spin_lock(&lk);
            w.r[1][0] = p.read_once(&w.y);
            p.spin_unlock(&lk);
            w.r[1][1] = p.read_once(&w.x);
          }},
         mp_exists);
}

}  // namespace
}  // namespace tagrace::weaktest
