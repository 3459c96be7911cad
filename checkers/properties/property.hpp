// The property seam (house style: Relacy's invariant()/after()): a property watches
// the facts the checker backend reports at each scheduling point and at the end of an
// execution, and calls engine::fail() with its category when an invariant breaks.
#pragma once

#include "model/state_buffer.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "checkers/engine/engine.hpp"
#include "model/page.hpp"
#include "model/primitives.hpp"

namespace tagrace::checkers {

/// Static facts about the run a property may need to word its findings.
struct PropertyContext {
  std::vector<std::string> thread_labels;  ///< "T0 (mm1: mprotect)" per thread id
  std::vector<const model::page*> pages;   ///< every page of the scenario's world
  /// Whether VM `vm_id` has kvm_has_mte (for stage-2 properties).
  std::vector<bool> vm_has_mte;
  std::string thread(engine::ThreadId t) const;
  std::string page_name(const model::page* pg) const;
};

struct TagStoreFact {
  const model::page* pg;
  unsigned granule;
  model::tag_t old_value;
  model::tag_t new_value;
  model::TagWrite why;
  engine::ThreadId tid;
  const char* fn;  ///< innermost kernel function, "?" when unknown
};

struct TagLoadFact {
  const model::page* pg;
  unsigned granule;
  model::tag_t value;
  model::TagRead why;
  engine::ThreadId tid;
  const char* fn;
};

class Property {
 public:
  virtual ~Property() = default;
  /// Category reported on violation ("tag-loss", "stale-exposure", ...).
  virtual const char* name() const = 0;
  virtual void on_execution_begin(const PropertyContext& ctx) { ctx_ = &ctx; }
  virtual void on_tag_store(const TagStoreFact& f) { (void)f; }
  virtual void on_tag_load(const TagLoadFact& f) { (void)f; }
  virtual void on_event(const model::Event& ev, engine::ThreadId tid, const char* fn) {
    (void)ev, (void)tid, (void)fn;
  }
  /// After every thread finished.
  virtual void at_end() {}
  /// State snapshots (model/state_buffer.hpp): append the per-execution state the
  /// property keeps, and read it back in the same order. Stateless properties keep the
  /// defaults.
  virtual void save_state(model::StateBuffer& out) const { (void)out; }
  virtual void restore_state(model::StateBuffer& in) { (void)in; }

  /// The hooks above a property overrides, so that the checker calls no empty one at
  /// every tag access (on_execution_begin() is always called). The default, all of
  /// them, is always right; a property that narrows it must list each hook it overrides.
  enum Hook : unsigned {
    kOnTagStore = 1,
    kOnTagLoad = 2,
    kOnEvent = 4,
    kAtEnd = 8,
    kState = 16,  ///< save_state() and restore_state()
    kAllHooks = 31
  };
  virtual unsigned hooks() const { return kAllHooks; }

 protected:
  [[noreturn]] void violation(const std::string& message) const;
  const PropertyContext* ctx_ = nullptr;
};

const char* tag_write_name(model::TagWrite w);
const char* tag_read_name(model::TagRead r);
std::string tag_value_name(model::tag_t t);

/// Factory for the built-in properties by name: tag-loss, stale-exposure, stage2-safety.
std::unique_ptr<Property> make_property(const std::string& name);
std::vector<std::string> builtin_property_names();

}  // namespace tagrace::checkers
