// Store-backed demand forecasting: lays out per-SKU demand series (daily or weekly) from the
// store, marks stock-out periods as censored, forecasts every SKU in parallel with the pure
// forecast engine, backtests on a held-out tail, and writes the results as an artefact.
//
// Demand comes from the inventory snapshot (mlops/snapshots.h: units ordered per day, all
// order lines, summed over locations). Censoring comes from replaying the stock-movement
// ledger: a day that *closes* with on_hand <= 0 at any location either opened empty or sold
// out, so its recorded sales are only a lower bound on demand. Such days become NaN in the
// model input (the engine interpolates) instead of teaching the model zero demand.
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
#include "mlops/snapshots.h"
#include "store/store.h"

namespace oiis::mlops {

enum class DemandLevel { kDaily, kWeekly };
std::string_view level_name(DemandLevel level);
std::optional<DemandLevel> parse_level(std::string_view name);
int period_days(DemandLevel level);  // 1 or 7

// One SKU's demand on the level's period grid (at one location, or summed over all); every
// vector has DemandSet::periods entries (the price plan may run past them).
struct DemandSeries {
  Id product_id = 0;
  std::string sku;
  Id location_id = 0;    // DemandOptions::by_location: the stock location; 0 = all locations
  std::string location;  // that location's code; empty = all
  std::string key() const { return location.empty() ? sku : sku + "@" + location; }
  std::string category;
  bool active = true;
  std::vector<double> sales;    // recorded units (order lines, cancelled included)
  std::vector<double> revenue;  // money of not-cancelled, not-returned lines
  // What the model sees: sales, except censored periods. Daily: NaN. Weekly: the uncensored
  // days' units scaled up by the share of the category's demand those days carry, NaN when
  // the whole week was censored.
  std::vector<double> values;
  std::vector<std::uint8_t> censored;  // censored days inside each period (0..period length)
  // Only with DemandOptions::prices (else empty; periods + DemandOptions::plan_periods
  // long): the mean list price of each period, the
  // share of its days on promotion and the share in clearance, from the store's price-change
  // log (a "promotion" or "featured_promotion" change starts a promotion, "promotion_end" ends
  // it; a "markdown" starts clearance for good).
  std::vector<double> price, promo, clearance;
  int first = 0;  // first period with stock or sales: earlier ones predate the product
};

struct DemandSet {
  DemandLevel level = DemandLevel::kDaily;
  Date grid_start = 0;  // period p covers [grid_start + p*len, +len); the grid ends at end_day
  Date end_day = 0;     // exclusive; periods are whole (weekly drops leading partial days)
  int periods = 0;
  std::vector<DemandSeries> series;               // product id (then location id) order
  Date data_date() const { return end_day - 1; }  // last day of history
  Date period_start(int p) const { return grid_start + p * period_days(level); }
  std::ptrdiff_t find(std::string_view sku) const;  // index of the SKU's first series or -1
};

struct DemandOptions {
  DemandLevel level = DemandLevel::kDaily;
  std::optional<Date> as_of;  // history ends before this day (default: after the last order)
  bool censor_stockouts = true;
  bool prices = false;  // also lay out DemandSeries::price/promo (one price-history query per SKU)
  // With prices: also lay out the price plan of this many periods after the history - the
  // price log's changes dated after it (a promotion calendar; in a backtest, what happened),
  // else the last price and states carried on. The global model reads it as known ahead.
  int plan_periods = 0;
  // One series per product and location that ever held or sold it (sales, stock-outs and
  // censoring of that location alone), instead of one per product summed over locations.
  bool by_location = false;
};

// Reads the store (snapshot + movement ledger). kFailedPrecondition when there are no orders.
Result<DemandSet> build_demand(Store& store, const DemandOptions& options = {});
// The pure half: `closing_stock[slot][day]` is on_hand at the end of each snapshot day (empty
// = no censoring information).
// Of `options`, level, prices (fill DemandSeries::price/promo/clearance from s.price_changes,
// plan_periods past the history) and by_location count here.
DemandSet demand_from_snapshot(const InventorySnapshot& s,
                               const std::vector<std::vector<double>>& closing_stock,
                               const DemandOptions& options);
// on_hand at the end of every snapshot day per slot, from the movement ledger (forward sum).
Result<std::vector<std::vector<double>>> closing_stock(Store& store, const InventorySnapshot& s);

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
  // The global model reads the price plan of the horizon (DemandOptions::plan_periods) as
  // known ahead; off: prices only up to the origin.
  bool price_plan = true;
};
// "auto", "gbm", "gbm+auto", "mlp", "mlp+theta": the method as the CLI and reports name it.
std::string batch_method_name(const BatchOptions& options);
// Parses those names; nullopt for an unknown one.
std::optional<BatchOptions> parse_batch_method(std::string_view name, BatchOptions options);
int default_season(DemandLevel level);
int default_max_history(DemandLevel level);

struct SkuForecast {
  Id product_id = 0;
  std::string sku;
  std::string location;  // the series' location code; empty = all locations
  Status status;         // the engine's error for this SKU (others still forecast)
  forecast::Forecast forecast;
  int censored_periods = 0;  // in the history the model saw
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
// One SKU: the model input without its last `drop_tail` periods. A series with no usable
// history gets a zero forecast (model "Zero", note says why) instead of an error.
// Multiplicative index per period, repeating every `index.size()` periods from `anchor`.
struct YearlyProfile {
  int anchor = 0;
  std::vector<double> index;  // empty = 1 everywhere
  double at(int period) const;
};
// Per category (DemandSet::series order), from periods [end - 52, end); empty profiles when
// the level is not weekly or there are fewer than 52 periods.
std::vector<YearlyProfile> category_profiles(const DemandSet& demand, int end);

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
  std::vector<std::pair<std::string, long>> models;  // model family -> SKUs, most used first
  double seconds = 0;
};
struct BacktestOptions {
  int holdout = 13;
  double a_share = 0.8;
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
Result<BacktestReport> backtest(const DemandSet& demand, const BacktestOptions& options,
                                ProgressSink* progress = nullptr);
nlohmann::json to_json(const BacktestReport& r);

}  // namespace oiis::mlops
