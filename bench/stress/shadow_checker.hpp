// Shadow checks on real hardware: after each operation the worker acts as the user or
// guest of the page it got: it reads its own tag granule (TAG_STALE there is a stale
// exposure) and stores its own user tag, remembered in the shadow. At the end of a
// round every remembered tag must still be there; one that is not was lost to a late
// init (tag loss). Definitions follow checkers/properties (tag loss, stale exposure).
#pragma once

#include <cstdint>
#include <vector>

#include "model/page.hpp"
#include "model/primitives.hpp"

namespace tagrace::stress {

class ShadowChecker {
 public:
  /// Pages are identified by pfn - pfn_base; `granules` tag groups per page.
  void reset(std::uint64_t pfn_base, std::size_t npages, unsigned granules);

  /// Worker `w`'s user access to pg. Returns true when it saw a stale tag.
  bool user_access(model::Primitives& p, model::page* pg, unsigned w);

  /// Counts remembered user tags that are gone. Pages are checked in parallel (TBB).
  std::uint64_t count_losses(const std::vector<model::page*>& pages) const;

  unsigned granule_of(unsigned w) const { return w % granules_; }

 private:
  std::uint64_t pfn_base_ = 0;
  std::size_t npages_ = 0;
  unsigned granules_ = 1;
  /// expected user tag per (page, granule); 0 = none. Each worker writes only its own
  /// granule, so no two threads write one element; read after the round's barrier.
  std::vector<model::tag_t> expected_;
};

}  // namespace tagrace::stress
