// Invariant (c) of kernel-model.md, the part visible at stage-2 map time: in an MTE VM a
// Normal-cacheable stage-2 entry is created only for struct-page RAM that can hold tags.
// (Sanitisation before the mapping is checked by stale-exposure; the configuration-space
// policy checks of issue 6 build on this.)
#pragma once

#include "checkers/properties/property.hpp"

namespace tagrace::checkers {

class Stage2SafetyProperty : public Property {
 public:
  const char* name() const override { return "stage2-safety"; }
  unsigned hooks() const override { return kOnEvent; }
  void on_event(const model::Event& ev, engine::ThreadId tid, const char* fn) override;
};

}  // namespace tagrace::checkers
