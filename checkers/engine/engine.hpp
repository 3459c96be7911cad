// The stateless model-checking engine: runs a Program's threads as fibers under a
// controlled scheduler and explores their interleavings with a pluggable Search.
// Domain-agnostic by design (house style): it knows locations, accesses and threads,
// never a kernel path. Follows the structure of loom/Shuttle (scheduler policy as a
// Search) and source-DPOR (Abdulla et al., POPL 2014) for the exhaustive search.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tagrace::engine {

using ThreadId = std::uint32_t;
/// Not a simulated thread (current_thread() outside a thread body).
inline constexpr ThreadId kNoThread = 0xFFFFFFFFu;
/// A shared location. The caller must keep keys stable across executions of one
/// Program (same setup => same keys); the engine re-checks determinism on replay.
using LocKey = std::uintptr_t;

enum class AccessKind : std::uint8_t {
  Read,          ///< plain or READ_ONCE load
  Write,         ///< plain or WRITE_ONCE store
  ReadModifyWrite,  ///< value-returning atomic (test_and_set_bit, cmpxchg)
  LockAcquire,   ///< lock acquisition: dependent with every op on the same lock
  LockRelease,
  Fence,         ///< barrier: a scheduling point independent of every access
};

/// What a thread is about to do at a scheduling point.
struct Access {
  LocKey loc = 0;
  AccessKind kind = AccessKind::Fence;
  /// Blocking condition: when set, the thread is disabled until ready(ready_arg)
  /// returns true (spin_lock on a held lock, smp_cond_load_acquire, a waiter for
  /// PG_mte_tagged). Waiting is collapsed into blocking, never explored spin by spin.
  bool (*ready)(const void* arg) = nullptr;
  const void* ready_arg = nullptr;
  /// Sub-location (e.g. a bit number in a flags word). Two accesses to the same loc
  /// with different, non-negative sub are independent; -1 conflicts with every sub.
  std::int32_t sub = -1;
  /// Optional description for diagnostics ("spin_lock(tag_sync_lock)"); static storage.
  const char* what = nullptr;
};

/// Exhaustive: source-DPOR (a proof within the scenario's bounds). Bounded: bounded POR,
/// every execution with at most preemption_bound preemptions up to equivalence. Dfs:
/// every schedule within preemption_bound, no reduction (a cross-check). Random, Pct:
/// sampling. Replay: follow ExploreOptions::schedule.
enum class SearchKind : std::uint8_t { Exhaustive, Bounded, Random, Pct, Replay, Dfs };

struct ExploreOptions {
  SearchKind search = SearchKind::Exhaustive;
  std::uint64_t seed = 1;
  /// Bounded: maximum number of preemptions per execution.
  std::uint32_t preemption_bound = 2;
  /// Random / PCT: number of sampled executions.
  std::uint64_t samples = 1000;
  /// PCT: bug depth d (number of priority change points is d-1).
  std::uint32_t pct_depth = 2;
  /// Exhaustive/bounded caps; hitting one makes the verdict Incomplete, never Verified.
  std::uint64_t max_executions = 0;  ///< 0: no cap
  double time_limit_s = 0;           ///< 0: no limit
  std::uint64_t max_steps_per_execution = 100000;  ///< livelock guard
  /// Replay: the decisions to follow, as recorded in Violation::schedule.
  std::vector<ThreadId> schedule;
  bool stop_on_first_violation = true;
  /// Progress callback, called at most every ~0.5 s (executions, elapsed s).
  std::function<void(std::uint64_t, double)> progress;
  /// Decomposition (exhaustive search only): when location_class is set and
  /// visible_class >= 0, accesses to locations of another class (>= 0) are hidden: still
  /// scheduling points (and still blocking), but independent of everything, so the
  /// search explores only the orders of the visible class and of unclassed (-1)
  /// locations. Sound only under the caller's independence argument; the search counts
  /// the races it could not reverse because a thread was blocked on a hidden access
  /// (ExploreStats::hidden_blocked_races), which voids the argument.
  std::function<std::int32_t(LocKey)> location_class;
  std::int32_t visible_class = -1;
  /// Exhaustive search only: an access to a location that no other thread has accessed
  /// in the exploration so far, or a fence, that can proceed at once is merged into the
  /// thread's next scheduling point instead of being one (VeriSoft's invisible
  /// operations: it commutes with every other thread's access, so no Mazurkiewicz trace
  /// is lost). The first access by a second thread to a location whose accesses were
  /// merged restarts the exploration with that location shared (ExploreStats::restarts),
  /// so a verdict only stands on a run whose merging was sound throughout. Schedules
  /// still name every scheduling point, so they replay without merging.
  bool merge_local = true;
  /// Exhaustive and bounded searches: when the Program can save and restore its state
  /// (Program::save_state), an execution starts from the deepest state saved on the path
  /// to its branch point instead of from reset(), and re-runs only the decisions between
  /// the two. Same executions, events and verdicts; fewer steps re-run.
  bool snapshots = true;
};

enum class ViolationKind : std::uint8_t {
  Property,   ///< raised by engine::fail() from a thread or a final check
  Deadlock,   ///< no thread enabled, some not finished (includes waiters that can never proceed)
  StepLimit,  ///< an execution exceeded max_steps_per_execution (livelock)
  Nondeterminism,  ///< a replayed prefix diverged from the recorded one
};

struct Violation {
  ViolationKind kind = ViolationKind::Property;
  std::string category;  ///< property name, e.g. "tag-loss"; "deadlock" for deadlocks
  std::string message;
  /// Every decision of the execution up to the failure, in order: the thread chosen at
  /// each scheduling point, and the value returned by each choose() call.
  std::vector<ThreadId> schedule;
  std::uint64_t step = 0;          ///< index of the failing step (== schedule.size())
  /// Deadlock: the blocked threads and what each waits for (Access::what).
  std::vector<std::pair<ThreadId, std::string>> waiting;
};

