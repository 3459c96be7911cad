// KVM_ARM_MTE_COPY_TAGS (see kvm_copy_tags.hpp). The write is the one deliberate
// override: TagWrite::CopyTagsIoctl between begin/end_tags_override.
#include "model/paths/kvm_copy_tags.hpp"

#include "model/paths/fault.hpp"
#include "model/paths/mprotect.hpp"
#include "model/paths/tag_ops.hpp"

namespace tagrace::model {

int kvm_vm_ioctl_mte_copy_tags(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn, tag_t* buf,
                               bool write, unsigned copied) {
  Primitives& p = k.p();
  KFUNC(p, "kvm_vm_ioctl_mte_copy_tags");
  if (!kvm_has_mte(vm)) return -EINVAL;
  const kvm_memory_slot* slot = vm.gfn_to_memslot(gfn);
  if (!slot) return -EFAULT;
  page* pg = get_user_page(k, t, *slot->mm, slot->userspace_addr + (gfn - slot->base_gfn), write);
  if (!pg || pg->kind == PageKind::PfnMap) return -EFAULT;
  StrategyCtx c = k.ctx(t, vm.id);
  unsigned n = pg->nr_granules();
  if (!write) {
    if (k.strategy().page_tags_valid(c, pg)) {
      for (unsigned g = 0; g < n; ++g) buf[g] = p.tag_load(pg, g, TagRead::CopyTagsIoctl);
    } else {
      for (unsigned g = 0; g < n; ++g) buf[g] = 0;  // untagged: report zeros
    }
    return 0;
  }
  k.strategy().begin_tags_override(c, pg);
  for (unsigned g = 0; g < n && g < copied; ++g) p.tag_store(pg, g, buf[g], TagWrite::CopyTagsIoctl);
  if (copied < n && !k.cfg().b9_copy_tags_clear_wrong_addr)
    mte_clear_page_tags(p, pg);  // uaccess failed: don't leave stale tags
  k.strategy().end_tags_override(c, pg);
  return 0;
}

}  // namespace tagrace::model
