// StateBuffer: the bytes of a state snapshot. The checker's exhaustive search saves the
// state before a decision once and restores it for later executions that branch at or
// below it instead of re-running the prefix. Components append their own mutable state
// with put() and read it back with get() in the same order; values are trivially
// copyable, so after the first use nothing allocates.
#pragma once

#include <cstddef>
#include <cstring>
#include <type_traits>
#include <vector>

namespace tagrace::model {

class StateBuffer {
 public:
  /// Starts a new save (keeps the storage).
  void clear() {
    size_ = 0;
    pos_ = 0;
  }
  /// Starts reading back from the beginning.
  void rewind() { pos_ = 0; }
  /// Whether every byte saved has been read back.
  bool consumed() const { return pos_ == size_; }

  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put_bytes(&v, sizeof v);
  }
  template <class T>
  void get(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    get_bytes(&v, sizeof v);
  }
  [[gnu::always_inline]] void put_bytes(const void* p, std::size_t n) {
    if (size_ + n > bytes_.size()) [[unlikely]]
      bytes_.resize(2 * (size_ + n));
    if (n) std::memcpy(bytes_.data() + size_, p, n);
    size_ += n;
  }
  [[gnu::always_inline]] void get_bytes(void* p, std::size_t n) {
    if (n) std::memcpy(p, bytes_.data() + pos_, n);
    pos_ += n;
  }
  /// Passes over `n` bytes without reading them (a value the reader already holds).
  void skip(std::size_t n) { pos_ += n; }

 private:
  std::vector<std::byte> bytes_;
  std::size_t size_ = 0;
  std::size_t pos_ = 0;
};

/// The two directions over a StateBuffer with one interface, so that a component lists
/// its state once, in a template visit run with either: StateWriter appends, StateReader
/// reads back in place, in the same order.
struct StateWriter {
  StateBuffer& buf;
  template <class T>
  void word(const T& v) {
    buf.put(v);
  }
  void bytes(const void* p, std::size_t n) { buf.put_bytes(p, n); }
};

struct StateReader {
  StateBuffer& buf;
  template <class T>
  void word(T& v) {
    buf.get(v);
  }
  void bytes(void* p, std::size_t n) { buf.get_bytes(p, n); }
};

}  // namespace tagrace::model
