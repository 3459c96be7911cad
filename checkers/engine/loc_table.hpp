// Location table: maps LocKeys to dense slots (open addressing, kept across executions
// because keys are stable per Program) and remembers each slot's last event in the
// current execution via a generation stamp, so nothing is cleared between executions.
#pragma once

#include <cstdint>
#include <vector>

#include "checkers/engine/engine.hpp"

namespace tagrace::engine::detail {

/// LocKey -> last event index on that location in the current execution.
class LocTable {
 public:
  LocTable() { resize(64); }
  /// Starts a new execution: every location forgets its last event.
  void next_execution() { ++generation_; }
  /// The last event on `loc` in this execution (-1: none), assignable. The reference
  /// is valid until the next call (the table may grow).
  std::int32_t& last(LocKey loc) {
    Entry& e = find(loc);
    if (e.generation != generation_) {
      e.generation = generation_;
      e.last = -1;
    }
    return e.last;
  }

 private:
  struct Entry {
    LocKey key = 0;
    std::uint64_t generation = 0;  ///< 0: slot unused
    std::int32_t last = -1;
    bool used = false;
  };
  static std::uint64_t hash(LocKey k) {
    std::uint64_t x = static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ull;
    return x ^ (x >> 29);
  }
  Entry& find(LocKey loc) {
    std::uint64_t mask = table_.size() - 1;
    for (std::uint64_t i = hash(loc) & mask;; i = (i + 1) & mask) {
      Entry& e = table_[i];
      if (e.used && e.key == loc) return e;
      if (!e.used) {
        if ((used_ + 1) * 2 > table_.size()) {
          resize(table_.size() * 2);
          return find(loc);
        }
        e.used = true;
        e.key = loc;
        ++used_;
        return e;
      }
    }
  }
  void resize(std::size_t n) {
    std::vector<Entry> old;
    old.swap(table_);
    table_.assign(n, Entry{});
    used_ = 0;
    for (const Entry& e : old) {
      if (!e.used) continue;
      Entry& ne = find(e.key);
      ne.generation = e.generation;
      ne.last = e.last;
    }
  }

  std::vector<Entry> table_;
  std::size_t used_ = 0;
  std::uint64_t generation_ = 1;
};

}  // namespace tagrace::engine::detail
