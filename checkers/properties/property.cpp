// Shared helpers of the property seam: naming of threads, pages, tag values and the
// factory of the built-in properties.
#include "checkers/properties/property.hpp"

#include <fmt/format.h>

#include "checkers/properties/stage2_safety_property.hpp"
#include "checkers/properties/stale_exposure_property.hpp"
#include "checkers/properties/tag_loss_property.hpp"

namespace tagrace::checkers {

std::string PropertyContext::thread(engine::ThreadId t) const {
  if (t < thread_labels.size()) return thread_labels[t];
  return fmt::format("T{}", t);
}

std::string PropertyContext::page_name(const model::page* pg) const {
  if (!pg) return "page ?";
  return fmt::format("page pfn {:#x}", pg->pfn);
}

void Property::violation(const std::string& message) const { engine::fail(name(), message); }

const char* tag_write_name(model::TagWrite w) {
  switch (w) {
    case model::TagWrite::InitClear: return "clear (init)";
    case model::TagWrite::InitRestore: return "restore (init)";
    case model::TagWrite::InitCopy: return "copy (init)";
    case model::TagWrite::User: return "user STG";
    case model::TagWrite::Guest: return "guest STG";
    case model::TagWrite::CopyTagsIoctl: return "KVM_ARM_MTE_COPY_TAGS write";
    case model::TagWrite::Ptrace: return "PTRACE_POKEMTETAGS";
  }
  return "?";
}

const char* tag_read_name(model::TagRead r) {
  switch (r) {
    case model::TagRead::User: return "user LDG";
    case model::TagRead::Guest: return "guest LDG";
    case model::TagRead::Ptrace: return "PTRACE_PEEKMTETAGS";
    case model::TagRead::CopyTagsIoctl: return "KVM_ARM_MTE_COPY_TAGS read";
    case model::TagRead::SwapSave: return "mte_save_tags";
    case model::TagRead::CopySource: return "copy source";
    case model::TagRead::Kernel: return "kernel read";
    case model::TagRead::KasanCheck: return "KASAN tag check";
  }
  return "?";
}

std::string tag_value_name(model::tag_t t) {
  if (t == model::TAG_STALE) return "STALE";
  if (t == model::TAG_INIT) return "INIT";
  return fmt::format("USER({})", t - 2);
}

std::vector<std::string> builtin_property_names() {
  return {"tag-loss", "stale-exposure", "stage2-safety"};
}

std::unique_ptr<Property> make_property(const std::string& name) {
  if (name == "tag-loss") return std::make_unique<TagLossProperty>();
  if (name == "stale-exposure") return std::make_unique<StaleExposureProperty>();
  if (name == "stage2-safety") return std::make_unique<Stage2SafetyProperty>();
  return nullptr;
}

}  // namespace tagrace::checkers
