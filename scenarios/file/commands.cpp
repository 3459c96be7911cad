// The command table (see commands.hpp). Names follow the kernel paths they call.
#include "scenarios/file/commands.hpp"

namespace tagrace::scenarios::file {

const std::vector<CmdSpec>& init_commands() {
  static const std::vector<CmdSpec> t = {
      {"memfd", "ni", {}, "memfd NAME NPAGES"},
      {"page", "n",
       {{"normal", '-'}, {"movable", '-'}, {"fsdax", '-'}, {"devcoherent", '-'}, {"devprivate", '-'},
        {"pfnmap", '-'}, {"thp", 'i'}, {"hugetlb", 'i'}},
       "page NAME [normal|movable|fsdax|devcoherent|devprivate|pfnmap] [thp N|hugetlb N]"},
      {"zero_page", "n", {{"huge", 'i'}}, "zero_page NAME [huge N]"},
      {"pagecache", "nin", {}, "pagecache MEMFD INDEX PAGE"},
      {"mm", "n", {}, "mm NAME"},
      {"mmap", "nii",
       {{"anon", '-'}, {"memfd", 'n'}, {"pgoff", 'i'}, {"pfnmap", 'n'}, {"shared", '-'}, {"mte", '-'},
        {"uncached", '-'}},
       "mmap MM ADDR NPAGES [anon|memfd F [pgoff N]|pfnmap PAGE] [shared] [mte] [uncached]"},
      {"map", "nin", {{"write", '-'}, {"migration", '-'}}, "map MM ADDR PAGE [write] [migration]"},
      {"map_swap", "nin", {}, "map_swap MM ADDR SWAP"},
      {"vm", "n", {{"mte", '-'}, {"gfns", 'i'}}, "vm NAME [mte] [gfns N]"},
      {"memslot", "ninii", {}, "memslot VM GFN MM HVA NPAGES"},
      {"swap", "n", {{"tags", 't'}}, "swap NAME [tags TAG]"},
      {"shmem_swapped", "nin", {}, "shmem_swapped MEMFD INDEX SWAP"},
      {"tags", "nt", {}, "tags PAGE TAG"},
      {"set_flag", "nn", {}, "set_flag PAGE PG_mte_tagged|PG_mte_lock"},
  };
  return t;
}

const std::vector<CmdSpec>& thread_commands() {
  static const std::vector<CmdSpec> t = {
      {"mprotect", "i", {{"pages", 'i'}}, "mprotect ADDR [pages N]"},
      {"fault", "i", {{"write", '-'}}, "fault ADDR [write]"},
      {"write_tags", "it", {}, "write_tags ADDR TAG"},
      {"read_tags", "i", {{"expect", 't'}}, "read_tags ADDR [expect TAG]"},
      {"write_read_tags", "it", {}, "write_read_tags ADDR TAG"},
      {"user_mem_abort", "i", {{"nothp", '-'}}, "user_mem_abort GFN [nothp]"},
      {"guest_write_tags", "it", {}, "guest_write_tags GFN TAG"},
      {"guest_read_tags", "i", {{"expect", 't'}}, "guest_read_tags GFN [expect TAG]"},
      {"guest_write_read_tags", "it", {}, "guest_write_read_tags GFN TAG"},
      {"cow", "i", {}, "cow ADDR"},
      {"copy_highpage", "nn", {}, "copy_highpage TO FROM"},
      {"swap_out", "i", {}, "swap_out ADDR"},
      {"swap_in", "i", {}, "swap_in ADDR"},
      {"copy_tags_write", "it", {{"partial", 'i'}}, "copy_tags_write GFN TAG [partial N]"},
      {"copy_tags_read", "i", {{"expect", 't'}}, "copy_tags_read GFN [expect TAG]"},
      {"remove_migration_pte", "i", {}, "remove_migration_pte ADDR"},
      {"sanitise_mte_tags", "n", {{"pages", 'i'}}, "sanitise_mte_tags PAGE [pages N]"},
      {"huge_zero_fault", "i", {}, "huge_zero_fault ADDR"},
      {"thp_split", "i", {}, "thp_split ADDR"},
      {"munmap", "i", {{"pages", 'i'}}, "munmap ADDR [pages N]"},
      {"mmap_over", "i", {}, "mmap_over ADDR (MAP_FIXED|MAP_SHARED file mapping, no VM_MTE_ALLOWED)"},
  };
  return t;
}

const std::vector<OptSpec>& thread_options() {
  static const std::vector<OptSpec> t = {{"mm", 'n'}, {"vm", 'n'}, {"vcpu", 'i'}, {"spare", 'i'}};
  return t;
}

const CmdSpec* find_command(const std::vector<CmdSpec>& table, const std::string& name) {
  for (const auto& c : table)
    if (name == c.name) return &c;
  return nullptr;
}

std::string command_names(const std::vector<CmdSpec>& table) {
  std::string s;
  for (const auto& c : table) {
    if (!s.empty()) s += ", ";
    s += c.name;
  }
  return s;
}

}  // namespace tagrace::scenarios::file
