// The one narrow seam between the simulated kernel and whatever runs it (house style:
// like loom's sync/ facade). Model code and strategies call only these primitives, with
// the kernel's names and orderings (Documentation/atomic_bitops.txt, memory-barriers.txt);
// the checker backend turns each into a scheduling point, the real backend into
// std::atomic_ref operations, so the code that is proved is the code that is measured.
#pragma once

#include <cstdint>

namespace tagrace::model {

struct page;

/// Abstract tag value of one 16-byte granule (or of a group of granules, see
/// page::nr_granules). USER(v) is tag_user(v).
using tag_t = std::uint16_t;
inline constexpr tag_t TAG_STALE = 0;  ///< left by the previous owner of the page
inline constexpr tag_t TAG_INIT = 1;   ///< cleared, restored or copied by an init
inline constexpr tag_t tag_user(unsigned v) { return static_cast<tag_t>(2 + v); }
inline constexpr bool tag_is_user(tag_t t) { return t >= 2; }

/// Why a tag granule is written: properties tell inits from user writes by this.
enum class TagWrite : std::uint8_t {
  InitClear,    ///< mte_clear_page_tags() / __GFP_ZEROTAGS / clear_page (no-flag)
  InitRestore,  ///< mte_restore_tags() from the swap tag store
  InitCopy,     ///< copy_highpage() destination, migration
  User,         ///< STG through a tagged user mapping
  Guest,        ///< the guest's STG through a cacheable stage-2 mapping
  CopyTagsIoctl,  ///< KVM_ARM_MTE_COPY_TAGS write: the one deliberate override
  Ptrace,       ///< PTRACE_POKEMTETAGS
};

/// Who reads a tag granule: every one of these exposes the tags, except KasanCheck (the
/// hardware's tag check of a kernel load through page_address(), which only compares).
enum class TagRead : std::uint8_t { User, Guest, Ptrace, CopyTagsIoctl, SwapSave, CopySource, Kernel, KasanCheck };

/// Semantic events with no memory effect: facts the properties need that are not
/// visible as single accesses. Emitted right after the store that made them true.
enum class EventKind : std::uint8_t {
  PageAlloc,        ///< a new allocation lifetime of `pg` begins (tags STALE unless no-flag)
  PageFree,         ///< the lifetime ends
  TaggedPteSet,     ///< a tagged stage-1 pte mapping `pg` became visible (arg: mm id)
  UntaggedPteSet,   ///< an untagged stage-1 pte mapping `pg` became visible
  Stage2Map,        ///< a stage-2 entry for `pg` became visible (arg: Stage2Attr, arg2: vm id)
  FaultRefused,     ///< user_mem_abort() returned -EFAULT (arg2: vm id)
  MemslotRefused,   ///< kvm_arch_prepare_memory_region() refused (arg2: vm id)
  SwapTagsSaved,    ///< mte_save_tags() stored pg's tags under swap entry `arg`
  SwapTagsFreed,    ///< the swap slot `arg` and its saved tags were freed
};

/// Stage-2 memory attribute (KVM_PGTABLE_PROT_*).
enum class Stage2Attr : std::uint8_t { NormalWB, NormalNC, Device };

struct Event {
  EventKind kind;
  const page* pg = nullptr;
  std::uint64_t arg = 0;
  std::uint64_t arg2 = 0;
};

/// Kernel spinlock_t (also used for the PTL, the page lock bit is a bit lock).
struct spinlock_t {
  unsigned int locked = 0;
  const char* name = "lock";
};

/// Reader-writer lock (mmap_lock, kvm->mmu_lock): count > 0 readers, -1 writer.
struct rw_semaphore {
  int count = 0;
  const char* name = "rwsem";
};

/// The primitives, each with the ordering the kernel gives it.
class Primitives {
 public:
  virtual ~Primitives() = default;

  // Bit operations on a flags word (page->flags, vma flags).
  virtual bool test_bit(unsigned nr, const unsigned long* addr) = 0;        ///< unordered
  virtual void set_bit(unsigned nr, unsigned long* addr) = 0;               ///< unordered
  virtual void clear_bit(unsigned nr, unsigned long* addr) = 0;             ///< unordered
  virtual bool test_and_set_bit(unsigned nr, unsigned long* addr) = 0;      ///< fully ordered
  virtual bool test_and_clear_bit(unsigned nr, unsigned long* addr) = 0;    ///< fully ordered
  /// smp_cond_load_acquire(addr, VAL & BIT(nr)): wait until the bit is set; acquire.
  virtual unsigned long cond_load_acquire_bit(unsigned nr, const unsigned long* addr) = 0;

  // Word accesses (ptes, sequence counts, vma fields).
  virtual unsigned long read_once(const unsigned long* addr) = 0;
  virtual void write_once(unsigned long* addr, unsigned long val) = 0;
  virtual unsigned long load_acquire(const unsigned long* addr) = 0;        ///< smp_load_acquire
  virtual void store_release(unsigned long* addr, unsigned long val) = 0;  ///< smp_store_release

  // Barriers.
  virtual void smp_mb() = 0;
  virtual void smp_wmb() = 0;
  virtual void smp_rmb() = 0;

  // Locks (acquire on lock, release on unlock).
  virtual void spin_lock(spinlock_t* lock) = 0;
  virtual void spin_unlock(spinlock_t* lock) = 0;
  virtual void down_read(rw_semaphore* sem) = 0;
  virtual void up_read(rw_semaphore* sem) = 0;
  virtual void down_write(rw_semaphore* sem) = 0;
  virtual void up_write(rw_semaphore* sem) = 0;
  /// lock_page()/unlock_page(): PG_locked bit lock on pg->flags.
  virtual void lock_page(page* pg) = 0;
  virtual void unlock_page(page* pg) = 0;

  // Tags: plain accesses to one granule (or granule group) of a page.
  virtual tag_t tag_load(const page* pg, unsigned granule, TagRead why) = 0;
  virtual void tag_store(page* pg, unsigned granule, tag_t val, TagWrite why) = 0;

  // Not scheduling points.
  virtual void event(const Event& ev) = 0;
  /// A scenario's or a path's own assertion ("user assertion" property).
  virtual void check(bool cond, const char* what) = 0;
  /// Kernel function entry/exit, so counterexamples name the function of each step.
  /// enter() returns the function it interrupts (nullptr: none, or not tracked), which
  /// leave() gets back: the chain of callers lives in the KernelFunction guards.
  virtual const char* enter(const char* fn) = 0;
  virtual void leave(const char* caller) = 0;
};

/// RAII marker for a kernel function: `KFUNC(p, "mte_sync_tags");`
class KernelFunction {
 public:
  KernelFunction(Primitives& p, const char* fn) : p_(p), caller_(p_.enter(fn)) {}
  ~KernelFunction() { p_.leave(caller_); }
  KernelFunction(const KernelFunction&) = delete;
  KernelFunction& operator=(const KernelFunction&) = delete;

 private:
  Primitives& p_;
  const char* caller_;
};

#define TAGRACE_KCAT2(a, b) a##b
#define TAGRACE_KCAT(a, b) TAGRACE_KCAT2(a, b)
#define KFUNC(prims, name) \
  ::tagrace::model::KernelFunction TAGRACE_KCAT(kfunc_, __LINE__)((prims), (name))

}  // namespace tagrace::model
