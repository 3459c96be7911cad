// `tagrace project --topology STRING --workload NAME --strategy all`: the many-core
// projection with its validation against this machine (bench/projection). Registered
// through app/extra_commands.hpp; nothing to call from outside.
#pragma once

namespace tagrace::app {
/// Exit code of a projection whose validation error exceeds the 20% tolerance.
inline constexpr int kProjectionOutOfTolerance = 4;
/// Exit code when no point is outside but some are noisier than the tolerance.
inline constexpr int kProjectionUnresolved = 5;
/// Upper bound of --repetitions.
inline constexpr unsigned kMaxRepetitions = 100;
}  // namespace tagrace::app
