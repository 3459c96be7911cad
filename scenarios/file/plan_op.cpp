// compile_op() (see plan_op.hpp): the one place that reads an op's name and option
// words after parsing; the defaults here are the ones the interpreter applied before
// ops were compiled (pages 1, partial: every granule).
#include "scenarios/file/plan_op.hpp"

#include <stdexcept>

namespace tagrace::scenarios::file {

namespace {

struct OpName {
  const char* name;
  OpCode code;
};

constexpr OpName kOps[] = {
    {"memfd", OpCode::Memfd},
    {"page", OpCode::Page},
    {"zero_page", OpCode::ZeroPage},
    {"pagecache", OpCode::Pagecache},
    {"mm", OpCode::Mm},
    {"mmap", OpCode::Mmap},
    {"map", OpCode::Map},
    {"map_swap", OpCode::MapSwap},
    {"vm", OpCode::Vm},
    {"memslot", OpCode::Memslot},
    {"swap", OpCode::Swap},
    {"shmem_swapped", OpCode::ShmemSwapped},
    {"tags", OpCode::Tags},
    {"set_flag", OpCode::SetFlag},
    {"mprotect", OpCode::Mprotect},
    {"fault", OpCode::Fault},
    {"swap_in", OpCode::SwapIn},
    {"write_tags", OpCode::WriteTags},
    {"read_tags", OpCode::ReadTags},
    {"write_read_tags", OpCode::WriteReadTags},
    {"user_mem_abort", OpCode::UserMemAbort},
    {"guest_write_tags", OpCode::GuestWriteTags},
    {"guest_read_tags", OpCode::GuestReadTags},
    {"guest_write_read_tags", OpCode::GuestWriteReadTags},
    {"cow", OpCode::Cow},
    {"copy_highpage", OpCode::CopyHighpage},
    {"swap_out", OpCode::SwapOut},
    {"copy_tags_write", OpCode::CopyTagsWrite},
    {"copy_tags_read", OpCode::CopyTagsRead},
    {"remove_migration_pte", OpCode::RemoveMigrationPte},
    {"sanitise_mte_tags", OpCode::SanitiseMteTags},
    {"huge_zero_fault", OpCode::HugeZeroFault},
    {"thp_split", OpCode::ThpSplit},
    {"mmap_over", OpCode::MmapOver},
    {"munmap", OpCode::Munmap},
};

model::PageKind page_kind(const PlanOp& op) {
  using model::PageKind;
  if (op.opt.count("movable")) return PageKind::Movable;
  if (op.opt.count("fsdax")) return PageKind::DeviceFsDax;
  if (op.opt.count("devcoherent")) return PageKind::DeviceCoherent;
  if (op.opt.count("devprivate")) return PageKind::DevicePrivate;
  if (op.opt.count("pfnmap")) return PageKind::PfnMap;
  return PageKind::Normal;
}

}  // namespace

void compile_op(PlanOp& op) {
  op.code = OpCode::None;
  for (const OpName& o : kOps)
    if (op.op == o.name) op.code = o.code;
  if (op.code == OpCode::None)
    throw std::logic_error("scenario file: unknown command '" + op.op + "'");
  const auto has = [&op](const char* w) { return op.opt.count(w) != 0; };
  op.flags = 0;
  if (has("write")) op.flags |= kOpWrite;
  if (has("nothp")) op.flags |= kOpNoThp;
  if (has("migration")) op.flags |= kOpMigration;
  if (has("hugetlb")) op.flags |= kOpHugetlb;
  if (has("tags")) op.flags |= kOpTags;
  if (has("mte")) op.flags |= kOpMte;
  switch (op.code) {
    case OpCode::Page:
      op.page_kind = page_kind(op);
      break;
    case OpCode::Mmap:
      op.vm_flags = (has("shared") ? model::VM_SHARED : 0) | (has("mte") ? model::VM_MTE : 0) |
                    (has("uncached") ? model::VM_ALLOW_ANY_UNCACHED : 0);
      op.backing = has("memfd")    ? model::VmaBacking::Memfd
                   : has("pfnmap") ? model::VmaBacking::PfnMap
                                   : model::VmaBacking::Anon;
      if (op.backing == model::VmaBacking::Memfd)
        op.obj = static_cast<unsigned>(op.opt.at("memfd"));
      if (op.backing == model::VmaBacking::PfnMap)
        op.obj = static_cast<unsigned>(op.opt.at("pfnmap"));
      break;
    case OpCode::Mprotect:
    case OpCode::Munmap:
    case OpCode::SanitiseMteTags:
      op.count = has("pages") ? op.opt.at("pages") : 1;
      break;
    case OpCode::CopyTagsWrite:
      op.count = has("partial") ? op.opt.at("partial") : ~0u;
      break;
    default:
      break;
  }
}

}  // namespace tagrace::scenarios::file
