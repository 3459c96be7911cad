// A log-linear latency histogram (32 sub-buckets per octave, ~3% resolution), cheap
// to record into from one thread and mergeable afterwards, in the spirit of HdrHistogram.
// Values are nanoseconds; percentiles return the lower edge of the bucket.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace tagrace::stress {

class LatencyHistogram {
 public:
  static constexpr unsigned kSub = 32;
  static constexpr unsigned kBuckets = 64 + 40 * kSub;

  void record(std::uint64_t ns) {
    ++counts_[index(ns)];
    ++count_;
    sum_ += ns;
  }
  void merge(const LatencyHistogram& o);
  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / count_ : 0; }
  /// q in [0, 1]; 0 when empty.
  double percentile(double q) const;
  /// (ns, cumulative fraction) at every non-empty bucket, for CDF plots.
  std::vector<std::pair<double, double>> cdf() const;

  static unsigned index(std::uint64_t v);
  static std::uint64_t lower_edge(unsigned idx);

 private:
  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0, sum_ = 0;
};

}  // namespace tagrace::stress
