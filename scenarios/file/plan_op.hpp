// PlanOp: one init command or thread operation of a compiled scenario file, with its
// compiled form: an opcode and operands resolved from the option words once, when the
// plan is built, so the interpreter (file_scenario.cpp) runs an op with one switch and
// no string compare or map lookup in any execution (issue 2's executions/s target).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "model/mm.hpp"
#include "model/page.hpp"
#include "model/primitives.hpp"
#include "scenarios/file/ast.hpp"

namespace tagrace::scenarios::file {

/// A resolved tag value or tag expectation.
struct TagVal {
  TagExpr::Kind kind = TagExpr::AnyUser;
  model::tag_t value = 0;  ///< User: tag_user(n); Stale/Init: the constant
  bool matches(model::tag_t t) const;
  std::string text() const;
};

/// The commands of commands.cpp's tables, init commands first.
enum class OpCode : std::uint8_t {
  None,  ///< not compiled (compile_op() never leaves a known command here)
  // init
  Memfd,
  Page,
  ZeroPage,
  Pagecache,
  Mm,
  Mmap,
  Map,
  MapSwap,
  Vm,
  Memslot,
  Swap,
  ShmemSwapped,
  Tags,
  SetFlag,
  // thread operations
  Mprotect,
  Fault,
  SwapIn,
  WriteTags,
  ReadTags,
  WriteReadTags,
  UserMemAbort,
  GuestWriteTags,
  GuestReadTags,
  GuestWriteReadTags,
  Cow,
  CopyHighpage,
  SwapOut,
  CopyTagsWrite,
  CopyTagsRead,
  RemoveMigrationPte,
  SanitiseMteTags,
  HugeZeroFault,
  ThpSplit,
  MmapOver,
  Munmap,
};

/// Flag options of an op, as PlanOp::flags bits.
enum OpFlag : std::uint16_t {
  kOpWrite = 1u << 0,      ///< fault write, map write
  kOpNoThp = 1u << 1,      ///< user_mem_abort nothp
  kOpMigration = 1u << 2,  ///< map migration
  kOpHugetlb = 1u << 3,    ///< page hugetlb N
  kOpTags = 1u << 4,       ///< swap tags TAG
  kOpMte = 1u << 5,        ///< vm mte
};

/// One init command or thread operation with everything resolved.
struct PlanOp {
  std::string op;
  SrcLoc loc;
  std::int64_t n[5] = {};                   ///< integer arguments, in order
  unsigned ref[3] = {};                     ///< object indices of name arguments, in order
  TagVal tag;                               ///< the tag argument
  std::map<std::string, std::int64_t> opt;  ///< options: flag -> 1, int -> value, name -> index
  bool has_expect = false;
  TagVal expect;
  std::string message;  ///< assertion text, kept alive for Primitives::check()

  // Compiled by compile_op() from `op` and `opt`; the interpreter reads these instead.
  OpCode code = OpCode::None;
  std::uint16_t flags = 0;  ///< OpFlag bits
  /// mprotect, munmap, sanitise_mte_tags: `pages N` (1 if absent); copy_tags_write:
  /// `partial N` (~0u if absent).
  std::int64_t count = 1;
  unsigned obj = 0;                                     ///< mmap: memfd or pfnmap page index
  model::VmaBacking backing = model::VmaBacking::Anon;  ///< mmap
  unsigned long vm_flags = 0;                           ///< mmap: VM_SHARED, VM_MTE, ...
  model::PageKind page_kind = model::PageKind::Normal;  ///< page
};

/// Fills `op`'s compiled fields from its name and options; throws std::logic_error for
/// a command the tables of commands.cpp do not have (the parser rejects those first).
void compile_op(PlanOp& op);

}  // namespace tagrace::scenarios::file
