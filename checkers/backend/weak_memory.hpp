// Weak-memory mode of the checker backend (issue 5): a documented approximation of the
// Linux-kernel memory model in the style of CDSChecker (Norris & Demsky, OOPSLA 2013) and
// Relacy: per-location store histories, per-thread vector clocks plus "views" (the oldest
// store of each location a thread may still read, as in view-based operational models
// such as the promising semantics, Kang et al., POPL 2017). Deviations: modification
// order is execution order and loads read only already-executed stores (no load
// buffering, no out-of-thin-air); smp_mb() is an SC fence (a global view every smp_mb()
// and fully ordered RMW exchanges with); smp_wmb()/smp_rmb() are release/acquire fences;
// the bits of a flags word are locations of their own, and a whole-word load of such a
// word reads every bit's latest store (coherent with the bit operations, not weaker).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "checkers/engine/engine.hpp"
#include "model/state_buffer.hpp"

namespace tagrace::checkers {

enum class MemoryModel : std::uint8_t { SC, Weak };
/// "sc" or "weak".
const char* memory_model_name(MemoryModel m);

class WeakMemory {
 public:
  static constexpr unsigned kThreads = 16;  ///< the engine's thread limit
  using Clock = std::array<std::uint32_t, kThreads>;
  using View = std::vector<std::uint32_t>;  ///< per location id: oldest readable store index
  /// Views grow by whole blocks (sizes stay multiples of it; padding entries are 0).
  static constexpr std::size_t kViewBlock = 8;
  enum class Order : std::uint8_t { Relaxed, Acquire, Release, Full };

  /// A location: an address plus a bit number (-1: the whole word).
  struct Loc {
    std::uintptr_t addr;
    std::int32_t bit;
    bool operator==(const Loc&) const = default;
  };

  /// Forget every history and clock (start of an execution's threads).
  void reset();
  /// State snapshots (weak_memory_state.cpp): this execution's weak state, in the middle
  /// of its threads. Restoring moves to a new generation in which exactly the saved
  /// entries are current, so whatever the threads touched after the save reads as absent;
  /// it reuses every buffer (no allocation while the tables and views have not grown).
  void save_state(model::StateBuffer& out) const;
  void restore_state(model::StateBuffer& in);
  /// Locations, locks and granules the tables retain (over all executions since they
  /// were last dropped).
  std::size_t retained_locations() const { return ids_.size() + locks_.size() + tags_.size(); }
  /// Key of the global SC-fence object: smp_mb() and fully ordered RMWs access it, so
  /// DPOR orders them against each other.
  engine::LocKey fence_key() const { return reinterpret_cast<engine::LocKey>(&global_view_); }

  /// A load of `l` by `t`; `now` is the location's current (latest) value, used as the
  /// initial store on first access. `need_bit` >= 0 restricts the candidates to stores
  /// whose value has that bit set (smp_cond_load_acquire). Chooses the store read with
  /// engine::choose() when several are allowed; `why` (if non-null) gets the explanation.
  unsigned long load(engine::ThreadId t, Loc l, unsigned long now, Order o, std::string* why,
                     int need_bit = -1);
  /// A store of `val` (`now` is the value before it). `rmw`: continues the release
  /// sequence of the store it overwrites (set_bit, clear_bit).
  void store(engine::ThreadId t, Loc l, unsigned long now, unsigned long val, Order o,
             bool rmw = false);
  /// Fully ordered value-returning RMW: reads the latest store, then stores `val`.
  void rmw_full(engine::ThreadId t, Loc l, unsigned long now, unsigned long val);

  void fence_release(engine::ThreadId t);  ///< smp_wmb()
  void fence_acquire(engine::ThreadId t);  ///< smp_rmb()
  void fence_full(engine::ThreadId t);     ///< smp_mb()
  /// Lock acquire / release on the lock object `lock` (spinlocks, rwsems, PG_locked).
  void lock_acquire(engine::ThreadId t, const void* lock);
  void lock_release(engine::ThreadId t, const void* lock);
  /// An address-dependent access follows the thread's last READ_ONCE() (the pte): it is
  /// ordered after it as if that load were an acquire (arm64 dependency ordering).
  void dependent_access(engine::ThreadId t);

  /// A thread's access to a tag granule, as the race detection records it.
  struct TagAccess {
    engine::ThreadId tid = engine::kNoThread;
    std::uint32_t epoch = 0;
    bool kernel = false;
    const char* what = "";
  };
  /// Plain tag accesses: records the access and returns the other thread's access it races
  /// with (no happens-before, one side a store; tid kNoThread: none). `kernel` marks the
  /// kernel's own tag stores (inits, copies, ptrace, ioctl): only races with one of those
  /// count; user/guest STG racing a user access or a kernel read (a CoW copy, swap-out) is
  /// the program's own race, as with copy_from_user(). Builds no string: a race that is
  /// not reported allocates nothing, which keeps state snapshots restorable.
  TagAccess tag_race(engine::ThreadId t, const void* granule, bool write, bool kernel,
                     const char* what);
  /// A KCSAN-like description of the race tag_race() found with `other`.
  static std::string describe_race(engine::ThreadId t, const char* what, const TagAccess& other);

