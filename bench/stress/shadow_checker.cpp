// ShadowChecker (see shadow_checker.hpp).
#include "bench/stress/shadow_checker.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <atomic>
#include <functional>

namespace tagrace::stress {

void ShadowChecker::reset(std::uint64_t pfn_base, std::size_t npages, unsigned granules) {
  pfn_base_ = pfn_base;
  npages_ = npages;
  granules_ = granules ? granules : 1;
  expected_.assign(npages_ * granules_, 0);
}

bool ShadowChecker::user_access(model::Primitives& p, model::page* pg, unsigned w) {
  if (!pg || pg->pfn < pfn_base_ || pg->pfn - pfn_base_ >= npages_ || pg->nr_granules() == 0) return false;
  unsigned g = granule_of(w) % pg->nr_granules();
  bool stale = p.tag_load(pg, g, model::TagRead::User) == model::TAG_STALE;
  model::tag_t mine = model::tag_user(w);
  p.tag_store(pg, g, mine, model::TagWrite::User);
  expected_[(pg->pfn - pfn_base_) * granules_ + g] = mine;
  return stale;
}

std::uint64_t ShadowChecker::count_losses(const std::vector<model::page*>& pages) const {
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, pages.size(), 64), std::uint64_t{0},
      [&](const tbb::blocked_range<std::size_t>& r, std::uint64_t acc) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
          const model::page* pg = pages[i];
          if (pg->pfn < pfn_base_ || pg->pfn - pfn_base_ >= npages_) continue;
          const model::tag_t* exp = &expected_[(pg->pfn - pfn_base_) * granules_];
          for (unsigned g = 0; g < granules_ && g < pg->nr_granules(); ++g) {
            if (!exp[g]) continue;
            model::tag_t now = std::atomic_ref<model::tag_t>(const_cast<model::tag_t&>(pg->tags[g])).load(std::memory_order_relaxed);
            if (now != exp[g]) ++acc;
          }
        }
        return acc;
      },
      std::plus<std::uint64_t>());
}

}  // namespace tagrace::stress
