#include "anomaly/control_chart.h"

#include <algorithm>
#include <cmath>

namespace oiis::anomaly {
namespace {

double median_of(std::vector<double> v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// Mean and standard deviation of the baseline without its outliers (beyond 5 robust spreads of
// the median: a single injected delay), so that the charts' target is the in-control mean that
// CUSUM and EWMA assume, and the spread covers a skewed process's ordinary tail.
void set_baseline(std::span<const double> first, const ControlChartOptions& o, ChartResult& result) {
  const double median = median_of(std::vector<double>(first.begin(), first.end()));
  std::vector<double> deviation;
  for (double x : first) deviation.push_back(std::abs(x - median));
  const double robust = std::max(1.4826 * median_of(deviation), o.min_spread);
  double sum = 0, squares = 0, n = 0;
  for (double x : first)
    if (std::abs(x - median) <= 5 * robust) {
      sum += x;
      squares += x * x;
      n += 1;
    }
  result.level = sum / n;
  result.spread = std::max(std::sqrt(std::max(0.0, squares / n - result.level * result.level)), o.min_spread);
}

}  // namespace

Status validate(const ControlChartOptions& o) {
  if (o.baseline < 3) return invalid_argument("baseline must be at least 3", "baseline");
  if (!(o.min_spread > 0)) return invalid_argument("min_spread must be above 0", "min_spread");
  if (!(o.clip > 0)) return invalid_argument("clip must be above 0", "clip");
  if (!(o.ewma_lambda > 0 && o.ewma_lambda <= 1))
    return invalid_argument("ewma_lambda must be in (0, 1]", "ewma_lambda");
  if (!(o.ewma_limit > 0)) return invalid_argument("ewma_limit must be above 0", "ewma_limit");
  if (!(o.cusum_slack >= 0)) return invalid_argument("cusum_slack must not be negative", "cusum_slack");
  if (!(o.cusum_limit > 0)) return invalid_argument("cusum_limit must be above 0", "cusum_limit");
  return Status::ok();
}

ChartResult control_chart(std::span<const double> values, DriftSide side,
                          const ControlChartOptions& o) {
  ChartResult result;
  const std::size_t baseline = static_cast<std::size_t>(o.baseline);
  if (values.size() <= baseline) return result;
  set_baseline(values.first(baseline), o, result);
  // The EWMA of standardised values has variance lambda / (2 - lambda) once settled.
  const double ewma_bar = o.ewma_limit * std::sqrt(o.ewma_lambda / (2 - o.ewma_lambda));
  const double sign = side == DriftSide::kHigh ? 1.0 : -1.0;
  double ewma = 0, cusum = 0;
  for (std::size_t i = baseline; i < values.size(); ++i) {
    const double z = std::clamp(sign * (values[i] - result.level) / result.spread, -o.clip, o.clip);
    ewma = o.ewma_lambda * z + (1 - o.ewma_lambda) * ewma;
    cusum = std::max(0.0, cusum + z - o.cusum_slack);
    const bool ewma_alarm = ewma > ewma_bar, cusum_alarm = cusum > o.cusum_limit;
    if (!ewma_alarm && !cusum_alarm) continue;
    ChartAlarm alarm;
    alarm.index = i;
    alarm.chart = ewma_alarm && cusum_alarm ? "ewma+cusum" : ewma_alarm ? "ewma" : "cusum";
    alarm.statistic = cusum_alarm ? cusum : ewma;
    result.alarms.push_back(std::move(alarm));
    ewma = 0;
    cusum = 0;
  }
  return result;
}

}  // namespace oiis::anomaly
