// Invariant (b) of kernel-model.md: no tag-exposing access sees tags that no init has
// written. Exposures: any tag read (user, guest, ptrace, ioctl, swap save, copy source)
// of a STALE granule; a tagged stage-1 pte or a Normal-WB stage-2 entry in an MTE VM
// becoming visible while the page's tags are STALE; and, at the end, PG_mte_tagged set
// on a page whose tags were never initialised (the flag set without an init, B6/B8).
#pragma once

#include "checkers/properties/property.hpp"

namespace tagrace::checkers {

class StaleExposureProperty : public Property {
 public:
  const char* name() const override { return "stale-exposure"; }
  unsigned hooks() const override { return kOnTagLoad | kOnEvent | kAtEnd; }
  void on_tag_load(const TagLoadFact& f) override;
  void on_event(const model::Event& ev, engine::ThreadId tid, const char* fn) override;
  void at_end() override;

 private:
  void check_mapping(const model::page* pg, engine::ThreadId tid, const char* fn,
                     const char* what);
};

}  // namespace tagrace::checkers
