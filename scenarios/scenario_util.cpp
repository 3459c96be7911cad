// Scenario helpers (see scenario_util.hpp).
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {

using namespace model;

std::string label(const char* prefix, unsigned n, const char* suffix) {
  std::string s(prefix);
  s.append(std::to_string(n));
  s.append(suffix);
  return s;
}

ParamSpec granules_param() {
  return ParamSpec{"granules", "1", 1, 16, {}, "tag granule groups per page"};
}

void user_write_read_tags(Kernel& k, task_struct& t, unsigned long addr, tag_t val) {
  unsigned n = k.granules();
  for (unsigned g = 0; g < n; ++g)
    if (!user_tag_store(k, t, addr, g, val)) return;
  for (unsigned g = 0; g < n; ++g) {
    tag_t v = TAG_STALE;
    if (user_tag_load(k, t, addr, g, &v))
      k.p().check(tag_is_user(v), "user reads back a USER tag (not STALE, not re-initialised)");
  }
}

void guest_write_read_tags(Kernel& k, task_struct& t, kvm& vm, gfn_t gfn, tag_t val) {
  unsigned n = k.granules();
  for (unsigned g = 0; g < n; ++g)
    if (!guest_tag_store(k, t, vm, gfn, g, val)) return;
  for (unsigned g = 0; g < n; ++g) {
    tag_t v = TAG_STALE;
    if (guest_tag_load(k, t, vm, gfn, g, &v))
      k.p().check(tag_is_user(v), "guest reads back a USER tag (not STALE, not re-initialised)");
  }
}

void check_user_tags_at_end(Kernel& k, const page* pg, const char* what) {
  bool user = true;
  for (tag_t t : pg->tags) user = user && tag_is_user(t);
  k.p().check(user, what);
  if (k.strategy().name() != "no-flag")
    k.p().check(pg->flags & (1ul << PG_mte_tagged), "PG_mte_tagged is set at the end");
}

}  // namespace tagrace::scenarios::detail