struct ExploreStats {
  std::uint64_t executions = 0;  ///< executions started
  std::uint64_t complete = 0;    ///< ran every thread to the end
  std::uint64_t blocked = 0;     ///< cut short as redundant (sleep-set blocked) or bound-pruned
  std::uint64_t deadlocked = 0;
  std::uint64_t steps = 0;       ///< scheduling points executed, all executions
  std::uint64_t context_switches = 0;
  std::uint32_t max_depth = 0;   ///< longest execution, in steps
  double elapsed_s = 0;
  /// Decomposition only: races whose reversal needed a thread blocked on a hidden
  /// access (0 for a sound decomposed run; see ExploreOptions::location_class).
  std::uint64_t hidden_blocked_races = 0;
  /// Local-access merging (ExploreOptions::merge_local): scheduling points merged into
  /// the next one (counted in steps too), explorations restarted because a location
  /// turned out shared, and the executions those restarts threw away.
  std::uint64_t local_steps = 0;
  std::uint32_t restarts = 0;
  std::uint64_t discarded_executions = 0;
  /// State snapshots (ExploreOptions::snapshots): states saved before decisions, and
  /// executions that started from one instead of from reset().
  std::uint64_t snapshots = 0;
  std::uint64_t restored_executions = 0;
  /// Steps granted without a decision of the search because one thread was left
  /// (Search::takes_forced_steps(); counted in steps too).
  std::uint64_t forced_steps = 0;
};

enum class Verdict : std::uint8_t {
  Verified,    ///< exhaustive/bounded search covered its whole space, no violation
  Violation,   ///< at least one violation found
  NoViolationSampled,  ///< random/PCT/replay: nothing found, nothing proved
  Incomplete,  ///< a cap or time limit was hit before the space was covered
};

struct ExploreResult {
  Verdict verdict = Verdict::Incomplete;
  ExploreStats stats;
  std::vector<Violation> violations;  ///< first one is the reported counterexample
  std::string search_description;     ///< e.g. "source-DPOR + sleep sets", "PCT d=2, p>=1/(n k^(d-1))=..."
};

/// One execution's program: reset() builds a fresh initial state, then threads()
/// returns the bodies to run (called after reset(), once per execution).
/// final_check() runs after all threads finished (may call fail()).
/// save_state/restore_state (optional, both or neither): copy into slot i, and back,
/// every piece of state the threads or final_check read or write outside the threads'
/// own stacks (the engine saves those). They run outside the threads, and restore_state
/// must leave every object the threads may point at where it is (assign in place). With
/// them the exhaustive and bounded searches restore a saved state instead of re-running
/// the prefix from reset(); the engine does so only while the threads (and the
/// destructors of their abandoned frames) have made no heap operation since the last
/// reset(). final_check may
/// allocate and free its own temporaries but must not free or move the threads' memory.
struct Program {
  std::function<void()> reset;
  std::function<std::vector<std::function<void()>>()> threads;
  std::function<void()> final_check;
  std::function<void(std::size_t slot)> save_state;
  std::function<void(std::size_t slot)> restore_state;
};

/// Observer hooks around executions (property checkers, tracers, metrics).
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_execution_begin() {}
  /// After the step of `tid` with access `a` has been granted (before the access is
  /// performed by the caller).
  virtual void on_step(ThreadId /*tid*/, const Access& /*a*/, std::uint64_t /*step*/) {}
  virtual void on_execution_end() {}
};

/// Explore the interleavings of `program` with the search named in `options`.
ExploreResult explore(const Program& program, const ExploreOptions& options,
                      Observer* observer = nullptr);

// ---- API for code running inside a simulated thread --------------------------------

/// Scheduling point: the calling thread is about to perform `a`. Returns when the
/// scheduler has chosen this thread to perform it (and, if a.ready is set, when the
/// condition holds). The caller then performs the access with no other simulated
/// thread running until its next scheduling point. Outside an exploration
/// (in_simulation() == false) this returns immediately.
void schedule_point(const Access& a);

/// Report a violation found at the current step: the execution is abandoned (fibers
/// are unwound) and the violation recorded with the schedule so far. Never returns
/// when called inside an exploration; outside one it throws std::logic_error.
[[noreturn]] void fail(std::string category, std::string message);

/// True while running inside explore() (in a thread body or final_check).
bool in_simulation();

/// The simulated thread id of the caller (0-based, in threads() order); kNoThread
/// outside a thread body (e.g. in final_check or outside an exploration).
ThreadId current_thread();

/// Data nondeterminism: returns a value in [0, n), explored exhaustively by the
/// exhaustive search, sampled by random/PCT and recorded in schedules for replay.
std::uint32_t choose(std::uint32_t n);

/// Decomposition (ExploreOptions::location_class): whether accesses to `loc` are hidden
/// in the running exploration. A backend that enumerates data choices for an access (the
/// weak model's reads-from) takes the first choice for hidden ones: their orders and
/// values are not what this exploration covers.
bool hidden(LocKey loc);

/// Cost of one fiber switch in nanoseconds, measured on this machine (for reports).
double measure_switch_cost_ns(std::uint32_t iterations = 200000);

/// Compact, copy-pasteable encoding of a schedule: run-length "0*5.1*3.0*2".
std::string encode_schedule(const std::vector<ThreadId>& schedule);
/// Parses encode_schedule()'s format; nullopt on malformed input.
std::optional<std::vector<ThreadId>> decode_schedule(const std::string& text);

}  // namespace tagrace::engine
