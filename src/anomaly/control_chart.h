// Control charts for a drifting process, pure: EWMA and CUSUM (Page 1954; Roberts 1959) on a
// sequence of observations in time order (a supplier's lead times or fill rates, delivery by
// delivery). The in-control level and spread come from the first `baseline` observations (median
// and 1.4826 x MAD, so one late delivery there does not set the bar); each later observation is
// standardised, clipped at `clip` (one wild value cannot alarm alone: a drift is a run of bad
// values, a single late order is anomaly::sequence_outliers' job) and fed to both charts. After an
// alarm both charts restart, so a drift that persists alarms again.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"

namespace oiis::anomaly {

enum class DriftSide { kHigh, kLow };  // which way is bad: lead times up, fill rates down

struct ControlChartOptions {
  int baseline = 30;          // observations the in-control level and spread come from
  double min_spread = 0.05;   // floor of the spread, in the observations' unit
  double clip = 4.0;          // standardised values clipped to +-clip
  double ewma_lambda = 0.2;   // weight of the newest value in the EWMA
  double ewma_limit = 3.0;    // alarm beyond this many of the EWMA's asymptotic standard deviations
  double cusum_slack = 0.5;   // k: drift smaller than this (in spreads) is ignored
  double cusum_limit = 4.0;   // h: alarm when the CUSUM exceeds this (in spreads)
};
Status validate(const ControlChartOptions& o);

struct ChartAlarm {
  std::size_t index = 0;   // into the observations
  std::string chart;       // "ewma" or "cusum" ("ewma+cusum" when both alarm at once)
  double statistic = 0;    // the chart's value at the alarm, in spreads
};

struct ChartResult {
  double level = 0, spread = 0;   // in-control median and robust spread (baseline)
  std::vector<ChartAlarm> alarms;  // in index order; none within the baseline
};

// Alarms on `values` (time order) for a drift toward `side`. Fewer values than
// options.baseline + 1: no alarms. `options` must validate.
ChartResult control_chart(std::span<const double> values, DriftSide side,
                          const ControlChartOptions& options = {});

}  // namespace oiis::anomaly
