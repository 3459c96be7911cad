// Invariant (a) of kernel-model.md: within one allocation lifetime of a page at most
// one init of its tags happens, and no init overwrites a tag value written by a user,
// the guest, ptrace or the copy-tags ioctl. KVM_ARM_MTE_COPY_TAGS is the one deliberate
// override and is not an init.
#pragma once

#include "checkers/properties/granule_state.hpp"
#include "checkers/properties/property.hpp"

namespace tagrace::checkers {

class TagLossProperty : public Property {
 public:
  const char* name() const override { return "tag-loss"; }
  unsigned hooks() const override { return kOnTagStore | kOnEvent | kState; }
  void on_execution_begin(const PropertyContext& ctx) override;
  void on_tag_store(const TagStoreFact& f) override;
  void on_event(const model::Event& ev, engine::ThreadId tid, const char* fn) override;
  void save_state(model::StateBuffer& out) const override { table_.save_state(out); }
  void restore_state(model::StateBuffer& in) override { table_.restore_state(in); }

 private:
  struct State {
    std::uint16_t inits = 0;
    engine::ThreadId init_tid = 0;
    const char* init_fn = nullptr;
    engine::ThreadId writer_tid = 0;  ///< last non-init writer
    const char* writer_fn = nullptr;
  };
  detail::GranuleTable<State> table_;
};

}  // namespace tagrace::checkers
