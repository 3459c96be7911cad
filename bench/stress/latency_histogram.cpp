// LatencyHistogram (see latency_histogram.hpp). Values below 64 ns get exact buckets.
#include "bench/stress/latency_histogram.hpp"

#include <bit>

namespace tagrace::stress {

unsigned LatencyHistogram::index(std::uint64_t v) {
  if (v < 64) return static_cast<unsigned>(v);
  unsigned o = 63 - static_cast<unsigned>(std::countl_zero(v));  // >= 6
  unsigned sub = static_cast<unsigned>((v >> (o - 5)) & (kSub - 1));
  unsigned idx = 64 + (o - 6) * kSub + sub;
  return idx < kBuckets ? idx : kBuckets - 1;
}

std::uint64_t LatencyHistogram::lower_edge(unsigned idx) {
  if (idx < 64) return idx;
  unsigned o = (idx - 64) / kSub + 6, sub = (idx - 64) % kSub;
  return (1ull << o) | (static_cast<std::uint64_t>(sub) << (o - 5));
}

void LatencyHistogram::merge(const LatencyHistogram& o) {
  for (unsigned i = 0; i < kBuckets; ++i) counts_[i] += o.counts_[i];
  count_ += o.count_;
  sum_ += o.sum_;
}

double LatencyHistogram::percentile(double q) const {
  if (!count_) return 0;
  auto target = static_cast<std::uint64_t>(q * static_cast<double>(count_ - 1)) + 1;
  std::uint64_t acc = 0;
  for (unsigned i = 0; i < kBuckets; ++i) {
    acc += counts_[i];
    if (acc >= target) return static_cast<double>(lower_edge(i));
  }
  return static_cast<double>(lower_edge(kBuckets - 1));
}

std::vector<std::pair<double, double>> LatencyHistogram::cdf() const {
  std::vector<std::pair<double, double>> v;
  std::uint64_t acc = 0;
  for (unsigned i = 0; i < kBuckets; ++i) {
    if (!counts_[i]) continue;
    acc += counts_[i];
    v.emplace_back(static_cast<double>(lower_edge(i)), static_cast<double>(acc) / count_);
  }
  return v;
}

}  // namespace tagrace::stress
