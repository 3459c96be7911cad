// Run-length schedule encoding "0*5.1*3.0*2" (value*count runs joined by '.'), short
// enough to paste into a replay command (prior-art lesson: replays must be cheap).
// decode_schedule() validates everything and never allocates more than a fixed cap.
#include <charconv>
#include <cstdint>

#include "checkers/engine/engine.hpp"

namespace tagrace::engine {

namespace {
/// Longest schedule decode_schedule() accepts (guards against "0*99999999999").
constexpr std::uint64_t kMaxDecoded = std::uint64_t{1} << 26;
}  // namespace

std::string encode_schedule(const std::vector<ThreadId>& schedule) {
  std::string out;
  for (std::size_t i = 0; i < schedule.size();) {
    std::size_t j = i;
    while (j < schedule.size() && schedule[j] == schedule[i]) ++j;
    if (!out.empty()) out += '.';
    out += std::to_string(schedule[i]);
    out += '*';
    out += std::to_string(j - i);
    i = j;
  }
  return out;
}

std::optional<std::vector<ThreadId>> decode_schedule(const std::string& text) {
  std::vector<ThreadId> out;
  if (text.empty()) return out;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (true) {
    std::uint32_t value = 0;
    auto [after_value, ec1] = std::from_chars(p, end, value);
    if (ec1 != std::errc{} || after_value == p) return std::nullopt;
    p = after_value;
    std::uint64_t count = 1;
    if (p != end && *p == '*') {
      ++p;
      auto [after_count, ec2] = std::from_chars(p, end, count);
      if (ec2 != std::errc{} || after_count == p || count == 0) return std::nullopt;
      p = after_count;
    }
    if (count > kMaxDecoded - out.size()) return std::nullopt;
    out.insert(out.end(), count, value);
    if (p == end) return out;
    if (*p != '.') return std::nullopt;
    ++p;
    if (p == end) return std::nullopt;  // trailing '.'
  }
}

}  // namespace tagrace::engine