 private:
  /// Moves to a new generation (every entry reads as absent); on wrap-around, restamps
  /// the tables so that no entry of an old generation can read as current again.
  void next_gen();
  struct Msg {
    unsigned long value;
    engine::ThreadId tid;  ///< kNoThread: the initial value
    Clock clock;           ///< what a synchronising reader acquires
    View view;
    /// Which write of the slot this is (writes_ when it was written; 0: never written):
    /// a slot still holding the stamp a snapshot saved still holds that message, so
    /// restoring it copies nothing.
    std::uint64_t stamp = 0;
  };
  /// A location's stores in modification order: stores[0, n) belong to this execution;
  /// Msg objects past n keep their view buffers for reuse (no allocation per store).
  struct History {
    std::vector<Msg> stores;
    std::uint32_t n = 0;
    std::uint32_t gen = 0;  ///< execution that initialised it (gen_)
    const Msg& back() const { return stores[n - 1]; }
    Msg& push() {
      if (n == stores.size()) stores.emplace_back();
      return stores[n++];
    }
  };
  /// A message by position: (location id, store index), stable within an execution.
  struct MsgRef {
    std::uint32_t id = 0, idx = 0;
    bool operator==(const MsgRef&) const = default;
  };
  struct ThreadState {
    Clock clock{};
    View cur, rel_view;
    Clock rel_clock{};
    /// Messages read by relaxed loads since the last smp_rmb(): the next one acquires
    /// them. (Those read before it were acquired by it, and clock and cur only grow, so
    /// no accumulated "acquirable" state needs keeping.)
    std::vector<MsgRef> unfolded;
    /// The message the last word load (a pte) read: what a dependent access orders after
    /// (has_dep: read and not yet joined by a dependent access).
    MsgRef dep;
    bool has_dep = false;
    /// Back to a thread that has done nothing (buffers kept).
    void clear() {
      clock = {};
      rel_clock = {};
      cur.clear();
      rel_view.clear();
      unfolded.clear();
      has_dep = false;
    }
  };
  struct Sync {
    Clock clock{};
    View view;
    std::uint32_t gen = 0;  ///< execution it belongs to: older contents are stale
  };
  struct TagState {
    TagAccess write;
    std::array<TagAccess, kThreads> reads{};  ///< valid where read_mask has the thread
    std::uint32_t read_mask = 0;              ///< threads with a read since the last write
    std::uint32_t gen = 0;
  };
  struct WordBits {
    unsigned long bits = 0;
    std::uint32_t gen = 0;
  };
  struct LocHash {
    std::size_t operator()(const Loc& l) const { return l.addr * 31 + static_cast<std::size_t>(l.bit + 1); }
  };

  /// Direct-mapped cache in front of ids_ (most accesses hit it).
  struct IdCacheSlot {
    Loc loc{0, -2};  ///< bit -2: empty (no Loc has it)
    std::uint32_t id = 0;
  };

  /// The id of `l`, initialising its history with the store `now` on its first access
  /// in this execution.
  std::uint32_t id_of(Loc l, unsigned long now);
  /// The id cache's slot for `l`.
  IdCacheSlot& id_slot(Loc l);
  /// The id of `l` (a new one on its first access in the exploration).
  std::uint32_t lookup_id(Loc l);
  [[gnu::noinline]] std::uint32_t lookup_id_slow(Loc l, IdCacheSlot& c);
  /// The id of a location known to have one (a tracked bit of a flags word): never
  /// inserts, so references into locs_ stay valid across the call.
  std::uint32_t known_id(Loc l);
  /// Starts `l`'s history in this execution with the initial store `now`.
  [[gnu::noinline]] void first_access(std::uint32_t id, Loc l, unsigned long now);
  void tick(engine::ThreadId t) { ++threads_[t].clock[t]; }
  static void join(View& a, const View& b);
  static void join(Clock& a, const Clock& b);
  void acquire_msg(ThreadState& s, const Msg& m);
  const Msg& msg(MsgRef r) const { return locs_[r.id].stores[r.idx]; }

  /// The bits of `addr` with a history of their own in this execution (0: none).
  unsigned long word_bits(std::uintptr_t addr) const;

  // The tables below persist across executions (their nodes and buffers are reused, so
  // that an execution allocates nothing once the first has run); an entry whose `gen` is
  // not gen_ belongs to an earlier execution and reads as absent.
  std::uint32_t gen_ = 1;
  std::uint64_t writes_ = 0;     ///< messages written since construction (Msg::stamp)
  std::size_t touched_ = 0;      ///< locations, locks and granules used in this execution
  std::size_t max_touched_ = 0;  ///< the most any execution has accessed
  /// Location -> id (index into locs_ and into every View), stable over the exploration.
  std::unordered_map<Loc, std::uint32_t, LocHash> ids_;
  std::array<IdCacheSlot, 256> id_cache_{};
  /// Per word address: the bits that have a history of their own (bit operations on a
  /// flags word). A whole-word store (page_kasan_tag_reset()) stores each of them too; a
  /// whole-word load reads each one's latest store.
  std::unordered_map<std::uintptr_t, WordBits> word_bits_;
  std::vector<History> locs_;
  std::array<ThreadState, kThreads> threads_{};
  View global_view_;
  std::unordered_map<const void*, Sync> locks_;
  std::unordered_map<const void*, TagState> tags_;
};

}  // namespace tagrace::checkers
