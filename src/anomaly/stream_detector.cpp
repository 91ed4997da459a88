#include "anomaly/stream_detector.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace oiis::anomaly {
namespace {

double median_in_place(std::vector<double>& v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

}  // namespace

Status validate(const StreamDetectorOptions& o) {
  if (o.history < 3) return invalid_argument("history must be at least 3", "history");
  if (o.smooth < 1) return invalid_argument("smooth must be at least 1", "smooth");
  if (!(o.threshold > 0)) return invalid_argument("threshold must be above 0", "threshold");
  if (o.cooldown < 0) return invalid_argument("cooldown must not be negative", "cooldown");
  if (o.season < 0) return invalid_argument("season must not be negative", "season");
  if (!(o.min_relative_spread >= 0))
    return invalid_argument("min_relative_spread must not be negative", "min_relative_spread");
  return Status::ok();
}

StreamDetector::StreamDetector(const StreamDetectorOptions& options) : options_(options) {}

double StreamDetector::score(double value) {
  if (options_.season > 0) {
    last_season_.push_back(value);
    if (last_season_.size() <= static_cast<std::size_t>(options_.season)) return 0;
    value -= last_season_.front();
    last_season_.pop_front();
  }
  recent_.push_back(value);
  if (recent_.size() > static_cast<std::size_t>(options_.smooth)) {
    // The oldest recent value joins the reference once newer ones replace it.
    reference_.push_back(recent_.front());
    recent_.pop_front();
    if (reference_.size() > static_cast<std::size_t>(options_.history)) reference_.pop_front();
  }
  if (reference_.size() < static_cast<std::size_t>(options_.history)) return 0;
  scratch_.assign(reference_.begin(), reference_.end());
  const double median = median_in_place(scratch_);
  for (double& x : scratch_) x = std::abs(x - median);
  const double spread = std::max(1.4826 * median_in_place(scratch_),
                                 options_.min_relative_spread * std::abs(median) + 1e-9);
  const double recent_mean =
      std::accumulate(recent_.begin(), recent_.end(), 0.0) / static_cast<double>(recent_.size());
  return (recent_mean - median) / spread;
}

bool StreamDetector::observe(double value) {
  const double z = score(value);
  if (quiet_ > 0) {
    --quiet_;
    return false;
  }
  if (std::abs(z) <= options_.threshold) return false;
  quiet_ = options_.cooldown;
  return true;
}

std::vector<double> stream_scores(std::span<const double> values, const StreamDetectorOptions& options) {
  StreamDetector detector(options);
  std::vector<double> scores;
  scores.reserve(values.size());
  for (double v : values) scores.push_back(detector.score(v));
  return scores;
}

std::vector<std::size_t> stream_alarms(std::span<const double> scores, double threshold, int cooldown) {
  std::vector<std::size_t> alarms;
  int quiet = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (quiet > 0) {
      --quiet;
      continue;
    }
    if (std::abs(scores[i]) <= threshold) continue;
    alarms.push_back(i);
    quiet = cooldown;
  }
  return alarms;
}

}  // namespace oiis::anomaly
