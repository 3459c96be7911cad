// Text rendering of a kernel-terms trace (see trace.hpp).
#include "checkers/backend/trace.hpp"

#include <fmt/format.h>

namespace tagrace::checkers {

std::string format_trace(const Trace& t) {
  std::string out;
  std::size_t width = 4;
  for (const auto& l : t.thread_labels) width = std::max(width, l.size());
  std::size_t note = 0;
  auto flush_notes = [&](std::uint64_t upto) {
    while (note < t.notes.size() && t.notes[note].after_step <= upto) {
      const auto& n = t.notes[note++];
      std::string who = n.tid < t.thread_labels.size() ? t.thread_labels[n.tid] : "?";
      out += fmt::format("      {:<{}}   -- {}\n", who, width, n.text);
    }
  };
  for (const auto& s : t.steps) {
    std::string who = s.tid < t.thread_labels.size() ? t.thread_labels[s.tid] : "?";
    out += fmt::format("{:>4}{} {:<{}} {:<28} {}", s.step, s.preempted ? "*" : " ", who, width,
                       s.function + "()", s.op);
    if (!s.object.empty()) out += fmt::format(" on {}", s.object);
    if (!s.value.empty()) out += fmt::format(": {}", s.value);
    out += "\n";
    flush_notes(s.step);
  }
  flush_notes(UINT64_MAX);
  return out;
}

}  // namespace tagrace::checkers
