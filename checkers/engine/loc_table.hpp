// Location table: maps LocKeys to slots (open addressing, kept across executions
// because keys are stable per Program) and remembers each slot's last event in the
// current execution via a generation stamp, so nothing is cleared between executions.
// Each slot also carries what holds over the whole exploration: the location's owner
// (the one thread that has accessed it, for local-access merging) and its decomposition
// class. The hit path is inline: one multiply, one compare.
#pragma once

#include <climits>
#include <cstdint>
#include <vector>

#include "checkers/engine/engine.hpp"

namespace tagrace::engine::detail {

/// Which threads have accessed a location in this exploration (kept across executions).
struct LocOwner {
  static constexpr std::uint8_t kNone = 0xFF;    ///< not accessed yet
  static constexpr std::uint8_t kShared = 0xFE;  ///< accessed by two threads or more
  std::uint8_t tid = kNone;  ///< the only thread that has accessed it, or kNone/kShared
  bool merged = false;       ///< an access to it was merged as local (not a scheduling point)
};

/// LocKey -> last event index on that location in the current execution, and its owner.
class LocTable {
 public:
  LocTable() { resize(256); }
  /// Starts a new execution: every location forgets its last event.
  void next_execution() {
    if (++generation_ == 0) {  // wrapped: stamps could alias an old execution's
      for (Entry& e : table_) e.generation = 0;
      generation_ = 1;
    }
  }
  /// The last event on `loc` in this execution (-1: none), assignable. The reference
  /// is valid until the next call (the table may grow).
  std::int32_t& last(LocKey loc) {
    if (loc == 0) [[unlikely]]
      return stamp(zero_);
    Entry* e = &table_[slot(loc)];
    if (e->key != loc) [[unlikely]]
      e = &find_slow(loc);
    return stamp(*e);
  }
  /// The owner record of `loc` (valid until the next call: the table may grow).
  LocOwner& owner(LocKey loc) { return entry(loc).owner; }
  static constexpr std::int32_t kClassUnknown = INT32_MIN;
  /// Memo of the location's decomposition class (kClassUnknown until computed; kept
  /// across executions like the owner).
  std::int32_t& location_class(LocKey loc) { return entry(loc).cls; }

 private:
  struct Entry {
    LocKey key = 0;                ///< 0: slot unused (key 0 lives in zero_)
    std::uint32_t generation = 0;  ///< execution that last wrote `last`
    std::int32_t last = -1;
    LocOwner owner;
    std::int32_t cls = kClassUnknown;
  };
  Entry& entry(LocKey loc) {
    if (loc == 0) [[unlikely]]
      return zero_;
    Entry* e = &table_[slot(loc)];
    if (e->key != loc) [[unlikely]]
      e = &find_slow(loc);
    return *e;
  }
  std::int32_t& stamp(Entry& e) {
    if (e.generation != generation_) {
      e.generation = generation_;
      e.last = -1;
    }
    return e.last;
  }
  std::size_t slot(LocKey k) const {
    // Fibonacci hashing: the top bits of the product spread nearby addresses.
    return static_cast<std::size_t>((static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ull) >>
                                    shift_);
  }
  [[gnu::noinline]] Entry& find_slow(LocKey loc) {
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = slot(loc);; i = (i + 1) & mask) {
      Entry& e = table_[i];
      if (e.key == loc) return e;
      if (e.key == 0) {
        if ((used_ + 1) * 4 > table_.size()) {  // load <= 1/4: most hits in the first slot
          resize(table_.size() * 2);
          return find_slow(loc);
        }
        e.key = loc;
        e.generation = 0;
        ++used_;
        return e;
      }
    }
  }
  void resize(std::size_t n) {
    std::vector<Entry> old;
    old.swap(table_);
    table_.assign(n, Entry{});
    shift_ = 64;
    for (std::size_t s = n; s > 1; s >>= 1) --shift_;
    used_ = 0;
    for (const Entry& e : old) {
      if (e.key == 0) continue;
      Entry& ne = find_slow(e.key);
      ne.generation = e.generation;
      ne.last = e.last;
      ne.owner = e.owner;
      ne.cls = e.cls;
    }
  }

  std::vector<Entry> table_;
  Entry zero_;
  unsigned shift_ = 58;
  std::size_t used_ = 0;
  std::uint32_t generation_ = 1;
};

}  // namespace tagrace::engine::detail
