// Litmus harness (see litmus_harness.hpp).
#include "litmus_harness.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tagrace::weaktest {

namespace {

struct Run {
  LitmusResult res;
  std::vector<World> finals;  ///< each complete execution's final state, in order
};

Run explore(const std::vector<Body>& threads, const std::function<bool(const World&)>& exists,
            checkers::MemoryModel mm, bool snapshots) {
  checkers::CheckerPrimitives p;
  p.set_memory_model(mm);
  World w;
  checkers::PropertyContext ctx;
  for (std::size_t i = 0; i < threads.size(); ++i)
    ctx.thread_labels.push_back("P" + std::to_string(i));
  Run run;
  engine::Program prog;
  prog.reset = [&] {
    p.begin_setup();
    w = World{};  // same addresses every execution
    p.begin_threads(ctx);
  };
  prog.threads = [&] {
    std::vector<std::function<void()>> bodies;
    for (const auto& b : threads) bodies.push_back([&p, &w, &b] { b(p, w); });
    return bodies;
  };
  prog.final_check = [&] {
    p.end_threads();
    run.finals.push_back(w);
    if (exists(w)) run.res.observed = true;
  };
  std::vector<model::StateBuffer> saved;
  prog.save_state = [&](std::size_t slot) {
    if (saved.size() <= slot) saved.resize(slot + 1);
    saved[slot].clear();
    p.save_state(saved[slot]);
    saved[slot].put(w);
  };
  prog.restore_state = [&](std::size_t slot) {
    saved[slot].rewind();
    p.restore_state(saved[slot]);
    saved[slot].get(w);
  };
  engine::ExploreOptions o;
  o.search = engine::SearchKind::Exhaustive;
  o.stop_on_first_violation = false;
  o.snapshots = snapshots;
  auto r = engine::explore(prog, o);
  run.res.executions = r.stats.executions;
  run.res.verified = r.verdict == engine::Verdict::Verified;
  run.res.restored = r.stats.restored_executions;
  return run;
}

}  // namespace

LitmusResult run_litmus(const std::vector<Body>& threads,
                        const std::function<bool(const World&)>& exists, checkers::MemoryModel mm) {
  const Run with = explore(threads, exists, mm, true);
  const Run without = explore(threads, exists, mm, false);
  const char* model = checkers::memory_model_name(mm);
  EXPECT_EQ(with.res.executions, without.res.executions) << model;
  EXPECT_EQ(with.res.verified, without.res.verified) << model;
  EXPECT_TRUE(with.finals == without.finals) << model << ": final states differ";
  EXPECT_EQ(without.res.restored, 0u) << model;
  return with.res;
}

}  // namespace tagrace::weaktest
