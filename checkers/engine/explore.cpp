// explore() and the in-simulation API: wraps a Search in the execution loop, keeps the
// statistics, caps and verdict (house style: metrics and limits wrap a search rather
// than edit it). The verdict rules follow the prior-art lessons: never Verified after
// a cap, a time limit or a sampled search. A search whose local-access merging turned
// out unsound for some location (ExploreOptions::merge_local) starts over.
#include <chrono>
#include <stdexcept>

#include "checkers/engine/engine.hpp"
#include "checkers/engine/execution_runner.hpp"
#include "checkers/search/search.hpp"

namespace tagrace::engine {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Restores the previous thread-local runner (nested explore() calls are allowed).
class RunnerScope {
 public:
  explicit RunnerScope(detail::ExecutionRunner* r)
      : saved_(detail::tl_runner), saved_current_(detail::tl_current) {
    detail::tl_runner = r;
    detail::tl_current = kNoThread;  // r runs no execution yet
  }
  ~RunnerScope() {
    detail::tl_runner = saved_;
    detail::tl_current = saved_current_;
  }

 private:
  detail::ExecutionRunner* saved_;
  ThreadId saved_current_;
};

void count_end(search::ExecutionEnd end, const search::ExecutionTrace& tr, ExploreStats& s) {
  switch (end) {
    case search::ExecutionEnd::Complete:
      ++s.complete;
      break;
    case search::ExecutionEnd::Deadlock:
      ++s.deadlocked;
      break;
    case search::ExecutionEnd::Pruned:
      ++s.blocked;
      break;
    default:
      break;
  }
  s.steps += tr.thread_steps;
  if (tr.thread_steps > s.max_depth) s.max_depth = static_cast<std::uint32_t>(tr.thread_steps);
}

/// A restart: what was explored so far becomes discarded work.
void discard(ExploreStats& s) {
  s.discarded_executions += s.executions;
  ++s.restarts;
  s.executions = s.complete = s.blocked = s.deadlocked = s.steps = s.local_steps = 0;
  s.forced_steps = 0;
  s.snapshots = s.restored_executions = 0;
  s.max_depth = 0;
}

}  // namespace

ExploreResult explore(const Program& program, const ExploreOptions& options, Observer* observer) {
  if (!program.threads) throw std::invalid_argument("tagrace engine: Program::threads unset");
  std::unique_ptr<search::Search> search = search::make_search(options);
  detail::ExecutionRunner runner(program, options, observer, *search);
  RunnerScope scope(&runner);
  ExploreStats& stats = runner.stats();
  const Clock::time_point t0 = Clock::now();
  double last_progress = 0;
  bool capped = false;
  bool stopped = false;

  while (search->begin_execution()) {
    const std::uint64_t run = stats.executions + stats.discarded_executions;
    if (options.max_executions && run >= options.max_executions) {
      capped = true;
      break;
    }
    // Reading the clock costs ~20 ns: do it every 256 executions only.
    if ((run & 255) == 255 && (options.time_limit_s > 0 || options.progress)) {
      const double now = seconds_since(t0);
      if (options.time_limit_s > 0 && now >= options.time_limit_s) {
        capped = true;
        break;
      }
      if (options.progress && now - last_progress >= 0.5) {
        last_progress = now;
        options.progress(run, now);
      }
    }
    ++stats.executions;
    const std::size_t found_before = runner.violations().size();
    const search::ExecutionEnd end = runner.run_one();
    const search::ExecutionTrace tr = runner.trace();
    count_end(end, tr, stats);
    search->end_execution(tr);
    if (search->diverged_at_end()) runner.report_nondeterminism(search->divergence());
    if (options.stop_on_first_violation && runner.violations().size() > found_before) {
      stopped = true;
      break;
    }
    if (runner.take_restart()) {
      // Violations found so far are real executions and stay; coverage starts over with
      // the location now shared.
      discard(stats);
      search = search::make_search(options);
      runner.set_search(*search);
    }
  }

  ExploreResult result;
  stats.elapsed_s = seconds_since(t0);
  stats.hidden_blocked_races = search->hidden_blocked_races();
  result.stats = stats;
  result.violations = std::move(runner.violations());
  result.search_description = search->description();
  if (!result.violations.empty()) {
    result.verdict = Verdict::Violation;
  } else if (!search->proves()) {
    result.verdict = Verdict::NoViolationSampled;
  } else {
    result.verdict = (capped || stopped) ? Verdict::Incomplete : Verdict::Verified;
  }
  if (capped) result.search_description += " (stopped by a cap: coverage incomplete)";
  return result;
}

void schedule_point(const Access& a) { detail::schedule_point_inline(a); }

void fail(std::string category, std::string message) {
  detail::ExecutionRunner* r = detail::tl_runner;
  if (!r || !r->active()) {
    throw std::logic_error("tagrace fail() outside an exploration: " + category + ": " + message);
  }
  r->on_fail(std::move(category), std::move(message));
}

bool in_simulation() {
  const detail::ExecutionRunner* r = detail::tl_runner;
  return r && r->active();
}

ThreadId current_thread() { return detail::current_thread_inline(); }

std::uint32_t choose(std::uint32_t n) {
  detail::ExecutionRunner* r = detail::tl_runner;
  if (!r || !r->active()) return 0;
  return r->on_choose(n);
}

bool hidden(LocKey loc) {
  detail::ExecutionRunner* r = detail::tl_runner;
  return r && r->active() && r->is_hidden(loc);
}

}  // namespace tagrace::engine
