// Demand and volume anomalies in a stream, pure: each new value (a SKU's or the shop's sales per
// period, a metric) is compared with the values just before it — the mean of the last `smooth`
// values against the median of the `history` values before those, in robust standard deviations
// (1.4826 x their median absolute deviation). A spike, a drop, a level shift or a feed that
// stops all move the recent mean away from the recent median; the median and MAD keep one odd
// value from moving the reference. Two guards keep the alarms few: after an alarm the detector
// stays quiet for `cooldown` values (one incident, one alarm), and the spread has a floor
// relative to the level so that a flat series does not alarm on its first wiggle. With a
// `season` (values per day or per week), each value is first replaced by its change from one
// season before, so that the daily or weekly pattern is not an anomaly and a holiday, which
// breaks the pattern rather than the level, is.
#pragma once

#include <cstddef>
#include <deque>
#include <span>
#include <vector>

#include "common/status.h"

namespace oiis::anomaly {

struct StreamDetectorOptions {
  int history = 288;         // values in the reference (288 = one day of 5-minute values)
  int smooth = 1;            // recent values averaged before comparing (1 = the value itself)
  double threshold = 6.0;    // alarm beyond this robust z, either way
  int cooldown = 288;        // values after an alarm without another
  double min_relative_spread = 0.01;  // spread floor, as a share of |reference median| (+ 1e-9)
  int season = 0;            // values per season: compare changes from a season before (0 = off)
};
Status validate(const StreamDetectorOptions& o);

// One series, one value at a time. Not thread-safe; O(history) per value.
class StreamDetector {
 public:
  explicit StreamDetector(const StreamDetectorOptions& options);  // options must validate
  // The value's robust z (0 while the history, and the season, fill) — before the alarm guards.
  double score(double value);
  // score(), then whether it raises an alarm (beyond the threshold and not cooling down).
  bool observe(double value);

 private:
  StreamDetectorOptions options_;
  std::deque<double> reference_, recent_;
  std::deque<double> last_season_;  // the raw values of the last `season`
  std::vector<double> scratch_;
  int quiet_ = 0;
};

// Robust z of every value of `values` (a StreamDetector's score(), in order).
std::vector<double> stream_scores(std::span<const double> values, const StreamDetectorOptions& options);

// The alarms (indices) that `threshold` and `cooldown` raise on precomputed `scores` — the same
// as StreamDetector::observe, so a threshold sweep scores each series once.
std::vector<std::size_t> stream_alarms(std::span<const double> scores, double threshold, int cooldown);

}  // namespace oiis::anomaly
