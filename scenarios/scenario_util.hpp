// Helpers shared by the built-in scenarios: the common `granules` parameter and the
// tag traffic every scenario ends with (a user or guest writes its own USER value to
// every granule, then reads them back and asserts it sees a USER value, never STALE
// or an INIT that wiped a write).
#pragma once

#include <string>

#include "model/model.hpp"
#include "scenarios/scenario.hpp"

namespace tagrace::scenarios::detail {

/// `granules`: tag granule groups per page (default 1, range 1..16).
model::ParamSpec granules_param();

/// Through t's mapping at addr: STG val to every granule, then LDG them back.
void user_write_read_tags(model::Kernel& k, model::task_struct& t, unsigned long addr,
                          model::tag_t val);
/// Through vm's stage-2 at gfn (faulting with user_mem_abort() first).
void guest_write_read_tags(model::Kernel& k, model::task_struct& t, model::kvm& vm,
                           model::gfn_t gfn, model::tag_t val);
/// Final state of a page a correct strategy initialised and users then wrote: every
/// granule holds a USER value, and the flag is set (for strategies that have one).
void check_user_tags_at_end(model::Kernel& k, const model::page* pg, const char* what);

/// prefix + n + suffix ("mm" 2 " (fault)"), for thread names and contexts.
std::string label(const char* prefix, unsigned n, const char* suffix = "");

/// The registration of each built-in scenario (one line each in registry.cpp).
std::shared_ptr<const Scenario> make_shared_mprotect_vs_fault();
std::shared_ptr<const Scenario> make_vmm_abort_vs_fault();
std::shared_ptr<const Scenario> make_thp_abort_vs_fault();
std::shared_ptr<const Scenario> make_cow_vs_mprotect();
std::shared_ptr<const Scenario> make_swap_in_shared();
std::shared_ptr<const Scenario> make_vcpus_same_page();
std::shared_ptr<const Scenario> make_copy_tags_vs_fault();
std::shared_ptr<const Scenario> make_disjoint_faults();
std::shared_ptr<const Scenario> make_mmap_over_slot_vs_fault();

}  // namespace tagrace::scenarios::detail
