// State snapshots of the weak-memory model (see weak_memory.hpp): a snapshot lists the
// entries current in this execution by id or by table node (node pointers of the
// unordered maps and location ids are stable until reset() drops the tables, which only
// a run from reset() does, and that run forgets every snapshot). Restoring moves to a new
// generation and re-stamps exactly those entries, so entries the threads touched after
// the save read as absent again, as they did when the snapshot was taken. Messages are
// saved whole but restored only where their slot was written since (Msg::stamp): stores
// only append, so on the engine's path of snapshots most slots still hold them.
#include <algorithm>
#include <bit>

#include "checkers/backend/weak_memory.hpp"

namespace tagrace::checkers {

namespace {

constexpr std::uint32_t kEndOfLocs = ~std::uint32_t{0};

template <class T>
void put_vector(model::StateBuffer& out, const std::vector<T>& v) {
  out.put(static_cast<std::uint32_t>(v.size()));
  out.put_bytes(v.data(), v.size() * sizeof(T));
}

/// Reads a vector back into `v`'s buffer (it does not allocate while the capacity
/// suffices: buffers only grow, and a restore follows no heap operation of the threads).
template <class T>
void get_vector(model::StateBuffer& in, std::vector<T>& v) {
  std::uint32_t n;
  in.get(n);
  if (v.size() != n) v.resize(n);
  in.get_bytes(v.data(), n * sizeof(T));
}

// put_vector() and get_vector() as the two directions of model::StateWriter/StateReader.
template <class T>
void vec(model::StateWriter v, const std::vector<T>& x) {
  put_vector(v.buf, x);
}
template <class T>
void vec(model::StateReader v, std::vector<T>& x) {
  get_vector(v.buf, x);
}

/// A thread's state, listed once for save_state() (StateWriter) and restore_state().
template <class V, class S>
void visit_thread(V v, S& s) {
  v.word(s.clock);
  v.word(s.rel_clock);
  vec(v, s.cur);
  vec(v, s.rel_view);
  vec(v, s.unfolded);
  v.word(s.dep);
  v.word(s.has_dep);
}

}  // namespace

void WeakMemory::next_gen() {
  if (++gen_ != 0) return;
  // Wrapped: stamp every entry with 0 (never current), then start over at 1.
  for (History& h : locs_) h.gen = 0;
  for (auto& [k, y] : locks_) y.gen = 0;
  for (auto& [k, g] : tags_) g.gen = 0;
  for (auto& [k, w] : word_bits_) w.gen = 0;
  gen_ = 1;
}

void WeakMemory::save_state(model::StateBuffer& out) const {
  out.put(touched_);
  put_vector(out, global_view_);
  // A thread that has not ticked its own clock made no operation since reset(), so its
  // state is reset()'s: only the others are saved.
  std::uint32_t ran = 0;
  for (unsigned t = 0; t < kThreads; ++t)
    if (threads_[t].clock[t]) ran |= std::uint32_t{1} << t;
  out.put(ran);
  for (std::uint32_t m = ran; m; m &= m - 1)
    visit_thread(model::StateWriter{out}, threads_[std::countr_zero(m)]);
  for (std::uint32_t id = 0; id < locs_.size(); ++id) {
    const History& h = locs_[id];
    if (h.gen != gen_) continue;
    out.put(id);
    out.put(h.n);
    for (std::uint32_t i = 0; i < h.n; ++i) {
      const Msg& m = h.stores[i];
      out.put(m.stamp);
      out.put(static_cast<std::uint32_t>(m.view.size()));
      out.put(m.value);
      out.put(m.tid);
      out.put(m.clock);
      out.put_bytes(m.view.data(), m.view.size() * sizeof(m.view[0]));
    }
  }
  out.put(kEndOfLocs);
  // Table entries by node: restore_state() writes through these pointers (the save is
  // const, the object the pointers lead back to is not).
  for (const auto& [lock, y] : locks_) {
    if (y.gen != gen_) continue;
    out.put(&y);
    out.put(y.clock);
    put_vector(out, y.view);
  }
  out.put(static_cast<const Sync*>(nullptr));
  for (const auto& [granule, g] : tags_) {
    if (g.gen != gen_) continue;
    out.put(&g);
    out.put(g.write);
    out.put(g.read_mask);
    for (std::uint32_t m = g.read_mask; m; m &= m - 1) out.put(g.reads[std::countr_zero(m)]);
  }
  out.put(static_cast<const TagState*>(nullptr));
  for (const auto& [addr, w] : word_bits_) {
    if (w.gen != gen_) continue;
    out.put(&w);
    out.put(w.bits);
  }
  out.put(static_cast<const WordBits*>(nullptr));
}

void WeakMemory::restore_state(model::StateBuffer& in) {
  // The execution that ends here is accounted as reset() would have (the table-drop
  // heuristic), then a new generation in which only the saved entries are current.
  max_touched_ = std::max(max_touched_, touched_);
  in.get(touched_);
  next_gen();
  get_vector(in, global_view_);
  std::uint32_t ran;
  in.get(ran);
  for (unsigned t = 0; t < kThreads; ++t) {
    ThreadState& s = threads_[t];
    if (!(ran >> t & 1)) {
      if (s.clock[t]) s.clear();  // else no operation since the last reset or restore either
      continue;
    }
    visit_thread(model::StateReader{in}, s);
  }
  // A message's bytes after its stamp and view size.
  constexpr std::size_t kMsgFixed = sizeof(Msg::value) + sizeof(Msg::tid) + sizeof(Msg::clock);
  for (;;) {
    std::uint32_t id;
    in.get(id);
    if (id == kEndOfLocs) break;
    History& h = locs_[id];
    h.gen = gen_;
    in.get(h.n);
    if (h.stores.size() < h.n) h.stores.resize(h.n);
    for (std::uint32_t i = 0; i < h.n; ++i) {
      Msg& m = h.stores[i];
      std::uint64_t stamp;
      std::uint32_t view_size;
      in.get(stamp);
      in.get(view_size);
      if (m.stamp == stamp) {  // the slot was not written since the save
        in.skip(kMsgFixed + view_size * sizeof(m.view[0]));
        continue;
      }
      m.stamp = stamp;
      in.get(m.value);
      in.get(m.tid);
      in.get(m.clock);
      m.view.resize(view_size);
      in.get_bytes(m.view.data(), view_size * sizeof(m.view[0]));
    }
  }
  for (const Sync* p; in.get(p), p;) {
    Sync& y = const_cast<Sync&>(*p);
    y.gen = gen_;
    in.get(y.clock);
    get_vector(in, y.view);
  }
  for (const TagState* p; in.get(p), p;) {
    TagState& g = const_cast<TagState&>(*p);
    g.gen = gen_;
    in.get(g.write);
    in.get(g.read_mask);
    for (std::uint32_t m = g.read_mask; m; m &= m - 1) in.get(g.reads[std::countr_zero(m)]);
  }
  for (const WordBits* p; in.get(p), p;) {
    WordBits& w = const_cast<WordBits&>(*p);
    w.gen = gen_;
    in.get(w.bits);
  }
}

}  // namespace tagrace::checkers
