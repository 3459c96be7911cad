// Litmus harness (see litmus_harness.hpp).
#include "litmus_harness.hpp"

#include <string>

namespace tagrace::weaktest {

LitmusResult run_litmus(const std::vector<Body>& threads,
                        const std::function<bool(const World&)>& exists, checkers::MemoryModel mm) {
  checkers::CheckerPrimitives p;
  p.set_memory_model(mm);
  World w;
  checkers::PropertyContext ctx;
  for (std::size_t i = 0; i < threads.size(); ++i) ctx.thread_labels.push_back("P" + std::to_string(i));
  LitmusResult res;
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
    if (exists(w)) res.observed = true;
  };
  engine::ExploreOptions o;
  o.search = engine::SearchKind::Exhaustive;
  o.stop_on_first_violation = false;
  auto r = engine::explore(prog, o);
  res.executions = r.stats.executions;
  res.verified = r.verdict == engine::Verdict::Verified;
  return res;
}

}  // namespace tagrace::weaktest
