// KVM_ARM_MTE_COPY_TAGS (arch/arm64/kvm/guest.c kvm_vm_ioctl_mte_copy_tags(), v6.2):
// read copies the tags out if the page is tagged, else zeros; write orders itself
// after any init in flight (try_page_mte_tagging()), copies, clears on a partial copy
// (B9: cleared the wrong address) and sets the flag.
#pragma once

#include <cerrno>

#include "model/kernel.hpp"

namespace tagrace::model {

/// One guest page of the ioctl. `buf` holds nr_granules() tags. For a write,
/// `copied` granules succeed (copy_from_user), the rest fault (partial copy).
/// Returns 0, -EINVAL (no MTE), or -EFAULT (no page).
int kvm_vm_ioctl_mte_copy_tags(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn, tag_t* buf,
                               bool write, unsigned copied = ~0u);

}  // namespace tagrace::model
