// Store-backed demand forecasting: forecasts every SKU's demand series (data/demand.h) in
// parallel with the pure forecast engine, backtests on a held-out tail beside the simple
// baselines, and writes the results as an artefact.
//
// There is no forecasts table in the Store interface: results go to
// <data>/forecasts/forecast-<level>-<data date>.json (model, params, data date, created time)
// and the server keeps its own in-memory cache (routes_forecast.cpp).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"
#include "common/status.h"
#include "domain/types.h"
#include "forecast/forecast.h"
#include "forecast/global_model.h"
#include "forecast/store_features.h"
#include "data/demand.h"
#include "data/snapshots.h"
#include "store/store.h"

namespace oiis::services {

struct BatchOptions {
  int horizon = 28;
  forecast::Method method = forecast::Method::kAuto;
  // 0 = the level's default: 7 daily; 1 weekly (52 needs > 2 years of weeks before ETS or MSTL
  // can fit it: auto then falls back to plain ETS, which backtested worse)
  int season_length = 0;
  bool intervals = true;
  int combine_top = 3;
  int threads = 0;  // 0 = all cores
  // Most recent periods the model sees; -1 = the level's default (daily 364, weekly all),
  // 0 = all. Daily models (m = 7) cannot use a yearly cycle, and auto's cost is linear in
  // the length: a year of days halves the batch time at no loss for weekly patterns.
  int max_history = -1;
  // Weekly only: divide each SKU by its category's yearly profile (from the category total's
  // last 52 weeks, smoothed), forecast, multiply back. A univariate model on two years of
  // one SKU cannot see Christmas coming; the category total carries it with far less noise.
  // (Synthetic world, A-class weekly, 13-week holdout: 1-WAPE 0.593 -> 0.685.)
  bool pooled_season = true;
  // kUnivariate: `method` per SKU. kGlobal: one gradient-boosted model over all SKUs
  // (forecast/global_model.h; weekly only; uses price/promo when the DemandSet has them).
  // kCombined: the mean of both forecasts (point and bounds).
  enum class Model { kUnivariate, kGlobal, kCombined };
  Model model = Model::kUnivariate;
  forecast::GlobalLearner global_learner = forecast::GlobalLearner::kGradientBoosting;
  int global_rounds = 150;
  forecast::GlobalLoss global_loss = forecast::GlobalLoss::kSquared;
  // The global model reads the price plan of the horizon (DemandOptions::plan_periods) as
  // known ahead; off: prices only up to the origin.
  bool price_plan = true;
};
// "auto", "gbm", "gbm+auto", "mlp", "mlp+theta": the method as the CLI and reports name it.
std::string batch_method_name(const BatchOptions& options);
// Parses those names; nullopt for an unknown one.
std::optional<BatchOptions> parse_batch_method(std::string_view name, BatchOptions options);
int default_season(DemandLevel level);
// The method a store forecast uses when none is named: weekly "gbm" (one global model over all
// SKUs), daily "auto". Chosen on validation windows cut from training data of the Online
// Retail year and of generated worlds (docs/evaluation.md "Store forecasts").
std::string default_store_method(DemandLevel level);
int default_max_history(DemandLevel level);

struct SkuForecast {
  Id product_id = 0;
  std::string sku;
  std::string location;  // the series' location code; empty = all locations
  Status status;         // the engine's error for this SKU (others still forecast)
  forecast::Forecast forecast;
  int censored_periods = 0;  // in the history the model saw
  bool stock_tracked = true;  // the series' DemandSeries::stock_tracked (a caveat when false)
};

struct BatchResult {
  DemandLevel level = DemandLevel::kDaily;
  int horizon = 0;
  std::string method;
  int max_history = 0;          // periods the models saw at most (0 = all)
  Date data_date = 0;           // last day of history
  Date first_forecast_day = 0;  // start of step 1
  Timestamp created_at = 0;
  double seconds = 0;              // wall time of the forecasting
  std::vector<SkuForecast> items;  // DemandSet order
};

// The model input of one series: values from `first`, cut `drop_tail` periods short, at most
// the last `max_history` of them (0 = all).
std::vector<double> model_input(const DemandSeries& s, int drop_tail = 0, int max_history = 0);
forecast::ForecastOptions engine_options(DemandLevel level, const BatchOptions& o);
using forecast::YearlyProfile;  // forecast/store_features.h
// Per category (DemandSet::series order), from periods [end - 52, end); empty profiles when
// the level is not weekly or there are fewer than 52 periods.
std::vector<YearlyProfile> category_profiles(const DemandSet& demand, int end);

// One SKU: the model input without its last `drop_tail` periods. A series with no usable
// history gets a zero forecast (model "Zero", note says why) instead of an error.
SkuForecast forecast_sku(const DemandSeries& s, const forecast::ForecastOptions& options,
                         int drop_tail = 0, int max_history = 0,
                         const YearlyProfile* profile = nullptr);
// options.max_history resolved against the level (never -1).
int history_limit(DemandLevel level, const BatchOptions& options);
// The global model's input: every series' values from `first` up to period `end` (NaN for
// censored and earlier periods), prices, promotions and clearance up to `end` (with
// `price_plan`, up to end + horizon where the DemandSet has them), category ids, and the
// calendar (week of year, Black Friday and Christmas weeks, weeks to Christmas) of
// [0, end + horizon). Weekly grids only.
forecast::Panel demand_panel(const DemandSet& demand, int end, int horizon, bool price_plan = true);
// Every SKU's forecast from the history without its last `drop_tail` periods, by the
// options' model.
std::vector<SkuForecast> forecast_skus(const DemandSet& demand, const BatchOptions& options,
                                       int drop_tail = 0, ProgressSink* progress = nullptr);
// Forecasts every series on `threads` workers (one SKU at a time each).
BatchResult forecast_demand(const DemandSet& demand, const BatchOptions& options,
                            ProgressSink* progress = nullptr);

nlohmann::json to_json(const SkuForecast& f, const DemandSet& demand, int horizon);
nlohmann::json to_json(const BatchResult& r, const DemandSet& demand);
// Writes <dir>/forecast-<level>-<data date>.json; returns the path.
Result<std::string> write_artefact(const BatchResult& r, const DemandSet& demand,
                                   const std::string& dir);

}  // namespace oiis::services
