// Backtests of the store's demand forecasts: hold out the last periods, forecast them with the
// batch's model and with the simple baselines a planner would otherwise use (last period, the
// mean of the last 4 and 8), and score all of them on the same points.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/forecast_batch.h"

namespace oiis::services {

// ---- backtest: hold out the last `holdout` periods, forecast them, score.
struct Accuracy {
  long series = 0, points = 0;
  double actual_units = 0;
  double forecast_units = 0;  // sum of point forecasts over the same points (bias = ratio)
  double wape = 0;            // pooled: sum |e| / sum |actual|
  double mase = 0;            // mean over series (scaled by in-sample naive, m = 1 weekly, 7 daily)
  double coverage80 = 0;      // share of actual points inside the interval
  double coverage95 = 0;
};
struct BacktestReport {
  DemandLevel level = DemandLevel::kWeekly;
  int holdout = 0;
  Date holdout_start = 0;
  std::string method;
  // All SKUs and A-class ones (ABC by training-window revenue, top 80%); "uncensored" scores
  // only holdout periods without stock-out days (recorded sales there are true demand).
  Accuracy all, a_class, all_uncensored, a_class_uncensored;
  // Against true demand (recorded sales + lost units) when BacktestOptions::lost_units is
  // given; series = 0 otherwise.
  Accuracy all_true, a_class_true;
  // The BacktestOptions::top series by training-window revenue (what a planner looks at).
  int top_n = 0;
  Accuracy top;
  // The same points forecast by the simple rules a planner would otherwise use (baselines()).
  struct Baseline {
    std::string name;
    Accuracy all, a_class, top;
  };
  std::vector<Baseline> baselines;
  std::vector<std::pair<std::string, long>> models;  // model family -> SKUs, most used first
  std::vector<std::string> caveats;                  // demand_caveats() of the data
  double seconds = 0;
};
struct BacktestOptions {
  int holdout = 13;
  double a_share = 0.8;
  int top = 100;  // size of the top-by-revenue group
  BatchOptions batch;  // horizon is replaced by holdout
  // Ground truth for scoring only (the models never see it): units lost to stock-outs per
  // series (DemandSet order) and period; empty = no true-demand scores.
  std::vector<std::vector<double>> lost_units;
};

// Units a simulator recorded as lost (demand that met an empty shelf) on one day.
struct LostSales {
  Id product_id = 0;
  Date date = 0;
  double units = 0;
  Id location_id = 0;  // 0 when the file has no location_id column
};
// Reads the generator's ground-truth stockouts.csv (docs/synthetic-data.md).
Result<std::vector<LostSales>> read_lost_sales(const std::string& path);
// Lost units per series and period of the demand grid (by product, and by location too when
// the series are per location); days off the grid are ignored.
std::vector<std::vector<double>> lost_on_grid(const DemandSet& demand,
                                              const std::vector<LostSales>& lost);
// The baselines of a level: the last period ("naive") and the means of the last k periods
// (weekly 4 and 8; daily 28 and 56), over the model input (censored periods skipped).
struct BaselineRule {
  std::string name;
  int window = 1;  // periods averaged; 1 = the last one
};
std::vector<BaselineRule> baselines(DemandLevel level);
// A baseline's flat forecast of `horizon` periods from `history` (NaN = censored, skipped);
// zero when no period is known.
std::vector<double> baseline_forecast(std::span<const double> history, const BaselineRule& rule,
                                      int horizon);

Result<BacktestReport> backtest(const DemandSet& demand, const BacktestOptions& options,
                                ProgressSink* progress = nullptr);
nlohmann::json to_json(const BacktestReport& r);

}  // namespace oiis::services
